using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Binding;

/// <summary>Checks the declaring statements (parameters, functions, the left sides of equations) and fills the symbols.</summary>
internal static class DeclarationCollector
{
    public static List<ParameterDecl> Parameters(BlockSyntax? block, DiagnosticBag bag, Dictionary<string, (SourceBlock Block, TextSpan Span)> declared)
    {
        var result = new List<ParameterDecl>();
        if (block is null) return result;
        var source = block.Source;
        foreach (var statement in block.Statements)
        {
            if (statement.Left is not NameSyntax name)
            {
                bag.Error(source, statement.Left.Span, DiagnosticIds.InvalidTarget, "a parameter is declared as 'name = value'");
                continue;
            }
            if (statement.Assignment is { } kind && kind != AssignmentKind.Assign)
            {
                bag.Error(source, statement.AssignmentSpan, DiagnosticIds.InvalidParameterValue, "a parameter is declared with '=', e.g. 'tau = 10.0'");
                continue;
            }
            if (!CheckName(name.Name, name.Span, source, bag, declared)) continue;
            var flags = FlagReader.Read(statement.Flags, FlagOwner.Parameter, source, bag);
            var (value, literalType, ok) = Literal(statement.Right);
            if (!ok)
            {
                bag.Error(source, statement.Right!.Span, DiagnosticIds.InvalidParameterValue,
                    "a parameter value must be a number or True/False; compute derived quantities in the equations block (e.g. 'x = 2*tau')");
                continue;
            }
            var type = flags.Type ?? (literalType == ValueType.Bool ? ValueType.Bool : ValueType.Float);
            if (type == ValueType.Int && value != Math.Truncate(value))
                bag.Error(source, statement.Right!.Span, DiagnosticIds.InvalidParameterValue, $"the int parameter '{name.Name}' needs a whole number, not {value}");
            else if (type == ValueType.Int && value is < int.MinValue or > int.MaxValue)
                bag.Error(source, statement.Right!.Span, DiagnosticIds.InvalidParameterValue,
                    $"the int parameter '{name.Name}' is a C int as in ANNarchy ({int.MinValue} to {int.MaxValue}), which cannot hold {value}; make it a float parameter");
            else if (type == ValueType.Bool && value is not (0 or 1))
                bag.Error(source, statement.Right!.Span, DiagnosticIds.InvalidParameterValue, $"the bool parameter '{name.Name}' needs True, False, 1 or 0");
            result.Add(new ParameterDecl(name.Name, value, type, flags.Locality, name.Span));
        }
        return result;
    }

    private static (double Value, ValueType Type, bool Ok) Literal(ExpressionSyntax? syntax) => syntax switch
    {
        null => (0, ValueType.Float, true),
        NumberSyntax n => (n.Value, n.IsInteger ? ValueType.Int : ValueType.Float, true),
        BoolSyntax b => (b.Value ? 1 : 0, ValueType.Bool, true),
        UnarySyntax { Op: UnaryOp.Negate, Operand: NumberSyntax n } => (-n.Value, n.IsInteger ? ValueType.Int : ValueType.Float, true),
        _ => (0, ValueType.Float, false),
    };

    public static List<FunctionDecl> Functions(BlockSyntax? block, DiagnosticBag bag)
    {
        var result = new List<FunctionDecl>();
        if (block is null) return result;
        var source = block.Source;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var statement in block.Statements)
        {
            if (statement.Left is not CallSyntax head || statement.Assignment != AssignmentKind.Assign || statement.Right is null)
            {
                bag.Error(source, statement.Left.Span, DiagnosticIds.InvalidFunctionDefinition, "a function is defined as 'name(x, y) = expression'");
                continue;
            }
            var name = head.Function.Name;
            if (BuiltinNames.IsReserved(name))
            {
                bag.Error(source, head.Function.Span, DiagnosticIds.ReservedName, $"'{name}' is a built-in name; choose another name for the function");
                continue;
            }
            if (!names.Add(name))
            {
                bag.Error(source, head.Function.Span, DiagnosticIds.DuplicateAttribute, $"the function '{name}' is defined twice");
                continue;
            }
            var arguments = new List<string>();
            var valid = true;
            foreach (var argument in head.Arguments)
            {
                if (argument is not NameSyntax argumentName || BuiltinNames.IsReserved(argumentName.Name) || arguments.Contains(argumentName.Name))
                {
                    bag.Error(source, argument.Span, DiagnosticIds.InvalidFunctionDefinition,
                        "function arguments must be distinct plain names that are not built-in names, e.g. f(x, y)");
                    valid = false;
                    break;
                }
                arguments.Add(argumentName.Name);
            }
            if (!valid) continue;
            if (!CheckTypes(statement, arguments.Count, source, bag)) continue;
            result.Add(new FunctionDecl(name, [.. arguments], statement.Right, head.Function.Span));
        }
        return result;
    }

    private static bool CheckTypes(StatementSyntax statement, int argumentCount, SourceBlock source, DiagnosticBag bag)
    {
        if (statement.Flags.IsEmpty) return true;
        foreach (var flag in statement.Flags)
        {
            if (flag.Name is "int" or "float" or "bool" && flag.Value is null) continue;
            bag.Error(source, flag.NameSpan, DiagnosticIds.InvalidFunctionDefinition,
                $"after ':' a function lists types (int, float or bool): the return type, then one per argument; '{flag.Name}' is not a type");
            return false;
        }
        if (statement.Flags.Length != argumentCount + 1)
        {
            bag.Error(source, statement.Flags[0].NameSpan, DiagnosticIds.InvalidFunctionDefinition,
                $"expected {argumentCount + 1} types (the return type, then one per argument) but found {statement.Flags.Length}");
            return false;
        }
        return true;
    }

    public static List<EquationDecl> Equations(BlockSyntax? block, DiagnosticBag bag, Dictionary<string, (SourceBlock Block, TextSpan Span)> declared)
    {
        var result = new List<EquationDecl>();
        if (block is null) return result;
        var source = block.Source;
        foreach (var statement in block.Statements)
        {
            if (statement.Assignment is not { } assignment || statement.Right is null)
            {
                bag.Error(source, statement.Left.Span, DiagnosticIds.ExpectedAssignment,
                    "expected an assignment such as 'x = expr', 'x += expr' or an ODE 'dx/dt = expr'");
                continue;
            }
            var derivatives = Derivatives(statement.Left).Concat(Derivatives(statement.Right)).ToList();
            EquationKind kind;
            string variable;
            TextSpan nameSpan;
            if (derivatives.Count > 0)
            {
                if (assignment != AssignmentKind.Assign)
                {
                    bag.Error(source, statement.AssignmentSpan, DiagnosticIds.InvalidTarget, "an ODE is written with '=', e.g. 'tau*dv/dt + v = E'");
                    continue;
                }
                var first = derivatives[0];
                var other = derivatives.FirstOrDefault(d => d.Variable != first.Variable);
                if (other is not null)
                {
                    bag.Error(source, other.Span, DiagnosticIds.DerivativeMismatch,
                        $"this ODE is for '{first.Variable}' but also contains d{other.Variable}/dt; write one ODE per variable");
                    continue;
                }
                if (statement.Left is NameSyntax plain && plain.Name != first.Variable && !declared.ContainsKey(plain.Name))
                {
                    // 'y = dI/dt' with a parameter dI: dI/dt is one token, the derivative of I, so this was an ODE for I
                    // and the error said "unknown name 'y'" (or, for r, that a rate neuron must define r)
                    var x = first.Variable;
                    bag.Error(source, first.Span, DiagnosticIds.DerivativeOutsideOde,
                        $"d{x}/dt is the derivative of '{x}', which makes this an ODE for '{x}' and leaves '{plain.Name}' undeclared; "
                        + $"an ODE has d{x}/dt on its left side (e.g. 'd{x}/dt = ...'); to divide 'd{x}' by dt write '(d{x})/dt'");
                    continue;
                }
                kind = EquationKind.Ode;
                variable = first.Variable;
                nameSpan = new TextSpan(first.Span.Start + 1, first.Variable.Length);
            }
            else if (statement.Left is NameSyntax target)
            {
                kind = assignment == AssignmentKind.Assign ? EquationKind.Assignment : EquationKind.Increment;
                variable = target.Name;
                nameSpan = target.Span;
            }
            else
            {
                bag.Error(source, statement.Left.Span, DiagnosticIds.InvalidTarget,
                    "the left side must be a variable name ('x = ...') or an ODE containing dx/dt ('tau*dx/dt + x = ...')");
                continue;
            }
            if (!CheckName(variable, nameSpan, source, bag, declared)) continue;
            var flags = FlagReader.Read(statement.Flags, kind == EquationKind.Ode ? FlagOwner.Ode : FlagOwner.Assignment, source, bag);
            result.Add(new EquationDecl(statement, kind, variable, nameSpan, flags.Type ?? ValueType.Float, flags.Locality,
                flags.Method ?? IntegrationMethod.Explicit, flags.MethodSpan, flags.Init, flags.Min, flags.Max));
        }
        return result;
    }

    private static bool CheckName(string name, TextSpan span, SourceBlock source, DiagnosticBag bag, Dictionary<string, (SourceBlock Block, TextSpan Span)> declared)
    {
        if (BuiltinNames.IsReserved(name))
        {
            bag.Error(source, span, DiagnosticIds.ReservedName, $"'{name}' is a reserved name (a built-in function or symbol) and cannot be an attribute; rename it");
            return false;
        }
        if (declared.TryGetValue(name, out var previous))
        {
            var (line, _) = previous.Block.Position(previous.Span.Start);
            bag.Error(source, span, DiagnosticIds.DuplicateAttribute,
                $"'{name}' is already declared ({previous.Block.Name} line {line}); each attribute is declared once (use a new name, or '+=' inside one equation)");
            return false;
        }
        declared[name] = (source, span);
        return true;
    }

    public static IEnumerable<DerivativeSyntax> Derivatives(ExpressionSyntax syntax) => Walk(syntax).OfType<DerivativeSyntax>();

    /// <summary>All nodes of a syntax tree in textual order.</summary>
    public static IEnumerable<ExpressionSyntax> Walk(ExpressionSyntax syntax)
    {
        var stack = new Stack<ExpressionSyntax>();
        stack.Push(syntax);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            switch (node)
            {
                case UnarySyntax u: stack.Push(u.Operand); break;
                case BinarySyntax b: stack.Push(b.Right); stack.Push(b.Left); break;
                case ConditionalSyntax c: stack.Push(c.WhenFalse); stack.Push(c.WhenTrue); stack.Push(c.Condition); break;
                case CallSyntax call:
                    for (var i = call.Arguments.Length - 1; i >= 0; i--) stack.Push(call.Arguments[i]);
                    break;
            }
        }
    }

    /// <summary>Every expression of a statement (left, right, flag values) in textual order.</summary>
    public static IEnumerable<ExpressionSyntax> Expressions(StatementSyntax statement)
    {
        yield return statement.Left;
        if (statement.Right is not null) yield return statement.Right;
        foreach (var flag in statement.Flags)
            if (flag.Value is not null) yield return flag.Value;
    }
}
