using System.Globalization;
using ScottPlot;

namespace NeuroFit.Figures;

/// <summary>
/// The posterior pair plot: 1-D marginal histograms on the diagonal, 2-D densities (binned counts) off it, every axis
/// spanning the parameter bounds, labelled with the parameter names. Drawn by hand as a grid on one ScottPlot
/// <see cref="Plot"/> (its Multiplot cannot write SVG), so the file is SVG or PNG by its suffix.
/// </summary>
public static class PairPlot
{
    private const double Gap = 0.12;

    /// <summary>Writes the pair plot of <paramref name="samples"/> (one draw per row) to <paramref name="path"/>.</summary>
    public static void Save(string path, double[,] samples, IReadOnlyList<string> names, double[] low, double[] high, PairPlotOptions? options = null)
    {
        options ??= new PairPlotOptions();
        var d = samples.GetLength(1);
        Check(names.Count == d, $"{names.Count} parameter names for {d} columns of samples");
        Check(low.Length == d && high.Length == d, $"bounds of length {low.Length}/{high.Length} for {d} parameters");
        for (var j = 0; j < d; j++)
            Check(double.IsFinite(low[j]) && double.IsFinite(high[j]) && low[j] < high[j], $"bounds of '{names[j]}' must be finite with low < high (got [{low[j]}, {high[j]}])");
        Check(options.Bins >= 1 && options.DensityBins >= 1 && options.PanelPixels >= 50, "Bins and DensityBins must be at least 1 and PanelPixels at least 50");
        Check(options.Marker is null || options.Marker.Length == d, $"marker has {options.Marker?.Length} values for {d} parameters");
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".svg" or ".png")) throw new ArgumentException($"figure file '{path}' must end in .svg or .png", nameof(path));

        var plot = new Plot();
        plot.Axes.Frameless();
        plot.HideGrid();
        for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                var cell = Cell(i, j, d);
                if (i == j) DrawHistogram(plot, samples, j, low[j], high[j], options, cell);
                else DrawDensity(plot, samples, j, i, (low[j], high[j]), (low[i], high[i]), options, cell);
                if (options.Marker is { } marker) DrawMarker(plot, marker, i, j, low, high, cell);
                var frame = plot.Add.Rectangle(cell.Left, cell.Right, cell.Bottom, cell.Top);
                frame.FillStyle.Color = Colors.Transparent;
                frame.LineStyle.Color = Colors.Gray;
                frame.LineStyle.Width = 1;
            }
        for (var j = 0; j < d; j++) DrawLabels(plot, names[j], low[j], high[j], j, d);
        if (options.Title is { } title) AddText(plot, title, d / 2.0, d + 0.02, 14, Alignment.LowerCenter, bold: true);
        plot.Axes.SetLimits(-0.45, d + 0.05, -0.45, d + (options.Title is null ? 0.05 : 0.3));

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var size = options.PanelPixels * d + 120;
        if (extension == ".png") plot.SavePng(path, size, size);
        else plot.SaveSvg(path, size, size);
    }

    private static void Check(bool ok, string message)
    {
        if (!ok) throw new ArgumentException($"pair plot: {message}");
    }

    // Panel (row i from the top, column j) in plot units: column j spans [j, j + 1 − gap], row i spans from the top down.
    private static CoordinateRect Cell(int i, int j, int d) => new(j, j + 1 - Gap, d - 1 - i, d - i - Gap);

    private static double Scale(double value, double low, double high, double from, double to) => from + (value - low) / (high - low) * (to - from);

    private static void DrawHistogram(Plot plot, double[,] samples, int column, double low, double high, PairPlotOptions options, CoordinateRect cell)
    {
        var counts = PairPlotHistograms.Histogram(samples, column, low, high, options.Bins);
        var max = Math.Max(1, counts.Max());
        var width = (cell.Right - cell.Left) / options.Bins;
        for (var b = 0; b < options.Bins; b++)
        {
            if (counts[b] == 0) continue;
            var left = cell.Left + b * width;
            var bar = plot.Add.Rectangle(left, left + width, cell.Bottom, cell.Bottom + 0.92 * (cell.Top - cell.Bottom) * counts[b] / max);
            bar.FillStyle.Color = Colors.SteelBlue;
            bar.LineStyle.Color = Colors.White;
            bar.LineStyle.Width = 0.5f;
        }
    }

    private static void DrawDensity(Plot plot, double[,] samples, int x, int y, (double, double) xRange, (double, double) yRange, PairPlotOptions options, CoordinateRect cell)
    {
        var bins = options.DensityBins;
        var counts = PairPlotHistograms.Histogram2D(samples, x, y, xRange, yRange, bins);
        // Heatmap rows run top to bottom; empty bins stay blank (NaN).
        var intensities = new double[bins, bins];
        for (var by = 0; by < bins; by++)
            for (var bx = 0; bx < bins; bx++)
                intensities[bins - 1 - by, bx] = counts[by, bx] == 0 ? double.NaN : counts[by, bx];
        var heatmap = plot.Add.Heatmap(intensities);
        // ScottPlot's extent runs through the centres of the outer cells.
        double halfWidth = (cell.Right - cell.Left) / bins / 2, halfHeight = (cell.Top - cell.Bottom) / bins / 2;
        heatmap.Extent = new CoordinateRect(cell.Left + halfWidth, cell.Right - halfWidth, cell.Bottom + halfHeight, cell.Top - halfHeight);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.NaNCellColor = Colors.Transparent;
        heatmap.Smooth = false;
    }

    private static void DrawMarker(Plot plot, double[] marker, int i, int j, double[] low, double[] high, CoordinateRect cell)
    {
        var color = Colors.OrangeRed;
        var mx = Scale(marker[j], low[j], high[j], cell.Left, cell.Right);
        if (i == j)
        {
            if (mx < cell.Left || mx > cell.Right) return;
            var line = plot.Add.Line(mx, cell.Bottom, mx, cell.Top);
            line.LineColor = color;
            line.LineWidth = 1.5f;
            return;
        }
        var my = Scale(marker[i], low[i], high[i], cell.Bottom, cell.Top);
        if (mx < cell.Left || mx > cell.Right || my < cell.Bottom || my > cell.Top) return;
        var point = plot.Add.Marker(mx, my);
        point.Color = color;
        point.Size = 7;
    }

    private static void DrawLabels(Plot plot, string name, double low, double high, int index, int d)
    {
        // x axis under the bottom row, y axis left of the first column (the first column's y axis is the top parameter's
        // histogram, so it carries no bounds).
        var bottom = Cell(d - 1, index, d);
        AddText(plot, Format(low), bottom.Left, bottom.Bottom - 0.02, 9, Alignment.UpperLeft);
        AddText(plot, Format(high), bottom.Right, bottom.Bottom - 0.02, 9, Alignment.UpperRight);
        AddText(plot, name, (bottom.Left + bottom.Right) / 2, bottom.Bottom - 0.13, 12, Alignment.UpperCenter, bold: true);
        if (index == 0) return;
        var left = Cell(index, 0, d);
        AddText(plot, Format(low), left.Left - 0.02, left.Bottom, 9, Alignment.LowerRight);
        AddText(plot, Format(high), left.Left - 0.02, left.Top, 9, Alignment.UpperRight);
        var label = AddText(plot, name, left.Left - 0.2, (left.Bottom + left.Top) / 2, 12, Alignment.LowerCenter, bold: true);
        label.LabelRotation = -90;
    }

    private static ScottPlot.Plottables.Text AddText(Plot plot, string text, double x, double y, float size, Alignment alignment, bool bold = false)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelAlignment = alignment;
        label.LabelBold = bold;
        label.LabelFontColor = Colors.Black;
        return label;
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
}
