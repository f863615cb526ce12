using NeuroFit.Models.Analysis;
using NeuroFit.Models.Binding;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;

namespace NeuroFit.Models;

/// <summary>
/// A standalone expression in the model language's syntax (e.g. a fit bound <c>"v_r + dv"</c>): numbers, names,
/// arithmetic, comparisons, <c>if c: a else: b</c>, <c>ite()</c>, the built-in math functions, <c>pi</c> and <c>E</c>.
/// Evaluated in double precision (integer literals divide like floats here: bounds are not model code).
/// </summary>
public sealed class ModelExpression
{
    private readonly ExpressionSyntax _syntax;

    private ModelExpression(string text, ExpressionSyntax syntax, IReadOnlyCollection<string> names)
    {
        Text = text;
        _syntax = syntax;
        Names = names;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The names the expression reads (functions and <c>pi</c>/<c>E</c> excluded).</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>Parses <paramref name="text"/>; a syntax error or an unknown function is a <see cref="ModelException"/>.</summary>
    public static ModelExpression Parse(string text)
    {
        var bag = new DiagnosticBag();
        var syntax = Parser.ParseExpression(text, bag);
        bag.ThrowIfErrors();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        Collect(syntax!, names, new SourceBlock("expression", text), bag);
        bag.ThrowIfErrors();
        return new ModelExpression(text, syntax!, names);
    }

    /// <summary>Evaluates with the given values for <see cref="Names"/>; a missing name throws <see cref="KeyNotFoundException"/>.</summary>
    public double Evaluate(IReadOnlyDictionary<string, double> values) => Eval(_syntax, values);

    private static void Collect(ExpressionSyntax e, SortedSet<string> names, SourceBlock block, DiagnosticBag bag)
    {
        switch (e)
        {
            case NameSyntax n when n.Name is not ("pi" or "E" or "True" or "False"):
                names.Add(n.Name);
                break;
            case UnarySyntax u: Collect(u.Operand, names, block, bag); break;
            case BinarySyntax b: Collect(b.Left, names, block, bag); Collect(b.Right, names, block, bag); break;
            case ConditionalSyntax c:
                Collect(c.Condition, names, block, bag); Collect(c.WhenTrue, names, block, bag); Collect(c.WhenFalse, names, block, bag);
                break;
            case CallSyntax call:
                var known = call.Function.Name == "ite"
                    ? call.Arguments.Length == 3
                    : BuiltinNames.Functions.TryGetValue(call.Function.Name, out var f) && call.Arguments.Length >= f.MinArguments && call.Arguments.Length <= f.MaxArguments;
                if (!known)
                    bag.Error(block, call.Function.Span, DiagnosticIds.UnknownFunction,
                        $"'{call.Function.Name}' with {call.Arguments.Length} argument(s) is not a built-in function usable here (exp, log, sqrt, min, max, clip, ite, ...)");
                foreach (var a in call.Arguments) Collect(a, names, block, bag);
                break;
            case DerivativeSyntax d:
                bag.Error(block, d.Span, DiagnosticIds.UnknownFunction, $"d{d.Variable}/dt cannot be used outside an equation");
                break;
        }
    }

    private static double Eval(ExpressionSyntax e, IReadOnlyDictionary<string, double> v) => e switch
    {
        NumberSyntax n => n.Value,
        BoolSyntax b => b.Value ? 1 : 0,
        NameSyntax { Name: "pi" } => Math.PI,
        NameSyntax { Name: "E" } => Math.E,
        NameSyntax n => v.TryGetValue(n.Name, out var x) ? x : throw new KeyNotFoundException($"no value for '{n.Name}'"),
        UnarySyntax { Op: UnaryOp.Negate } u => -Eval(u.Operand, v),
        UnarySyntax u => Eval(u.Operand, v) == 0 ? 1 : 0,
        ConditionalSyntax c => Eval(c.Condition, v) != 0 ? Eval(c.WhenTrue, v) : Eval(c.WhenFalse, v),
        CallSyntax { Function.Name: "ite" } c => Eval(c.Arguments[0], v) != 0 ? Eval(c.Arguments[1], v) : Eval(c.Arguments[2], v),
        CallSyntax c => MathFunctions.Apply(BuiltinNames.Functions[c.Function.Name].Function, c.Arguments.Select(a => Eval(a, v)).ToArray()),
        BinarySyntax b => Binary(b.Op, Eval(b.Left, v), Eval(b.Right, v)),
        _ => throw new InvalidOperationException($"unexpected expression node {e.GetType().Name}"),
    };

    private static double Binary(BinaryOp op, double a, double b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Subtract => a - b,
        BinaryOp.Multiply => a * b,
        BinaryOp.Divide => a / b,
        BinaryOp.Modulo => a % b, // C fmod: sign of the dividend
        BinaryOp.Power => Math.Pow(a, b),
        BinaryOp.Less => a < b ? 1 : 0,
        BinaryOp.LessOrEqual => a <= b ? 1 : 0,
        BinaryOp.Greater => a > b ? 1 : 0,
        BinaryOp.GreaterOrEqual => a >= b ? 1 : 0,
        BinaryOp.Equal => a == b ? 1 : 0,
        BinaryOp.NotEqual => a != b ? 1 : 0,
        BinaryOp.And => a != 0 && b != 0 ? 1 : 0,
        BinaryOp.Or => a != 0 || b != 0 ? 1 : 0,
        _ => throw new InvalidOperationException($"unexpected operator {op}"),
    };
}
