namespace NeuroFit.Fitting;

/// <summary>The loss of one candidate parameter set, aggregated over its <c>numRepLoss</c> repeats.</summary>
/// <param name="Loss">Mean total loss over repeats; +∞ when failed.</param>
/// <param name="Std">Population SD (ddof 0) over repeats, or null with a single repeat.</param>
/// <param name="Components">Mean of each loss component over repeats (for the results file).</param>
/// <param name="FailureReason">Why the candidate failed (non-finite loss, diverging simulation, loss exception), or null.</param>
public sealed record CandidateLoss(double Loss, double? Std, IReadOnlyList<double> Components, string? FailureReason)
{
    /// <summary>True when the candidate could not be evaluated.</summary>
    public bool Failed => FailureReason is not null;

    /// <summary>
    /// The candidate's residual vector when it was asked for and every repeat gave one (else null): one repeat's own,
    /// or with R repeats all of them concatenated and scaled by 1/√R, so that Σr² is the mean over repeats of their Σr².
    /// </summary>
    public double[]? Residuals { get; init; }

    /// <summary>Aggregates the repeats of one candidate: any failed repeat fails the candidate. With
    /// <paramref name="residuals"/>, also their residual vectors (<see cref="Residuals"/>).</summary>
    public static CandidateLoss FromRepeats(IReadOnlyList<LossValue> repeats, IReadOnlyList<string?> repeatFailures, bool residuals = false)
    {
        for (var r = 0; r < repeatFailures.Count; r++)
            if (repeatFailures[r] is { } reason)
                return Failure(repeats.Count > 1 ? $"repeat {r}: {reason}" : reason);
        var totals = repeats.Select(v => v.Total).ToArray();
        var firstBad = Array.FindIndex(totals, t => !double.IsFinite(t));
        if (firstBad >= 0)
            return Failure($"loss is {totals[firstBad]}" + (repeats.Count > 1 ? $" in repeat {firstBad}" : ""));
        var mean = totals.Average();
        double? std = totals.Length > 1 ? Math.Sqrt(totals.Sum(t => (t - mean) * (t - mean)) / totals.Length) : null;
        var width = repeats.Max(v => v.Components.Count);
        var components = new double[width];
        foreach (var v in repeats)
            for (var i = 0; i < v.Components.Count; i++) components[i] += v.Components[i] / repeats.Count;
        return new CandidateLoss(mean, std, components, null) { Residuals = residuals ? CombinedResiduals(repeats) : null };
    }

    private static double[]? CombinedResiduals(IReadOnlyList<LossValue> repeats)
    {
        if (repeats.Count == 1) return repeats[0].GetResiduals();
        var parts = new List<double[]>(repeats.Count);
        foreach (var repeat in repeats)
        {
            if (repeat.GetResiduals() is not { } r || (parts.Count > 0 && r.Length != parts[0].Length)) return null;
            parts.Add(r);
        }
        var scale = 1 / Math.Sqrt(repeats.Count);
        var all = new double[parts.Count * parts[0].Length];
        for (var p = 0; p < parts.Count; p++)
            for (var i = 0; i < parts[p].Length; i++) all[p * parts[0].Length + i] = parts[p][i] * scale;
        return all;
    }

    /// <summary>A failed candidate with the given reason.</summary>
    public static CandidateLoss Failure(string reason) => new(double.PositiveInfinity, null, [], reason);
}
