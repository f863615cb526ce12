using System.Globalization;

namespace NeuroFit.Results;

/// <summary>One sentence of a <see cref="FitVerdict"/>; <paramref name="Warning"/> marks a sign of a poor fit.</summary>
public sealed record VerdictLine(string Text, bool Warning);

/// <summary>
/// "Is this good?" in a few factual sentences, for the console and the report: the best loss against the scale
/// references (how many times lower than random guessing and the centre of the bounds) and the known parameters
/// against their tolerance.
/// </summary>
public static class FitVerdict
{
    /// <summary>The sentences for a fit with best loss <paramref name="loss"/>.</summary>
    public static IReadOnlyList<VerdictLine> Of(double loss, ScaleReference? scale, KnownComparison? known)
    {
        var lines = new List<VerdictLine>();
        if (known is not null) lines.Add(Known(known));
        if (scale?.TrueLoss is { } truth) lines.Add(Truth(loss, truth, scale));
        if (scale is not null) lines.Add(Scale(loss, scale));
        return lines;
    }

    internal static string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>How many times <paramref name="reference"/> exceeds <paramref name="loss"/>, as text (<c>25×</c>).</summary>
    public static string Times(double loss, double reference)
    {
        if (!double.IsFinite(reference)) return "∞×";
        if (loss <= 0) return reference > 0 ? "∞×" : "1×";
        var ratio = reference / loss;
        return ratio switch
        {
            >= 1e5 => $"{ratio.ToString("0.#e0", CultureInfo.InvariantCulture)}×",
            >= 100 => $"{ratio.ToString("N0", CultureInfo.InvariantCulture)}×",
            _ => $"{ratio.ToString("G2", CultureInfo.InvariantCulture)}×",
        };
    }

    private static VerdictLine Scale(double loss, ScaleReference scale)
    {
        var centre = double.IsFinite(scale.CentreLoss) ? $"the loss at the centre of the bounds ({F(scale.CentreLoss)})" : "the centre of the bounds (which failed)";
        if (scale.RandomBest is not { } randomBest)
        {
            var lower = double.IsFinite(scale.CentreLoss) && scale.CentreLoss > 0 ? $"{Times(loss, scale.CentreLoss)} lower than {centre}" : $"compared with {centre}";
            return new VerdictLine($"The best loss, {F(loss)}, is {lower}.", !(loss < scale.CentreLoss));
        }
        if (!(loss < randomBest))
            return new VerdictLine($"The best loss, {F(loss)}, is no lower than the best of {scale.RandomCount} random candidates ({F(randomBest)}): " +
                                   "the search did no better than guessing; give it more evaluations or check the loss and the bounds.", true);
        return new VerdictLine(
            $"The best loss, {F(loss)}, is {Times(loss, randomBest)} lower than the best of {scale.RandomCount} random candidates ({F(randomBest)}) " +
            $"and {Times(loss, scale.CentreLoss)} lower than {centre}.", false);
    }

    /// <summary>
    /// True when <paramref name="loss"/> is at the loss of the true parameters: within 5 % of it, or within a millionth
    /// of the scale (the larger of the centre and random-median losses) above it — noise-free data have a floor of 0.
    /// </summary>
    public static bool AtFloor(double loss, double truth, ScaleReference scale)
    {
        var reference = new[] { scale.CentreLoss, scale.RandomMedian ?? 0 }.Where(double.IsFinite).DefaultIfEmpty(0).Max();
        return loss - truth <= Math.Max(0.05 * Math.Abs(truth), 1e-6 * reference);
    }

    private static VerdictLine Truth(double loss, double truth, ScaleReference scale)
    {
        if (!double.IsFinite(truth)) return new VerdictLine("The true parameters failed to evaluate (their loss is not finite).", true);
        if (AtFloor(loss, truth, scale))
            return new VerdictLine($"The loss of the true parameters is {F(truth)}: the fit reached it, so it is as good as these data allow " +
                                   "(what remains is noise in the data or a mismatch between model and target).", false);
        if (truth <= 0)
            return new VerdictLine($"The loss of the true parameters is {F(truth)} (the target is noise-free): the remaining {F(loss)} is the search's, not the data's.", false);
        return new VerdictLine($"The loss of the true parameters is {F(truth)}, {Times(truth, loss)} lower than the best loss: " +
                               "what remains above it is the search's, not the data's.", false);
    }

    private static VerdictLine Known(KnownComparison known)
    {
        var n = known.Parameters.Count;
        var worst = known.Parameters.OrderByDescending(p => p.RelativeError ?? -1).First();
        if (known.RelativeTolerance is null && known.AbsoluteTolerance is null)
            return new VerdictLine($"Against the true values ({known.Source}): largest error {worst.Name}, {worst.ErrorText}.", false);
        var tolerance = Tolerance(known);
        var outside = known.Parameters.Where(p => p.WithinTolerance == false).ToList();
        if (outside.Count == 0)
            return new VerdictLine($"{n switch { 1 => "The known parameter is", 2 => "Both known parameters are", _ => $"All {n} known parameters are" }} within {tolerance} of the true values " +
                                   $"({known.Source}; largest error {worst.Name}, {worst.ErrorText}).", false);
        return new VerdictLine($"{outside.Count} of {n} known parameters {(outside.Count == 1 ? "is" : "are")} outside {tolerance} of the true values ({known.Source}): " +
                               string.Join(", ", outside.Select(p => $"{p.Name} {p.ErrorText}")) + ".", true);
    }

    /// <summary>The stated tolerance as text (<c>5 %</c>, <c>2 % or 0.001</c>).</summary>
    public static string Tolerance(KnownComparison known)
    {
        var parts = new List<string>();
        if (known.RelativeTolerance is { } r) parts.Add($"{(r * 100).ToString("G3", CultureInfo.InvariantCulture)} %");
        if (known.AbsoluteTolerance is { } a) parts.Add(F(a));
        return string.Join(" or ", parts);
    }
}
