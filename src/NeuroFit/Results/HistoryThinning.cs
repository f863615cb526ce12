namespace NeuroFit.Results;

/// <summary>
/// Keeps a long loss history readable: results.json holds at most <see cref="MaxJsonEntries"/> entries (every improvement
/// of the best, the first failures, the last evaluation, and evenly spaced others); the NPZ file holds every evaluation.
/// A figure draws at most <see cref="MaxFigurePoints"/> points: the lowest loss of each run of evaluations.
/// </summary>
public static class HistoryThinning
{
    /// <summary>Most history entries written to results.json.</summary>
    public const int MaxJsonEntries = 5000;

    /// <summary>Most points of a loss-history figure.</summary>
    public const int MaxFigurePoints = 2000;

    private const int KeptFailures = 20;

    /// <summary>The entries of <paramref name="history"/> worth keeping, in order; the history itself when it is short.</summary>
    public static IReadOnlyList<HistoryEntry> Thin(IReadOnlyList<HistoryEntry> history, int max = MaxJsonEntries)
    {
        if (history.Count <= max) return history;
        var keep = new SortedSet<int> { 0, history.Count - 1 };
        var improvements = new List<int>();
        double? best = null;
        var failures = 0;
        for (var i = 0; i < history.Count; i++)
        {
            var b = history[i].Best;
            if (b is { } v && (best is null || v < best)) { improvements.Add(i); best = v; }
            if (history[i].Failure is not null && failures++ < KeptFailures) keep.Add(i);
        }
        var half = max / 2;
        var step = Math.Max(1.0, (double)improvements.Count / half);
        for (var k = 0.0; k < improvements.Count; k += step) keep.Add(improvements[(int)k]);
        if (improvements.Count > 0) keep.Add(improvements[^1]);
        var spacing = (double)history.Count / Math.Max(1, max - keep.Count);
        for (var x = 0.0; x < history.Count && keep.Count < max; x += spacing) keep.Add((int)x);
        return keep.Select(i => history[i]).ToList();
    }

    /// <summary>Points of a loss-history figure: per run of consecutive evaluations, its last evaluation number, its lowest
    /// loss (NaN when none succeeded), the best so far and the seconds at its end.</summary>
    public static (double[] Evaluation, double[] Loss, double[] Best, double[] Seconds) FigurePoints(IReadOnlyList<HistoryEntry> history, int max = MaxFigurePoints)
    {
        var buckets = Math.Min(history.Count, max);
        var x = new double[buckets];
        var loss = new double[buckets];
        var best = new double[buckets];
        var seconds = new double[buckets];
        for (var b = 0; b < buckets; b++)
        {
            var from = (int)((long)b * history.Count / buckets);
            var to = (int)((long)(b + 1) * history.Count / buckets);
            var low = double.NaN;
            for (var i = from; i < to; i++)
                if (history[i].Loss is { } l && !(l >= low)) low = l;
            x[b] = history[to - 1].Evaluation;
            loss[b] = low;
            best[b] = history[to - 1].Best ?? double.NaN;
            seconds[b] = history[to - 1].Seconds;
        }
        return (x, loss, best, seconds);
    }
}
