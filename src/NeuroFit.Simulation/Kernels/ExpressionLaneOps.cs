using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>
/// Builds the lane algorithms (<see cref="LaneAlgorithms"/>) as inline expression trees out of hardware intrinsics
/// only, so a kernel evaluating exp or log makes no call.
/// </summary>
internal sealed class ExpressionLaneOps : ILaneOps<Expression>
{
    private static readonly MethodInfo Fma3 = typeof(Vector256).GetMethod(nameof(Vector256.FusedMultiplyAdd),
        [typeof(Vector256<double>), typeof(Vector256<double>), typeof(Vector256<double>)])!;
    private static readonly MethodInfo RoundMethod = typeof(Vector256).GetMethod(nameof(Vector256.Round), [typeof(Vector256<double>)])!;
    private static readonly MethodInfo SelectMethod = Emit.Generic(nameof(Vector256.ConditionalSelect), 3);
    private static readonly MethodInfo AsInt64 = GenericAs(nameof(Vector256.AsInt64));
    private static readonly MethodInfo AsUInt64 = GenericAs(nameof(Vector256.AsUInt64));
    private static readonly MethodInfo AsDoubleFromLong = typeof(Vector256).GetMethod(nameof(Vector256.AsDouble))!.MakeGenericMethod(typeof(long));
    private static readonly MethodInfo AsDoubleFromULong = typeof(Vector256).GetMethod(nameof(Vector256.AsDouble))!.MakeGenericMethod(typeof(ulong));
    private static readonly MethodInfo ShiftLeftLong = typeof(Vector256).GetMethod(nameof(Vector256.ShiftLeft), [typeof(Vector256<long>), typeof(int)])!;
    private static readonly MethodInfo ShiftRightULong = typeof(Vector256).GetMethod(nameof(Vector256.ShiftRightLogical), [typeof(Vector256<ulong>), typeof(int)])!;
    private static readonly MethodInfo CreateLong = typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(long)])!;
    private static readonly MethodInfo CreateULong = typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(ulong)])!;
    private const double Magic = 6755399441055744.0;

    private static MethodInfo GenericAs(string name) => typeof(Vector256).GetMethod(name)!.MakeGenericMethod(typeof(double));

    public List<ParameterExpression> Locals { get; } = [];
    public List<Expression> Statements { get; } = [];

    /// <summary>The statements so far followed by <paramref name="result"/>, as one block expression.</summary>
    public Expression Wrap(Expression result) => Expression.Block(Emit.V, Locals, [.. Statements, result]);

    public Expression C(double x) => Emit.Const(x);
    public Expression Add(Expression a, Expression b) => Expression.Add(a, b);
    public Expression Sub(Expression a, Expression b) => Expression.Subtract(a, b);
    public Expression Mul(Expression a, Expression b) => Expression.Multiply(a, b);
    public Expression Div(Expression a, Expression b) => Expression.Divide(a, b);
    public Expression Fma(Expression a, Expression b, Expression c) => Expression.Call(Fma3, a, b, c);
    public Expression Neg(Expression a) => Expression.Negate(a);
    public Expression Floor(Expression a) => Expression.Call(Emit.Floor, a);
    public Expression Abs(Expression a) => Expression.Call(Emit.Abs, a);
    public Expression RoundEven(Expression a) => Expression.Call(RoundMethod, a);
    public Expression Select(Expression mask, Expression whenTrue, Expression whenFalse) => Expression.Call(SelectMethod, mask, whenTrue, whenFalse);
    public Expression Greater(Expression a, Expression b) => Expression.Call(Emit.GreaterThan, a, b);
    public Expression Less(Expression a, Expression b) => Expression.Call(Emit.LessThan, a, b);
    public Expression Equal(Expression a, Expression b) => Expression.Call(Emit.EqualsMethod, a, b);

    public Expression Pow2(Expression n)
    {
        var bits = Expression.Subtract(Expression.Call(AsInt64, Expression.Add(n, C(Magic))), Expression.Call(AsInt64, C(Magic)));
        var shifted = Expression.Call(ShiftLeftLong, Expression.Add(bits, Expression.Call(CreateLong, Expression.Constant(1023L))), Expression.Constant(52));
        return Expression.Call(AsDoubleFromLong, shifted);
    }

    public Expression Exponent(Expression x)
    {
        var biased = Expression.And(Expression.Call(ShiftRightULong, Expression.Call(AsUInt64, x), Expression.Constant(52)),
            Expression.Call(CreateULong, Expression.Constant(0x7FFUL)));
        var asDouble = Expression.Call(AsDoubleFromULong, Expression.Or(biased, Expression.Call(CreateULong, Expression.Constant(0x4330000000000000UL))));
        return Expression.Subtract(asDouble, C(4503599627370496.0 + 1023.0));
    }

    public Expression Significand(Expression x)
    {
        var mantissa = Expression.And(Expression.Call(AsUInt64, x), Expression.Call(CreateULong, Expression.Constant(0x000FFFFFFFFFFFFFUL)));
        return Expression.Call(AsDoubleFromULong, Expression.Or(mantissa, Expression.Call(CreateULong, Expression.Constant(0x3FF0000000000000UL))));
    }

    public Expression Let(Expression value)
    {
        if (value is ParameterExpression) return value;
        var local = Expression.Variable(Emit.V, $"lane{Locals.Count}");
        Locals.Add(local);
        Statements.Add(Expression.Assign(local, value));
        return local;
    }
}
