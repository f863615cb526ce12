using System.Collections.Immutable;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation.Lowering;

/// <summary>Walking and rewriting expression trees.</summary>
internal static class ExTools
{
    public static IEnumerable<Ex> Children(Ex e) => e switch
    {
        UnaryEx u => [u.Operand],
        BinaryEx b => [b.Left, b.Right],
        ConditionalEx c => [c.Condition, c.WhenTrue, c.WhenFalse],
        CallEx c => c.Arguments,
        RandomEx r => r.Arguments,
        _ => [],
    };

    public static IEnumerable<Ex> Descendants(Ex e)
    {
        yield return e;
        foreach (var child in Children(e))
            foreach (var d in Descendants(child))
                yield return d;
    }

    /// <summary>Bottom-up rewrite: <paramref name="replace"/> returns a replacement or null to keep the node.</summary>
    public static Ex Rewrite(Ex e, Func<Ex, Ex?> replace)
    {
        var direct = replace(e);
        if (direct is not null) return direct;
        return e switch
        {
            UnaryEx u => u with { Operand = Rewrite(u.Operand, replace) },
            BinaryEx b => b with { Left = Rewrite(b.Left, replace), Right = Rewrite(b.Right, replace) },
            ConditionalEx c => c with
            {
                Condition = Rewrite(c.Condition, replace),
                WhenTrue = Rewrite(c.WhenTrue, replace),
                WhenFalse = Rewrite(c.WhenFalse, replace),
            },
            CallEx c => c with { Arguments = [.. c.Arguments.Select(a => Rewrite(a, replace))] },
            _ => e,
        };
    }

    /// <summary>Replaces reads of the given variables by temporaries.</summary>
    public static Ex Substitute(Ex e, IReadOnlyDictionary<int, int> variableToTemp) =>
        Rewrite(e, node => node is VariableEx v && variableToTemp.TryGetValue(v.Index, out var slot) ? new TempEx(slot) : null);

    /// <summary>True when the value is constant during a run: no state, time, noise or population reduction.</summary>
    public static bool IsRunInvariant(Ex e, LoweredModel model) => e switch
    {
        ConstEx or ParameterEx or InputEx => true,
        BuiltinEx b => b.Symbol == BuiltinSymbol.Dt,
        VariableEx or TempEx or RandomEx or GlobalOpEx => false,
        _ => Children(e).All(c => IsRunInvariant(c, model)),
    };

    public static bool IsLeaf(Ex e) => e is ConstEx or ParameterEx or VariableEx or BuiltinEx or InputEx or TempEx or RandomEx or GlobalOpEx;

    public static bool IsIntegral(Models.Analysis.ValueType t) => t != Models.Analysis.ValueType.Float;

    /// <summary>Does the expression produce a truth value (a comparison mask in vector code)?</summary>
    public static bool IsPredicate(Ex e) => e switch
    {
        BinaryEx b => b.Op is BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual
            or BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.And or BinaryOp.Or,
        UnaryEx u => u.Op == UnaryOp.Not,
        CallEx c => c.Function is MathFunction.IsFinite or MathFunction.IsNaN,
        _ => false,
    };

    public static ConstEx Num(double value) => new(value, Models.Analysis.ValueType.Float);
    public static BinaryEx Add(Ex a, Ex b) => new(BinaryOp.Add, a, b, Models.Analysis.ValueType.Float);
    public static BinaryEx Sub(Ex a, Ex b) => new(BinaryOp.Subtract, a, b, Models.Analysis.ValueType.Float);
    public static BinaryEx Mul(Ex a, Ex b) => new(BinaryOp.Multiply, a, b, Models.Analysis.ValueType.Float);
    public static BinaryEx Div(Ex a, Ex b) => new(BinaryOp.Divide, a, b, Models.Analysis.ValueType.Float);
    public static UnaryEx Neg(Ex a) => new(UnaryOp.Negate, a, Models.Analysis.ValueType.Float);
    public static CallEx Exp(Ex a) => new(MathFunction.Exp, [a], Models.Analysis.ValueType.Float);
    public static BuiltinEx Dt { get; } = new(BuiltinSymbol.Dt);

    /// <summary>
    /// How <c>x ** y</c> is computed when y is a constant: small integer powers by a fixed multiplication order
    /// (exact for squares, like C's correctly rounded <c>pow</c>), 0.5 by <c>sqrt</c>, anything else by <c>pow</c>.
    /// Returns the integer exponent or null.
    /// </summary>
    public static int? SmallIntegerExponent(Ex exponent) =>
        exponent is ConstEx c && c.Value == Math.Round(c.Value) && Math.Abs(c.Value) <= 16 ? (int)c.Value : null;

    public static bool IsHalfExponent(Ex exponent) => exponent is ConstEx c && c.Value == 0.5;

    /// <summary>The multiplication sequence for x^|n|, n ≥ 1: square-and-multiply from the low bit.</summary>
    public static T IntegerPower<T>(T x, int n, Func<T, T, T> multiply)
    {
        T? result = default;
        var have = false;
        var b = x;
        for (var m = n; m > 0; m >>= 1)
        {
            if ((m & 1) != 0)
            {
                result = have ? multiply(result!, b) : b;
                have = true;
            }
            if (m > 1) b = multiply(b, b);
        }
        return result!;
    }

    public static ImmutableArray<T> Distinct<T>(IEnumerable<T> items) => [.. items.Distinct()];
}
