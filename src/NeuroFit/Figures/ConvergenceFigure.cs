namespace NeuroFit.Figures;

/// <summary>The best loss so far against wall time (a step line), on a log axis, with reference lines for scale.</summary>
public static class ConvergenceFigure
{
    /// <summary>Writes the figure (.svg or .png).</summary>
    /// <param name="path">Figure file.</param>
    /// <param name="seconds">Seconds since the fit started when each evaluation finished.</param>
    /// <param name="bestSoFar">Best loss so far after each evaluation (NaN before the first success).</param>
    /// <param name="references">Horizontal lines for scale (centre of the bounds, random candidates).</param>
    /// <param name="lossLabel">Name of the loss on the axis.</param>
    public static void Save(string path, IReadOnlyList<double> seconds, IReadOnlyList<double> bestSoFar,
        IReadOnlyList<LossReference>? references = null, string lossLabel = "best loss")
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(seconds.Count, bestSoFar.Count, nameof(seconds));
        references = LossAxis.Visible(references ?? [], bestSoFar);
        var axis = new LossAxis(bestSoFar.Concat(references.Select(r => r.Loss)));
        var plot = new ScottPlot.Plot();
        var line = plot.Add.ScatterLine(seconds.ToArray(), bestSoFar.Select(axis.Y).ToArray());
        line.ConnectStyle = ScottPlot.ConnectStyle.StepHorizontal;
        line.LegendText = "best so far";
        line.LineWidth = 2;
        line.Color = ScottPlot.Color.FromHex("#1F77B4");
        axis.Apply(plot, lossLabel, references);
        plot.Title("Best loss against wall time");
        plot.XLabel("wall time [s]");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        LineFigure.SaveAs(plot, path, 800, 450);
    }
}
