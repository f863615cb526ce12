using ScottPlot;

namespace NeuroFit.Figures;

/// <summary>One line of a <see cref="LineFigure"/>.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values (NaN leaves a gap).</param>
/// <param name="Dashed">Draw dashed.</param>
/// <param name="Color">Line colour as <c>#rrggbb</c>, or null for the next colour of the palette.</param>
/// <param name="Width">Line width in pixels.</param>
public sealed record LineSeries(string Label, double[] X, double[] Y, bool Dashed = false, string? Color = null, float Width = 1.5f);

/// <summary>Line plots saved as SVG or PNG (chosen by the file suffix), headless. Later series are drawn on top.</summary>
public static class LineFigure
{
    /// <summary>Writes a figure with the given lines to <paramref name="path"/> (.svg or .png).</summary>
    public static void Save(string path, string title, string xLabel, string yLabel, IReadOnlyList<LineSeries> series, int width = 800, int height = 450)
    {
        var plot = new Plot();
        foreach (var s in series)
        {
            var scatter = plot.Add.ScatterLine(s.X, s.Y);
            scatter.LegendText = s.Label;
            scatter.LineWidth = s.Width;
            if (s.Color is { } color) scatter.Color = Color.FromHex(color);
            if (s.Dashed) scatter.LinePattern = LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (series.Count > 1) plot.ShowLegend();
        SaveAs(plot, path, width, height);
    }

    internal static void SaveAs(Plot plot, string path, int width, int height)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".png": plot.SavePng(path, width, height); break;
            case ".svg": plot.SaveSvg(path, width, height); break;
            default: throw new ArgumentException($"figure file '{path}' must end in .svg or .png", nameof(path));
        }
    }
}
