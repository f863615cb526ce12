using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>Small helpers to build expression trees over <see cref="Vector256{T}"/> of double.</summary>
internal static class Emit
{
    public static readonly Type V = typeof(Vector256<double>);
    public static readonly Type VU = typeof(Vector256<ulong>);

    private static readonly MethodInfo CreateDouble = typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(double)])!;
    private static readonly MethodInfo CreateULong = typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(ulong)])!;

    public static Expression Const(double value) => Expression.Call(CreateDouble, Expression.Constant(value));
    public static Expression Broadcast(Expression scalar) => Expression.Call(CreateDouble, scalar);
    public static Expression BroadcastULong(Expression scalar) => Expression.Call(CreateULong, scalar);

    /// <summary>A generic <see cref="Vector256"/> method instantiated for double, by name and arity.</summary>
    public static MethodInfo Generic(string name, int arity)
    {
        var method = typeof(Vector256).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == arity
                         && m.GetParameters().All(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(Vector256<>)));
        return method.MakeGenericMethod(typeof(double));
    }

    public static Expression Call(string vmathMethod, params Expression[] args) =>
        Expression.Call(Method(typeof(VMath), vmathMethod, args.Length), args);

    public static Expression Call(Type type, string method, params Expression[] args) =>
        Expression.Call(Method(type, method, args.Length, args.Select(a => a.Type).ToArray()), args);

    public static MethodInfo Method(Type type, string name, int arity, Type[]? types = null)
    {
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name == name && m.GetParameters().Length == arity && !m.IsGenericMethodDefinition)
            .Where(m => types is null || m.GetParameters().Select(p => p.ParameterType).SequenceEqual(types))
            .ToList();
        if (candidates.Count != 1)
            throw new InvalidOperationException($"{type.Name}.{name}/{arity}: {candidates.Count} candidates");
        return candidates[0];
    }

    public static readonly MethodInfo LessThan = Generic(nameof(Vector256.LessThan), 2);
    public static readonly MethodInfo LessThanOrEqual = Generic(nameof(Vector256.LessThanOrEqual), 2);
    public static readonly MethodInfo GreaterThan = Generic(nameof(Vector256.GreaterThan), 2);
    public static readonly MethodInfo GreaterThanOrEqual = Generic(nameof(Vector256.GreaterThanOrEqual), 2);
    public static readonly MethodInfo EqualsMethod = Generic(nameof(Vector256.Equals), 2);
    public static readonly MethodInfo Sqrt = Generic(nameof(Vector256.Sqrt), 1);
    public static readonly MethodInfo GetElement = typeof(Vector256).GetMethod(nameof(Vector256.GetElement))!.MakeGenericMethod(typeof(double));
    public static readonly MethodInfo Abs = Generic(nameof(Vector256.Abs), 1);
    public static readonly MethodInfo Floor = typeof(Vector256).GetMethod(nameof(Vector256.Floor), [typeof(Vector256<double>)])!;
    public static readonly MethodInfo Ceiling = typeof(Vector256).GetMethod(nameof(Vector256.Ceiling), [typeof(Vector256<double>)])!;

    public static Expression AllBitsSet => Expression.Property(null, V.GetProperty(nameof(Vector256<double>.AllBitsSet))!);
    public static Expression Zero => Expression.Property(null, V.GetProperty(nameof(Vector256<double>.Zero))!);

    /// <summary><c>while (i &lt; end) { body; i += increment; }</c></summary>
    public static Expression For(ParameterExpression i, Expression start, Expression end, Expression increment, Expression body)
    {
        var exit = Expression.Label("exit");
        return Expression.Block(
            Expression.Assign(i, start),
            Expression.Loop(
                Expression.IfThenElse(
                    Expression.LessThan(i, end),
                    Expression.Block(body, Expression.AddAssign(i, increment)),
                    Expression.Break(exit)),
                exit));
    }
}
