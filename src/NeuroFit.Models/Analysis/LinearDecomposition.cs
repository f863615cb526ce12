namespace NeuroFit.Models.Analysis;

/// <summary>
/// Symbolic decomposition of an expression as <c>Coefficient·s + Rest</c> in a symbol s (a derivative or a variable),
/// without a computer-algebra system. A product of two factors that both contain s, a division by something that
/// contains s, or s inside a function, power or condition makes the expression non-linear.
/// </summary>
internal static class LinearDecomposition
{
    /// <summary>The decomposition; null members stand for zero.</summary>
    public readonly record struct Parts(Ex? Coefficient, Ex? Rest);

    /// <summary>Returns the parts, or null when <paramref name="e"/> is not linear in the symbol.</summary>
    public static Parts? Decompose(Ex e, Func<Ex, bool> isSymbol)
    {
        if (isSymbol(e)) return new Parts(ExMath.One, null);
        if (!ExMath.Contains(e, isSymbol)) return new Parts(null, e);
        switch (e)
        {
            case UnaryEx { Op: UnaryOp.Negate } u:
            {
                if (Decompose(u.Operand, isSymbol) is not { } p) return null;
                return new Parts(ExMath.Neg(p.Coefficient), ExMath.Neg(p.Rest));
            }
            case BinaryEx { Op: BinaryOp.Add or BinaryOp.Subtract } b:
            {
                if (Decompose(b.Left, isSymbol) is not { } l || Decompose(b.Right, isSymbol) is not { } r) return null;
                return b.Op == BinaryOp.Add
                    ? new Parts(ExMath.Add(l.Coefficient, r.Coefficient), ExMath.Add(l.Rest, r.Rest))
                    : new Parts(ExMath.Sub(l.Coefficient, r.Coefficient), ExMath.Sub(l.Rest, r.Rest));
            }
            case BinaryEx { Op: BinaryOp.Multiply } b:
            {
                var inLeft = ExMath.Contains(b.Left, isSymbol);
                var inRight = ExMath.Contains(b.Right, isSymbol);
                if (inLeft && inRight) return null;
                if (inLeft)
                {
                    if (Decompose(b.Left, isSymbol) is not { } l) return null;
                    return new Parts(ExMath.Mul(l.Coefficient, b.Right), ExMath.Mul(l.Rest, b.Right));
                }
                if (Decompose(b.Right, isSymbol) is not { } r) return null;
                return new Parts(ExMath.Mul(b.Left, r.Coefficient), ExMath.Mul(b.Left, r.Rest));
            }
            case BinaryEx { Op: BinaryOp.Divide } b when b.Type == ValueType.Float && !ExMath.Contains(b.Right, isSymbol):
            {
                if (Decompose(b.Left, isSymbol) is not { } l) return null;
                return new Parts(ExMath.Div(l.Coefficient, b.Right), ExMath.Div(l.Rest, b.Right));
            }
            default:
                return null;
        }
    }
}
