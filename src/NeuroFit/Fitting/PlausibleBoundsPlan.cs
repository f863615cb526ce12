using System.Globalization;
using NeuroFit.Optimization.Samplers;

namespace NeuroFit.Fitting;

/// <summary>Checks <see cref="OptNeuronOptions.PlausibleBounds"/> (CompNeuroPy's <c>variables_bounds_guess</c>)
/// against the optimised parameters and their ranges, and orders each pair (min, max) as CompNeuroPy does.</summary>
internal static class PlausibleBoundsPlan
{
    public static IReadOnlyDictionary<string, PlausibleRange>? Create(IReadOnlyDictionary<string, double[]>? given, ParameterPlan plan)
    {
        if (given is null || given.Count == 0) return null;
        var result = new Dictionary<string, PlausibleRange>(StringComparer.Ordinal);
        foreach (var (name, values) in given)
        {
            var index = plan.Optimised.ToList().IndexOf(name);
            if (index < 0)
                throw new FitConfigurationException(
                    $"plausible bounds: '{name}' is not an optimised parameter (those with a [lo, hi] range: {string.Join(", ", plan.Optimised)})");
            if (values is null || values.Length != 2 || !values.All(double.IsFinite))
                throw new FitConfigurationException($"plausible bounds of '{name}': give two finite numbers [lo, hi]");
            var (lo, hi) = (Math.Min(values[0], values[1]), Math.Max(values[0], values[1]));
            var range = plan.Ranges[index];
            if (!(lo < hi))
                throw new FitConfigurationException($"plausible bounds of '{name}': the two numbers must differ, got [{F(values[0])}, {F(values[1])}]");
            if (lo < range.Lower || hi > range.Upper)
                throw new FitConfigurationException(
                    $"plausible bounds of '{name}' [{F(lo)}, {F(hi)}] must lie inside its range [{F(range.Lower)}, {F(range.Upper)}]; widen the range or narrow the plausible bounds");
            result[name] = new PlausibleRange(lo, hi);
        }
        return result;
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
