using NeuroFit.Results;

namespace NeuroFit.Fitting;

/// <summary>Notes that warn about a fit whose result carries no information.</summary>
internal static class FitNotes
{
    /// <summary>
    /// A note when every successful evaluation (at least two) gave the same loss: the loss then does not depend on the
    /// fitted parameters in this experiment, and the "best" values are arbitrary. Null otherwise.
    /// </summary>
    public static string? FlatLoss(IReadOnlyList<HistoryEntry> history)
    {
        var losses = history.Where(h => h.Loss is { } l && double.IsFinite(l)).Select(h => h.Loss!.Value).ToList();
        if (losses.Count < 2) return null;
        var (min, max) = (losses.Min(), losses.Max());
        if (max - min > 1e-12 * Math.Max(1, Math.Abs(min))) return null;
        return $"every evaluation gave the same loss ({OptNeuron.Format(min)}): the loss does not depend on the fitted parameters " +
               "in this experiment, so the best values are arbitrary; check that the stimulus drives the model and that the target " +
               "shows what the loss compares (spikes for spike terms)";
    }
}
