using System.Linq.Expressions;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>
/// Builds the lane algorithms (<see cref="LaneAlgorithms"/>) as inline expression trees out of hardware intrinsics
/// only, at the kernel's vector width, so a kernel evaluating exp or log makes no call.
/// </summary>
internal sealed class ExpressionLaneOps(Simd simd) : ILaneOps<Expression>
{
    private const double Magic = 6755399441055744.0;

    /// <summary>Operations on 256-bit vectors.</summary>
    public ExpressionLaneOps() : this(Simd.W256) { }

    public List<ParameterExpression> Locals { get; } = [];
    public List<Expression> Statements { get; } = [];

    /// <summary>The statements so far followed by <paramref name="result"/>, as one block expression.</summary>
    public Expression Wrap(Expression result) => Expression.Block(simd.V, Locals, [.. Statements, result]);

    public Expression C(double x) => simd.Const(x);
    public Expression Add(Expression a, Expression b) => Expression.Add(a, b);
    public Expression Sub(Expression a, Expression b) => Expression.Subtract(a, b);
    public Expression Mul(Expression a, Expression b) => Expression.Multiply(a, b);
    public Expression Div(Expression a, Expression b) => Expression.Divide(a, b);
    public Expression Fma(Expression a, Expression b, Expression c) => Expression.Call(simd.Fma, a, b, c);
    public Expression Neg(Expression a) => Expression.Negate(a);
    public Expression Floor(Expression a) => Expression.Call(simd.Floor, a);
    public Expression Abs(Expression a) => Expression.Call(simd.Abs, a);
    public Expression RoundEven(Expression a) => Expression.Call(simd.Round, a);
    public Expression Select(Expression mask, Expression whenTrue, Expression whenFalse) => Expression.Call(simd.Select, mask, whenTrue, whenFalse);
    public Expression Greater(Expression a, Expression b) => Expression.Call(simd.GreaterThan, a, b);
    public Expression Less(Expression a, Expression b) => Expression.Call(simd.LessThan, a, b);
    public Expression Equal(Expression a, Expression b) => Expression.Call(simd.EqualsMethod, a, b);

    public Expression Pow2(Expression n)
    {
        var bits = Expression.Subtract(Expression.Call(simd.AsInt64, Expression.Add(n, C(Magic))), Expression.Call(simd.AsInt64, C(Magic)));
        var shifted = Expression.Call(simd.ShiftLeftLong, Expression.Add(bits, simd.CreateLong(1023L)), Expression.Constant(52));
        return Expression.Call(simd.AsDoubleFromLong, shifted);
    }

    public Expression Exponent(Expression x)
    {
        var biased = Expression.And(Expression.Call(simd.ShiftRightULong, Expression.Call(simd.AsUInt64, x), Expression.Constant(52)),
            simd.CreateULong(0x7FFUL));
        var asDouble = Expression.Call(simd.AsDoubleFromULong, Expression.Or(biased, simd.CreateULong(0x4330000000000000UL)));
        return Expression.Subtract(asDouble, C(4503599627370496.0 + 1023.0));
    }

    public Expression Significand(Expression x)
    {
        var mantissa = Expression.And(Expression.Call(simd.AsUInt64, x), simd.CreateULong(0x000FFFFFFFFFFFFFUL));
        return Expression.Call(simd.AsDoubleFromULong, Expression.Or(mantissa, simd.CreateULong(0x3FF0000000000000UL)));
    }

    public Expression Let(Expression value)
    {
        if (value is ParameterExpression) return value;
        var local = Expression.Variable(simd.V, $"lane{Locals.Count}");
        Locals.Add(local);
        Statements.Add(Expression.Assign(local, value));
        return local;
    }
}
