namespace NeuroFit.Figures;

/// <summary>The loss of every evaluation and the best loss so far against the evaluation number, on a log axis.</summary>
public static class LossHistoryFigure
{
    /// <summary>Writes the figure (.svg or .png); losses ≤ 0 are drawn at the smallest positive loss seen (a log axis cannot show them).</summary>
    /// <param name="path">Figure file.</param>
    /// <param name="losses">Loss per evaluation (NaN: failed).</param>
    /// <param name="bestSoFar">Best loss so far per evaluation.</param>
    /// <param name="references">Horizontal lines for scale (centre of the bounds, random candidates).</param>
    /// <param name="lossLabel">Name of the loss on the axis (e.g. <c>loss [mV]</c>).</param>
    public static void Save(string path, IReadOnlyList<double> losses, IReadOnlyList<double> bestSoFar,
        IReadOnlyList<LossReference>? references = null, string lossLabel = "loss") =>
        Save(path, Enumerable.Range(1, losses.Count).Select(i => (double)i).ToArray(), losses, bestSoFar, references, lossLabel);

    /// <summary>Writes the figure with the evaluation number of each point given (<paramref name="evaluations"/>), for a
    /// history drawn from fewer points than it has evaluations.</summary>
    public static void Save(string path, double[] evaluations, IReadOnlyList<double> losses, IReadOnlyList<double> bestSoFar,
        IReadOnlyList<LossReference>? references = null, string lossLabel = "loss")
    {
        references = LossAxis.Visible(references ?? [], losses.Concat(bestSoFar));
        var axis = new LossAxis(losses.Concat(bestSoFar).Concat(references.Select(r => r.Loss)));
        var x = evaluations;
        var plot = new ScottPlot.Plot();
        var all = plot.Add.ScatterPoints(x, losses.Select(axis.Y).ToArray());
        all.LegendText = "loss of each evaluation";
        all.MarkerSize = 3;
        all.Color = ScottPlot.Color.FromHex("#9BB7D4");
        var best = plot.Add.ScatterLine(x, bestSoFar.Select(axis.Y).ToArray());
        best.LegendText = "best so far";
        best.LineWidth = 2;
        best.Color = ScottPlot.Color.FromHex("#1F77B4");
        axis.Apply(plot, lossLabel, references);
        plot.Title("Loss against evaluations");
        plot.XLabel("evaluation");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        LineFigure.SaveAs(plot, path, 800, 450);
    }
}
