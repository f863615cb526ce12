using System.Globalization;
using ScottPlot;

namespace NeuroFit.Figures;

/// <summary>A horizontal reference line on a loss figure (e.g. the loss at the centre of the bounds).</summary>
/// <param name="Label">Legend text.</param>
/// <param name="Loss">The loss it marks (non-finite or ≤ 0 values are not drawn).</param>
/// <param name="Color">Line colour as <c>#rrggbb</c>.</param>
public sealed record LossReference(string Label, double Loss, string Color);

/// <summary>The log-scaled loss axis of the loss figures: values are drawn as log10, ticks are labelled with the losses themselves.</summary>
internal sealed class LossAxis
{
    private readonly double _floor;
    private readonly double _low;
    private readonly double _high;

    /// <summary>An axis for the given losses; losses ≤ 0 are drawn at the smallest positive one (a log axis cannot show them).</summary>
    public LossAxis(IEnumerable<double> losses)
    {
        var positive = losses.Where(l => l > 0 && double.IsFinite(l)).DefaultIfEmpty(1.0).ToList();
        _floor = positive.Min();
        _low = _floor;
        _high = positive.Max();
    }

    /// <summary>A tick label: 3 significant digits, powers of ten as <c>1e-5</c> rather than <c>1E-05</c>.</summary>
    internal static string Label(double loss)
    {
        var text = loss.ToString("G3", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? text : $"{text[..e]}e{int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// Tick values for losses from <paramref name="low"/> to <paramref name="high"/> on a log axis: decades labelled
    /// (with 2 and 5 between them over at most two decades, unlabelled 2…9 over more), or, within less than a decade,
    /// round linear steps (10, 12, 14 …) so that the axis never shows a single label.
    /// </summary>
    internal static List<(double Loss, bool Major)> Ticks(double low, double high)
    {
        var ticks = new List<(double, bool)>();
        if (!(low > 0) || !(high >= low)) return ticks;
        var lo = Math.Log10(low);
        var hi = Math.Log10(high);
        if (hi - lo < 1)
        {
            // linear steps of 1, 2 or 5 × 10^k giving 3 to 10 ticks, a little beyond the data on both sides
            var span = Math.Max(high - low, Math.Abs(high) * 1e-3);
            var step = Math.Pow(10, Math.Floor(Math.Log10(span / 4)));
            foreach (var m in new[] { 1.0, 2, 5, 10 })
                if (span / (step * m) <= 6) { step *= m; break; }
            for (var v = Math.Floor(low / step) * step; v <= high + step; v += step)
                if (v > 0) ticks.Add((Math.Round(v / step) * step, true));
            return ticks;
        }
        var labelled = hi - lo <= 2 ? new[] { 1.0, 2, 5 } : [1.0];
        for (var d = Math.Floor(lo); d <= Math.Ceiling(hi); d++)
            for (var m = 1; m <= 9; m++)
                ticks.Add((m * Math.Pow(10, d), labelled.Contains(m)));
        return ticks;
    }

    /// <summary>
    /// The references worth drawing beside <paramref name="data"/>: those no more than three decades below the data's
    /// smallest positive loss. A far lower one (the near-zero loss of the true parameters of noise-free data) would
    /// flatten the curves into a line; the report's table still gives it.
    /// </summary>
    public static IReadOnlyList<LossReference> Visible(IReadOnlyList<LossReference> references, IEnumerable<double> data)
    {
        var positive = data.Where(l => l > 0 && double.IsFinite(l)).ToList();
        if (positive.Count == 0) return references;
        var floor = positive.Min() / 1e3;
        return [.. references.Where(r => r.Loss >= floor)];
    }

    /// <summary>log10 of the loss as drawn (NaN for a missing or failed value: a gap).</summary>
    public double Y(double loss) => double.IsFinite(loss) ? Math.Log10(Math.Max(loss, _floor)) : double.NaN;

    /// <summary>Labels the left axis with losses (1, 10, 100 …; minor ticks between) and draws the reference lines.</summary>
    public void Apply(Plot plot, string label, IReadOnlyList<LossReference> references)
    {
        foreach (var r in references.Where(r => double.IsFinite(r.Loss) && r.Loss > 0))
        {
            var line = plot.Add.HorizontalLine(Y(r.Loss));
            line.LegendText = r.Label;
            line.Color = Color.FromHex(r.Color);
            line.LineWidth = 1.2f;
            line.LinePattern = LinePattern.Dashed;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (loss, major) in Ticks(_low, _high))
        {
            if (major) ticks.AddMajor(Math.Log10(loss), Label(loss));
            else ticks.AddMinor(Math.Log10(loss));
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.YLabel($"{label} (log scale)");
    }
}
