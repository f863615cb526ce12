using NeuroFit.Models.Analysis;

namespace NeuroFit.Models.Binding;

/// <summary>Names the language knows: built-in functions, distributions, global operations, symbols and reserved words.</summary>
internal static class BuiltinNames
{
    /// <summary>Math functions with their argument counts (MaxArguments = int.MaxValue for variadic).</summary>
    public static readonly IReadOnlyDictionary<string, (MathFunction Function, int MinArguments, int MaxArguments)> Functions =
        new Dictionary<string, (MathFunction, int, int)>(StringComparer.Ordinal)
        {
            ["exp"] = (MathFunction.Exp, 1, 1),
            ["log"] = (MathFunction.Log, 1, 1),
            ["log10"] = (MathFunction.Log10, 1, 1),
            ["sqrt"] = (MathFunction.Sqrt, 1, 1),
            ["sin"] = (MathFunction.Sin, 1, 1),
            ["cos"] = (MathFunction.Cos, 1, 1),
            ["tan"] = (MathFunction.Tan, 1, 1),
            ["asin"] = (MathFunction.Asin, 1, 1),
            ["acos"] = (MathFunction.Acos, 1, 1),
            ["atan"] = (MathFunction.Atan, 1, 1),
            ["sinh"] = (MathFunction.Sinh, 1, 1),
            ["cosh"] = (MathFunction.Cosh, 1, 1),
            ["tanh"] = (MathFunction.Tanh, 1, 1),
            ["floor"] = (MathFunction.Floor, 1, 1),
            ["ceil"] = (MathFunction.Ceil, 1, 1),
            ["abs"] = (MathFunction.Abs, 1, 1),
            ["fabs"] = (MathFunction.Abs, 1, 1),
            ["pos"] = (MathFunction.Pos, 1, 1),
            ["positive"] = (MathFunction.Pos, 1, 1),
            ["neg"] = (MathFunction.Neg, 1, 1),
            ["negative"] = (MathFunction.Neg, 1, 1),
            ["clip"] = (MathFunction.Clip, 3, 3),
            ["modulo"] = (MathFunction.IntModulo, 2, 2),
            ["power"] = (MathFunction.IntPower, 2, 2),
            ["round"] = (MathFunction.Round, 1, 1),
            ["max"] = (MathFunction.Max, 2, int.MaxValue),
            ["Max"] = (MathFunction.Max, 2, int.MaxValue),
            ["min"] = (MathFunction.Min, 2, int.MaxValue),
            ["Min"] = (MathFunction.Min, 2, int.MaxValue),
            ["isfinite"] = (MathFunction.IsFinite, 1, 1),
            ["isnan"] = (MathFunction.IsNaN, 1, 1),
        };

    /// <summary>Random distributions with their argument counts.</summary>
    public static readonly IReadOnlyDictionary<string, (DistributionKind Kind, int Arguments)> Distributions =
        new Dictionary<string, (DistributionKind, int)>(StringComparer.Ordinal)
        {
            ["Uniform"] = (DistributionKind.Uniform, 2),
            ["DiscreteUniform"] = (DistributionKind.DiscreteUniform, 2),
            ["Normal"] = (DistributionKind.Normal, 2),
            ["LogNormal"] = (DistributionKind.LogNormal, 2),
            ["Exponential"] = (DistributionKind.Exponential, 1),
            ["Gamma"] = (DistributionKind.Gamma, 2),
            ["Binomial"] = (DistributionKind.Binomial, 2),
        };

    /// <summary>One-argument population reductions (<c>max(v)</c> with a single identifier is a reduction, not fmax).</summary>
    public static readonly IReadOnlyDictionary<string, GlobalOpKind> GlobalOperations =
        new Dictionary<string, GlobalOpKind>(StringComparer.Ordinal)
        {
            ["max"] = GlobalOpKind.Max,
            ["min"] = GlobalOpKind.Min,
            ["mean"] = GlobalOpKind.Mean,
            ["norm1"] = GlobalOpKind.Norm1,
            ["norm2"] = GlobalOpKind.Norm2,
        };

    public static readonly IReadOnlyDictionary<string, BuiltinSymbol> Symbols = new Dictionary<string, BuiltinSymbol>(StringComparer.Ordinal)
    {
        ["t"] = BuiltinSymbol.Time,
        ["dt"] = BuiltinSymbol.Dt,
        ["t_last"] = BuiltinSymbol.LastSpikeTime,
    };

    /// <summary>Names that cannot be attributes or user functions.</summary>
    public static bool IsReserved(string name) =>
        Functions.ContainsKey(name) || Distributions.ContainsKey(name) || GlobalOperations.ContainsKey(name)
        || Symbols.ContainsKey(name) || name is "ite" or "sum" or "pow" or "True" or "False" or "true" or "false";

    /// <summary>The closest known name within edit distance 2, for "did you mean" hints.</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates.Distinct().OrderBy(c => c, StringComparer.Ordinal))
        {
            var distance = EditDistance(name, candidate);
            if (distance > 0 && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= (name.Length <= 2 ? 1 : 2) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2) return 3;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
