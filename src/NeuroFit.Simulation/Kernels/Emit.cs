using System.Linq.Expressions;
using System.Reflection;

namespace NeuroFit.Simulation.Kernels;

/// <summary>Small helpers to build expression trees (the vector operations are in <see cref="Simd"/>).</summary>
internal static class Emit
{
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
