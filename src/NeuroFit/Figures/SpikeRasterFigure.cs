using ScottPlot;

namespace NeuroFit.Figures;

/// <summary>One row of a <see cref="SpikeRasterFigure"/>: a label and its spike times.</summary>
/// <param name="Label">Row label (e.g. <c>target</c>, <c>best</c>).</param>
/// <param name="TimesMs">Spike times in ms.</param>
/// <param name="Color">Tick colour as <c>#rrggbb</c>.</param>
public sealed record SpikeRow(string Label, IReadOnlyList<double> TimesMs, string Color);

/// <summary>Spike trains as rows of vertical ticks over time, saved as SVG or PNG (chosen by the suffix), headless.</summary>
public static class SpikeRasterFigure
{
    /// <summary>Writes the rows (first row at the bottom) over [0, <paramref name="durationMs"/>] ms to <paramref name="path"/>.</summary>
    public static void Save(string path, string title, IReadOnlyList<SpikeRow> rows, double durationMs, int width = 800, int height = 250)
    {
        var plot = new Plot();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            // one polyline per row: a tick per spike, separated by NaN gaps
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var t in row.TimesMs)
            {
                xs.AddRange([t, t, double.NaN]);
                ys.AddRange([r + 0.65, r + 1.35, double.NaN]);
            }
            if (xs.Count == 0) continue;
            var ticks = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            ticks.Color = Color.FromHex(row.Color);
            ticks.LineWidth = 1.5f;
        }
        plot.Axes.Left.SetTicks([.. Enumerable.Range(1, rows.Count).Select(i => (double)i)],
            [.. rows.Select(r => $"{r.Label} ({r.TimesMs.Count})")]);
        plot.Axes.SetLimits(0, Math.Max(durationMs, rows.SelectMany(r => r.TimesMs).DefaultIfEmpty(0).Max()), 0.4, rows.Count + 0.6);
        plot.Title(title);
        plot.XLabel("time [ms]");
        LineFigure.SaveAs(plot, path, width, height);
    }
}
