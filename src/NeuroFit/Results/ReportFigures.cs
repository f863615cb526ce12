using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static NeuroFit.Results.HtmlReport;

namespace NeuroFit.Results;

/// <summary>The figures section of <see cref="HtmlReport"/>: every SVG of the run folder as an <c>img</c> with a data URI
/// (self-contained, and no clash between the ids inside different SVGs), convergence first, then traces by chunk.</summary>
internal static partial class ReportFigures
{
    /// <summary>The figure files in reading order: convergence, loss history, per chunk (traces, then spikes), the rest by name.</summary>
    public static IReadOnlyList<string> InOrder(IEnumerable<string> files) =>
        [.. files.OrderBy(Rank).ThenBy(f => Chunk(f)).ThenBy(f => Path.GetFileName(f).Contains("_spike", StringComparison.Ordinal)).ThenBy(f => f, StringComparer.Ordinal)];

    private static int Rank(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        if (name.EndsWith("_convergence", StringComparison.Ordinal)) return 0;
        if (name.EndsWith("_loss_history", StringComparison.Ordinal)) return 1;
        return ChunkFile().IsMatch(name) ? 2 : 3;
    }

    private static int Chunk(string file) =>
        ChunkFile().Match(Path.GetFileNameWithoutExtension(file)) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    /// <summary>A caption for a figure file written by the results writer.</summary>
    internal static string Caption(string file, IReadOnlyDictionary<string, string> units)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        if (name.EndsWith("_convergence", StringComparison.Ordinal))
            return "Best loss so far against wall time; dashed lines: the scale references (centre of the bounds, random candidates, the true parameters where known; one more than three decades below the curves is left out).";
        if (name.EndsWith("_loss_history", StringComparison.Ordinal))
            return "Loss of every evaluation (dots) and the best so far (line) against the evaluation number; dashed lines: the scale references.";
        if (ChunkFile().Match(name) is { Success: true } m)
        {
            var what = m.Groups[2].Value;
            if (what == "spike") return $"Chunk {m.Groups[1].Value}: spike times of the target and of the best parameters (counts in brackets).";
            var unit = units.TryGetValue(what, out var u) ? $" [{u}]" : " (no unit declared in the model)";
            return $"Chunk {m.Groups[1].Value}: {what}{unit} of the target (grey) and of the best parameters (blue) against time [ms].";
        }
        if (name.StartsWith("posterior", StringComparison.Ordinal)) return "Posterior samples (sbi): histograms and pairwise scatter, the best parameters marked.";
        return Path.GetFileName(file);
    }

    public static void Section(StringBuilder html, FitSummary s, IReadOnlyList<string> svgFiles)
    {
        html.Append("<section id=\"figures\"><h2>Figures</h2>\n");
        if (svgFiles.Count == 0) html.Append("<p class=\"muted\">No figures in this run folder.</p>\n");
        foreach (var file in svgFiles)
        {
            var svg = File.ReadAllText(file);
            var start = svg.IndexOf("<svg", StringComparison.Ordinal);
            if (start < 0) continue;
            var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(svg[start..]));
            var caption = Caption(file, s.Units);
            html.Append(CultureInfo.InvariantCulture,
                $"<figure><img alt=\"{E(Path.GetFileName(file))}\" src=\"data:image/svg+xml;base64,{data}\"><figcaption>{E(caption)} <span class=\"muted\">({E(Path.GetFileName(file))})</span></figcaption></figure>\n");
        }
        html.Append("<p class=\"muted\">Axis units come from the model's comments (e.g. <code>v_r = -60  # resting potential (mV)</code>); see docs/model-language.md, “Units”.</p>\n");
        html.Append("</section>\n");
    }

    [GeneratedRegex(@"_chunk(\d+)_(.+)$")]
    private static partial Regex ChunkFile();
}
