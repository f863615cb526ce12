namespace NeuroFit.Models.Analysis;

/// <summary>
/// Smart constructors for lowered expressions: they drop zero terms (null stands for an absent term), unit factors
/// and double negations, using only rewrites that are exact in IEEE arithmetic (−(a−b) = b−a, −(a/b) = (−a)/b).
/// </summary>
internal static class ExMath
{
    public static readonly ConstEx One = new(1.0, ValueType.Float);
    public static readonly ConstEx Zero = new(0.0, ValueType.Float);

    public static ValueType ArithmeticType(ValueType a, ValueType b) =>
        a == ValueType.Float || b == ValueType.Float ? ValueType.Float : ValueType.Int;

    public static ValueType NumericType(ValueType a) => a == ValueType.Bool ? ValueType.Int : a;

    public static bool IsConstant(Ex? e, double value) => e is ConstEx c && c.Value.Equals(value);

    public static Ex? Add(Ex? a, Ex? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        if (LeadingNegation(b)) return Sub(a, Neg(b));
        if (LeadingNegation(a)) return Sub(b, Neg(a));
        return new BinaryEx(BinaryOp.Add, a, b, ArithmeticType(a.Type, b.Type));
    }

    public static Ex? Sub(Ex? a, Ex? b)
    {
        if (b is null) return a;
        if (a is null) return Neg(b);
        if (LeadingNegation(b)) return Add(a, Neg(b));
        return new BinaryEx(BinaryOp.Subtract, a, b, ArithmeticType(a.Type, b.Type));
    }

    /// <summary>−a, pushed into sums and numerators where that is exact: −(a−b) = −a+b, −(a+b) = −a−b, −(a·b) = (−a)·b.</summary>
    public static Ex? Neg(Ex? a) => a switch
    {
        null => null,
        ConstEx c => new ConstEx(-c.Value, NumericType(c.Type)),
        UnaryEx { Op: UnaryOp.Negate } u => u.Operand,
        BinaryEx { Op: BinaryOp.Subtract } s => CheapNegation(s.Left) ? Add(Neg(s.Left), s.Right) : Sub(s.Right, s.Left),
        BinaryEx { Op: BinaryOp.Add } s when CheapNegation(s.Left) => Sub(Neg(s.Left), s.Right),
        BinaryEx { Op: BinaryOp.Divide or BinaryOp.Multiply, Type: ValueType.Float } d => new BinaryEx(d.Op, Neg(d.Left)!, d.Right, d.Type),
        _ => new UnaryEx(UnaryOp.Negate, a, NumericType(a.Type)),
    };

    /// <summary>True when the expression starts with a minus that <see cref="Neg"/> removes (−x, −3, −x·y, −x/y).</summary>
    private static bool LeadingNegation(Ex e) => e switch
    {
        UnaryEx { Op: UnaryOp.Negate } => true,
        ConstEx { Value: < 0 } => true,
        BinaryEx { Op: BinaryOp.Multiply or BinaryOp.Divide, Type: ValueType.Float } b => LeadingNegation(b.Left),
        _ => false,
    };

    private static bool CheapNegation(Ex e) => e switch
    {
        ConstEx or UnaryEx { Op: UnaryOp.Negate } or BinaryEx { Op: BinaryOp.Subtract } => true,
        BinaryEx { Op: BinaryOp.Add or BinaryOp.Multiply or BinaryOp.Divide, Type: ValueType.Float } b => CheapNegation(b.Left),
        _ => false,
    };

    public static Ex? Mul(Ex? a, Ex? b)
    {
        if (a is null || b is null) return null;
        if (IsConstant(a, 1) && AsFloat(b) is { } fb) return fb;
        if (IsConstant(b, 1) && AsFloat(a) is { } fa) return fa;
        if (IsConstant(a, -1) && b.Type == ValueType.Float) return Neg(b);
        if (IsConstant(b, -1) && a.Type == ValueType.Float) return Neg(a);
        return new BinaryEx(BinaryOp.Multiply, a, b, ArithmeticType(a.Type, b.Type));
    }

    private static Ex? AsFloat(Ex e) => e.Type == ValueType.Float ? e : e is ConstEx c ? new ConstEx(c.Value, ValueType.Float) : null;

    /// <summary>a / b; a null numerator is zero. The divisor is never null.</summary>
    public static Ex? Div(Ex? a, Ex b)
    {
        if (a is null) return null;
        if (a.Type == ValueType.Float && b.Type == ValueType.Float)
        {
            // Cancel a common factor the way a computer-algebra system would: x/(x/y) = y, (x·y)/x = y, x/x = 1.
            if (b is BinaryEx { Op: BinaryOp.Divide } bd && bd.Left.Equals(a) && bd.Right.Type == ValueType.Float) return bd.Right;
            if (a is BinaryEx { Op: BinaryOp.Multiply } am && am.Left.Equals(b) && am.Right.Type == ValueType.Float) return am.Right;
            if (a is BinaryEx { Op: BinaryOp.Multiply } am2 && am2.Right.Equals(b) && am2.Left.Type == ValueType.Float) return am2.Left;
            if (a.Equals(b) && a is ParameterEx or VariableEx) return One;
        }
        if (IsConstant(b, 1) && a.Type == ValueType.Float) return a;
        return new BinaryEx(BinaryOp.Divide, a, b, ArithmeticType(a.Type, b.Type));
    }

    /// <summary>True when <paramref name="e"/> contains a node satisfying <paramref name="isSymbol"/>.</summary>
    public static bool Contains(Ex e, Func<Ex, bool> isSymbol) => isSymbol(e) || e switch
    {
        UnaryEx u => Contains(u.Operand, isSymbol),
        BinaryEx b => Contains(b.Left, isSymbol) || Contains(b.Right, isSymbol),
        ConditionalEx c => Contains(c.Condition, isSymbol) || Contains(c.WhenTrue, isSymbol) || Contains(c.WhenFalse, isSymbol),
        CallEx call => call.Arguments.Any(a => Contains(a, isSymbol)),
        RandomEx r => r.Arguments.Any(a => Contains(a, isSymbol)),
        _ => false,
    };

    /// <summary>Visits every node (each shared node once per occurrence).</summary>
    public static IEnumerable<Ex> Nodes(Ex e)
    {
        var stack = new Stack<Ex>();
        stack.Push(e);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            switch (node)
            {
                case UnaryEx u: stack.Push(u.Operand); break;
                case BinaryEx b: stack.Push(b.Right); stack.Push(b.Left); break;
                case ConditionalEx c: stack.Push(c.WhenFalse); stack.Push(c.WhenTrue); stack.Push(c.Condition); break;
                case CallEx call: for (var i = call.Arguments.Length - 1; i >= 0; i--) stack.Push(call.Arguments[i]); break;
                case RandomEx r: for (var i = r.Arguments.Length - 1; i >= 0; i--) stack.Push(r.Arguments[i]); break;
            }
        }
    }

    /// <summary>Tree size and height, counting shared sub-trees once per use (what a compiler would emit).</summary>
    public static (long Size, int Depth) Measure(Ex e, Dictionary<Ex, (long, int)> memo)
    {
        if (memo.TryGetValue(e, out var known)) return known;
        IEnumerable<Ex> children = e switch
        {
            UnaryEx u => [u.Operand],
            BinaryEx b => [b.Left, b.Right],
            ConditionalEx c => [c.Condition, c.WhenTrue, c.WhenFalse],
            CallEx call => call.Arguments,
            RandomEx r => r.Arguments,
            _ => [],
        };
        long size = 1;
        var depth = 0;
        foreach (var child in children)
        {
            var (s, d) = Measure(child, memo);
            size = Math.Min(long.MaxValue / 4, size + s);
            depth = Math.Max(depth, d);
        }
        var result = (size, depth + 1);
        memo[e] = result;
        return result;
    }

    /// <summary>Evaluates a constant arithmetic expression (literals only) with C semantics, or null.</summary>
    public static double? TryEvaluateConstant(Ex e) => e switch
    {
        ConstEx c => c.Value,
        UnaryEx { Op: UnaryOp.Negate } u => -TryEvaluateConstant(u.Operand),
        BinaryEx b when TryEvaluateConstant(b.Left) is { } l && TryEvaluateConstant(b.Right) is { } r => b.Op switch
        {
            BinaryOp.Add => l + r,
            BinaryOp.Subtract => l - r,
            BinaryOp.Multiply => l * r,
            BinaryOp.Divide when b.Type == ValueType.Int => r == 0 ? null : Math.Truncate(l / r),
            BinaryOp.Divide => l / r,
            _ => null,
        },
        _ => null,
    };
}
