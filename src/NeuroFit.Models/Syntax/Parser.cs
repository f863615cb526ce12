using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Syntax;

/// <summary>
/// Recursive-descent parser for one statement (tokens without line breaks, ending with an End token).
/// Python precedence: conditional &lt; or &lt; and &lt; not &lt; comparison &lt; + - &lt; * / % &lt; unary minus &lt; power.
/// Stops at the first error of the statement and reports it; never throws to its caller.
/// </summary>
internal sealed class Parser
{
    /// <summary>Deepest expression tree accepted: keeps every later recursive pass far from the stack limit.</summary>
    public const int MaxDepth = 100;

    private readonly IReadOnlyList<Token> _tokens;
    private readonly SourceBlock _block;
    private int _position;
    private int _recursion;

    private Parser(IReadOnlyList<Token> tokens, SourceBlock block)
    {
        _tokens = tokens;
        _block = block;
    }

    private Token Current => _tokens[_position];

    private Token Peek(int offset) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    /// <summary>Parses a statement; returns null and reports into <paramref name="bag"/> on the first error.</summary>
    public static StatementSyntax? ParseStatement(IReadOnlyList<Token> tokens, SourceBlock block, bool requireAssignment, DiagnosticBag bag)
    {
        var parser = new Parser(tokens, block);
        try
        {
            return parser.Statement(requireAssignment);
        }
        catch (ParseError error)
        {
            bag.Error(block, error.Offset, error.Id, error.Message);
            return null;
        }
    }

    /// <summary>Parses a standalone expression (used by tests and the printer round trip).</summary>
    public static ExpressionSyntax? ParseExpression(string text, DiagnosticBag bag)
    {
        var block = new SourceBlock("expression", text);
        var tokens = Lexer.Tokenize(text).Where(t => t.Kind != TokenKind.Newline).ToList();
        var parser = new Parser(tokens, block);
        try
        {
            var bad = tokens.FirstOrDefault(t => t.Kind == TokenKind.Bad);
            if (bad is not null) throw BadCharacter(bad);
            var expression = parser.Expression();
            parser.ExpectEnd();
            return expression;
        }
        catch (ParseError error)
        {
            bag.Error(block, error.Offset, error.Id, error.Message);
            return null;
        }
    }

    private StatementSyntax Statement(bool requireAssignment)
    {
        var first = Current;
        var left = Expression();
        AssignmentKind? assignment = null;
        var assignmentSpan = default(TextSpan);
        ExpressionSyntax? right = null;
        if (Current.IsAssignment)
        {
            var op = Advance();
            assignment = op.Kind switch
            {
                TokenKind.PlusAssign => AssignmentKind.AddAssign,
                TokenKind.MinusAssign => AssignmentKind.SubtractAssign,
                TokenKind.StarAssign => AssignmentKind.MultiplyAssign,
                TokenKind.SlashAssign => AssignmentKind.DivideAssign,
                _ => AssignmentKind.Assign,
            };
            assignmentSpan = op.Span;
            right = Expression();
            if (Current.IsAssignment)
                throw Error(Current, DiagnosticIds.TwoAssignments,
                    $"a second assignment operator {Current.Display} in one statement; write one assignment per line or separate statements with ';'");
        }
        else if (requireAssignment && Current.Kind != TokenKind.Colon)
        {
            throw Error(first, DiagnosticIds.ExpectedAssignment, _block.Name == "parameters"
                ? "expected a parameter declaration such as 'tau = 10.0' (or 'tau : population' for the value 0)"
                : "expected an assignment such as 'x = expr', 'x += expr' or an ODE 'dx/dt = expr'");
        }

        var flags = ImmutableArray<FlagSyntax>.Empty;
        if (Current.Kind == TokenKind.Colon)
        {
            Advance();
            flags = Flags();
        }
        ExpectEnd();
        var end = _tokens[Math.Max(0, _position - 1)].Span.End;
        return new StatementSyntax(TextSpan.FromBounds(first.Span.Start, end), left, assignment, assignmentSpan, right, flags);
    }

    private ImmutableArray<FlagSyntax> Flags()
    {
        var flags = ImmutableArray.CreateBuilder<FlagSyntax>();
        while (true)
        {
            var nameToken = Current;
            if (nameToken.Kind != TokenKind.Identifier)
                throw Error(nameToken, DiagnosticIds.MalformedFlag,
                    $"expected a flag name after ':' or ',' but found {nameToken.Display} (flags: init=, min=, max=, population, a method such as exponential, or a type)");
            Advance();
            var name = nameToken.Text;
            var end = nameToken.Span.End;
            // runge-kutta4 and event-driven are written with a hyphen.
            while (Current.Kind == TokenKind.Minus && Current.Span.Start == end
                   && Peek(1).Kind == TokenKind.Identifier && Peek(1).Span.Start == Current.Span.End)
            {
                Advance();
                var part = Advance();
                name += "-" + part.Text;
                end = part.Span.End;
            }
            ExpressionSyntax? value = null;
            if (Current.Kind == TokenKind.Assign)
            {
                Advance();
                value = Expression();
                end = value.Span.End;
            }
            flags.Add(new FlagSyntax(TextSpan.FromBounds(nameToken.Span.Start, end), name, TextSpan.FromBounds(nameToken.Span.Start, nameToken.Span.Start + name.Length), value));
            if (Current.Kind != TokenKind.Comma) break;
            Advance();
        }
        return flags.ToImmutable();
    }

    private void ExpectEnd()
    {
        var token = Current;
        if (token.Kind == TokenKind.End) return;
        if (token.Kind == TokenKind.CloseParen)
            throw Error(token, DiagnosticIds.UnmatchedParenthesis, "this ')' has no matching '('; remove it or add the missing '('");
        if (token.StartsOperand) throw ImplicitMultiplication(token);
        if (token.Kind == TokenKind.Colon)
            throw Error(token, DiagnosticIds.UnexpectedToken,
                "unexpected ':' (flags come after the last ':' of a statement; a conditional is written 'if c: a else: b')");
        throw Error(token, DiagnosticIds.UnexpectedToken, $"unexpected {token.Display}; expected an operator or the end of the statement");
    }

    private ExpressionSyntax Expression()
    {
        Enter();
        try
        {
            return Current.Kind == TokenKind.If ? Conditional() : Or();
        }
        finally
        {
            _recursion--;
        }
    }

    private ExpressionSyntax Conditional()
    {
        var ifToken = Advance();
        var condition = Or();
        if (Current.Kind == TokenKind.Identifier && Current.Text == "then")
            throw Error(Current, DiagnosticIds.ConditionalSyntax, "'if c then a else b' is not supported; write 'if c: a else: b' (or ite(c, a, b))");
        if (Current.Kind != TokenKind.Colon)
            throw Error(Current, DiagnosticIds.ConditionalSyntax, $"expected ':' after the condition of 'if' but found {Current.Display}; write 'if c: a else: b'");
        Advance();
        var whenTrue = Expression();
        if (Current.Kind != TokenKind.Else)
            throw Error(Current, DiagnosticIds.MissingElse, $"'if' needs an 'else:' branch but found {Current.Display}; write 'if c: a else: b'");
        Advance();
        if (Current.Kind != TokenKind.Colon)
            throw Error(Current, DiagnosticIds.ConditionalSyntax, $"expected ':' after 'else' but found {Current.Display}");
        Advance();
        var whenFalse = Expression();
        return Checked(new ConditionalSyntax(TextSpan.FromBounds(ifToken.Span.Start, whenFalse.Span.End), condition, whenTrue, whenFalse));
    }

    private ExpressionSyntax Or()
    {
        var left = And();
        while (Current.Kind is TokenKind.Or or TokenKind.Pipe)
        {
            var op = Advance();
            var right = And();
            left = Binary(BinaryOp.Or, op, left, right);
        }
        return left;
    }

    private ExpressionSyntax And()
    {
        var left = Not();
        while (Current.Kind is TokenKind.And or TokenKind.Ampersand)
        {
            var op = Advance();
            var right = Not();
            left = Binary(BinaryOp.And, op, left, right);
        }
        return left;
    }

    private ExpressionSyntax Not()
    {
        if (Current.Kind != TokenKind.Not) return Comparison();
        var op = Advance();
        Enter();
        try
        {
            var operand = Not();
            return Checked(new UnarySyntax(TextSpan.FromBounds(op.Span.Start, operand.Span.End), UnaryOp.Not, operand));
        }
        finally
        {
            _recursion--;
        }
    }

    private ExpressionSyntax Comparison()
    {
        var left = Sum();
        if (!Current.IsComparison) return left;
        var op = Advance();
        var kind = op.Kind switch
        {
            TokenKind.Less => BinaryOp.Less,
            TokenKind.LessEqual => BinaryOp.LessOrEqual,
            TokenKind.Greater => BinaryOp.Greater,
            TokenKind.GreaterEqual => BinaryOp.GreaterOrEqual,
            TokenKind.NotEqual => BinaryOp.NotEqual,
            _ => BinaryOp.Equal,
        };
        if (op.Kind == TokenKind.Is && Current.Kind == TokenKind.Not)
        {
            Advance();
            kind = BinaryOp.NotEqual;
        }
        var right = Sum();
        if (Current.IsComparison)
            throw Error(Current, DiagnosticIds.ChainedComparison,
                "chained comparisons such as 'a < b < c' are not supported; write '(a < b) and (b < c)'");
        return Binary(kind, op, left, right);
    }

    private ExpressionSyntax Sum()
    {
        var left = Term();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var right = Term();
            left = Binary(op.Kind == TokenKind.Plus ? BinaryOp.Add : BinaryOp.Subtract, op, left, right);
        }
        return left;
    }

    private ExpressionSyntax Term()
    {
        var left = Unary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var right = Unary();
            var kind = op.Kind switch
            {
                TokenKind.Star => BinaryOp.Multiply,
                TokenKind.Slash => BinaryOp.Divide,
                _ => BinaryOp.Modulo,
            };
            left = Binary(kind, op, left, right);
        }
        return left;
    }

    private ExpressionSyntax Unary()
    {
        if (Current.Kind is not (TokenKind.Minus or TokenKind.Plus)) return Power();
        var op = Advance();
        Enter();
        try
        {
            var operand = Unary();
            if (op.Kind == TokenKind.Plus) return operand;
            return Checked(new UnarySyntax(TextSpan.FromBounds(op.Span.Start, operand.Span.End), UnaryOp.Negate, operand));
        }
        finally
        {
            _recursion--;
        }
    }

    private ExpressionSyntax Power()
    {
        var result = Primary();
        if (Current.Kind == TokenKind.Power)
        {
            var op = Advance();
            Enter();
            try
            {
                // Right-associative, and the exponent may carry its own sign: a ** -b, a ** b ** c.
                var exponent = Unary();
                result = Binary(BinaryOp.Power, op, result, exponent);
            }
            finally
            {
                _recursion--;
            }
        }
        if (Current.StartsOperand) throw ImplicitMultiplication(Current);
        return result;
    }

    private ExpressionSyntax Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return Number(token);
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                return new BoolSyntax(token.Span, token.Kind == TokenKind.True);
            case TokenKind.Derivative:
                Advance();
                return new DerivativeSyntax(token.Span, token.Name);
            case TokenKind.Identifier:
                Advance();
                var name = new NameSyntax(token.Span, token.Text);
                return Current.Kind == TokenKind.OpenParen ? Call(name) : name;
            case TokenKind.OpenParen:
                return Parenthesised();
            case TokenKind.CloseParen:
                throw Error(token, DiagnosticIds.UnmatchedParenthesis, "this ')' has no matching '(' or closes an empty pair; remove it or add the missing operand");
            case TokenKind.End:
                throw Error(token, DiagnosticIds.ExpectedExpression, "expected an expression here, but the statement ends");
            case TokenKind.If:
                throw Error(token, DiagnosticIds.ConditionalSyntax,
                    "'if c: a else: b' must be the whole right-hand side (or in parentheses); inside an expression use ite(c, a, b)");
            case TokenKind.Bad:
                throw BadCharacter(token);
            default:
                throw Error(token, DiagnosticIds.ExpectedExpression, $"expected an expression but found {token.Display}");
        }
    }

    private ExpressionSyntax Parenthesised()
    {
        var open = Advance();
        if (Current.Kind == TokenKind.CloseParen)
            throw Error(Current, DiagnosticIds.ExpectedExpression, "empty parentheses '()'; put an expression inside");
        var inner = Expression();
        if (Current.Kind == TokenKind.CloseParen)
        {
            Advance();
            return inner;
        }
        if (Current.Kind == TokenKind.End)
            throw Error(open, DiagnosticIds.UnclosedParenthesis, "this '(' is never closed; add the missing ')'");
        throw Error(Current, DiagnosticIds.UnexpectedToken, $"expected ')' but found {Current.Display}");
    }

    private ExpressionSyntax Call(NameSyntax name)
    {
        var open = Advance();
        var arguments = ImmutableArray.CreateBuilder<ExpressionSyntax>();
        if (Current.Kind != TokenKind.CloseParen)
        {
            while (true)
            {
                arguments.Add(Expression());
                if (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    continue;
                }
                if (Current.Kind == TokenKind.CloseParen) break;
                if (Current.Kind == TokenKind.End)
                    throw Error(open, DiagnosticIds.UnclosedParenthesis, $"the '(' of {name.Name}(...) is never closed; add the missing ')'");
                throw Error(Current, DiagnosticIds.UnexpectedToken, $"expected ',' or ')' in the arguments of {name.Name} but found {Current.Display}");
            }
        }
        var close = Advance();
        return Checked(new CallSyntax(TextSpan.FromBounds(name.Span.Start, close.Span.End), name, arguments.ToImmutable()));
    }

    private NumberSyntax Number(Token token)
    {
        var text = token.Text;
        var isInteger = text.IndexOfAny(['.', 'e', 'E']) < 0;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsInfinity(value))
            throw Error(token, DiagnosticIds.MalformedNumber, $"the number '{text}' is out of range");
        if (isInteger && value > 9007199254740992.0)
            throw Error(token, DiagnosticIds.MalformedNumber, $"the integer '{text}' is too large; write it as a float such as {value.ToString("0.0###e+0", CultureInfo.InvariantCulture)}");
        return new NumberSyntax(token.Span, value, isInteger);
    }

    private BinarySyntax Binary(BinaryOp op, Token token, ExpressionSyntax left, ExpressionSyntax right) =>
        Checked(new BinarySyntax(TextSpan.Cover(left.Span, right.Span), op, token.Span, left, right));

    private T Checked<T>(T node) where T : ExpressionSyntax
    {
        if (node.Depth > MaxDepth)
            throw new ParseError(DiagnosticIds.TooDeep, node.Span.Start, IsLongChain(node)
                ? $"this sum or product has more than {MaxDepth} terms, too many for one expression (each term is one level); "
                  + "split it into several equations, e.g. 'I_a = ...', 'I_b = ...', 'I = I_a + I_b'"
                : $"expression nested too deeply (more than {MaxDepth} levels); split it into several equations");
        return node;
    }

    /// <summary>A flat a + b + c + … whose depth comes from its length, not from parentheses: it gets its own message.</summary>
    private static bool IsLongChain(ExpressionSyntax node)
    {
        var terms = 0;
        for (var e = node; e is BinarySyntax b; e = b.Left) terms++;
        return terms > MaxDepth / 2;
    }

    private void Enter()
    {
        if (++_recursion > MaxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new ParseError(DiagnosticIds.TooDeep, Current.Span.Start,
                $"expression nested too deeply (more than {MaxDepth} levels); split it into several equations");
    }

    private Token Advance()
    {
        var token = Current;
        if (_position < _tokens.Count - 1) _position++;
        return token;
    }

    private ParseError ImplicitMultiplication(Token token)
    {
        if (token.Kind == TokenKind.Identifier && token.Text == "then")
            return Error(token, DiagnosticIds.ConditionalSyntax, "'if c then a else b' is not supported; write 'if c: a else: b' (or ite(c, a, b))");
        var previous = _tokens[Math.Max(0, _position - 1)];
        return Error(token, DiagnosticIds.ImplicitMultiplication,
            $"missing operator between {previous.Display} and {token.Display}; implicit multiplication is not allowed, write '*' explicitly");
    }

    internal static ParseError BadCharacter(Token token)
    {
        var hint = token.Text switch
        {
            "!" => "; use 'not' for negation and '!=' for inequality",
            "'" or "\"" => "; strings are not part of the model language",
            "[" or "]" or "{" or "}" => "; use parentheses '(' and ')'",
            _ when IsInvisible(token.Text) => "; replace it with a plain space (such characters come in when text is copied from web pages or PDFs)",
            _ => "",
        };
        // an invisible character (no-break space, line separator, zero-width space, control character) is named by its
        // code point: quoted as itself it looked like a space or like nothing
        var shown = IsInvisible(token.Text) ? $"U+{char.ConvertToUtf32(token.Text, 0):X4}" : $"'{token.Text}'";
        return new ParseError(DiagnosticIds.UnexpectedCharacter, token.Span.Start, $"unexpected character {shown}{hint}");
    }

    private static bool IsInvisible(string text) =>
        text.Length > 0 && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(text, 0) is
            System.Globalization.UnicodeCategory.SpaceSeparator or System.Globalization.UnicodeCategory.LineSeparator
            or System.Globalization.UnicodeCategory.ParagraphSeparator or System.Globalization.UnicodeCategory.Control
            or System.Globalization.UnicodeCategory.Format;

    private static ParseError Error(Token token, string id, string message) => new(id, token.Span.Start, message);

    /// <summary>Internal signal that aborts the current statement; always caught inside the parser.</summary>
    internal sealed class ParseError(string id, int offset, string message) : Exception(message)
    {
        public string Id { get; } = id;

        public int Offset { get; } = offset;
    }
}
