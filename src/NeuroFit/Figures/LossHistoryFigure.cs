namespace NeuroFit.Figures;

/// <summary>The loss of every evaluation and the best loss so far, on a log10 axis.</summary>
public static class LossHistoryFigure
{
    /// <summary>Writes the figure; losses ≤ 0 are drawn at the smallest positive loss seen (a log axis cannot show them).</summary>
    public static void Save(string path, IReadOnlyList<double> losses, IReadOnlyList<double> bestSoFar) =>
        Save(path, Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), losses, bestSoFar);

    /// <summary>Writes the figure with the evaluation number of each point given (<paramref name="evaluations"/>), for a
    /// history drawn from fewer points than it has evaluations.</summary>
    public static void Save(string path, double[] evaluations, IReadOnlyList<double> losses, IReadOnlyList<double> bestSoFar)
    {
        var positive = losses.Concat(bestSoFar).Where(l => l > 0 && double.IsFinite(l)).DefaultIfEmpty(1.0).Min();
        double Log(double l) => double.IsFinite(l) ? Math.Log10(Math.Max(l, positive)) : double.NaN;
        var x = evaluations;
        LineFigure.Save(path, "Loss history", "evaluation", "log10 loss",
        [
            new LineSeries("loss", x, losses.Select(Log).ToArray()),
            new LineSeries("best so far", x, bestSoFar.Select(Log).ToArray()),
        ]);
    }
}
