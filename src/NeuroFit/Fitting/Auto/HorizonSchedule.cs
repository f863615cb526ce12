namespace NeuroFit.Fitting.Auto;

/// <summary>
/// The horizons of a growing-horizon fit: one just after each target event (a spike or a phase boundary), so that every
/// stage adds about one new event to what is fitted, thinned to at most <see cref="MaxStages"/> stages, and always ending
/// with the whole experiment.
/// </summary>
internal static class HorizonSchedule
{
    /// <summary>Most horizons before the whole experiment.</summary>
    public const int MaxStages = 16;

    /// <summary>How far past an event its horizon lies: this share of the gap to the next event, at most <see cref="MaxMarginMs"/>.</summary>
    private const double GapShare = 0.5;

    private const double MaxMarginMs = 5;

    /// <summary>Horizons closer than this share of the duration are merged.</summary>
    private const double MinSpacingShare = 0.02;

    /// <summary>Increasing horizons in ms, the last one <paramref name="durationMs"/>.</summary>
    public static IReadOnlyList<double> Create(double durationMs, IEnumerable<double> eventTimesMs)
    {
        if (!(durationMs > 0)) throw new ArgumentOutOfRangeException(nameof(durationMs), durationMs, "the experiment must last longer than 0 ms");
        var events = eventTimesMs.Where(t => t > 0 && t < durationMs).Distinct().Order().ToList();
        var horizons = new List<double>();
        for (var i = 0; i < events.Count; i++)
        {
            var next = i + 1 < events.Count ? events[i + 1] : durationMs;
            horizons.Add(events[i] + Math.Min(MaxMarginMs, GapShare * (next - events[i])));
        }
        if (horizons.Count > MaxStages)
        {
            // keep every k-th, so that each stage adds about the same number of events
            var step = (double)horizons.Count / MaxStages;
            horizons = Enumerable.Range(0, MaxStages).Select(k => horizons[(int)Math.Floor((k + 1) * step) - 1]).ToList();
        }
        var spacing = MinSpacingShare * durationMs;
        var result = new List<double>();
        foreach (var h in horizons)
        {
            if (durationMs - h < spacing) break;
            if (result.Count > 0 && h - result[^1] < spacing) result[^1] = h;
            else result.Add(h);
        }
        result.Add(durationMs);
        return result;
    }
}
