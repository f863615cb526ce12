using System.Globalization;
using System.Text;

namespace NeuroFit.Results;

/// <summary>
/// Renders a run folder as one self-contained HTML file (figures embedded as data URIs, no script, no external
/// file). A summary comes first — best loss, why the search stopped, the verdict against the scale references and the
/// true parameters — then the parameter table (true values and errors where known, units, a warning for values at a
/// bound), the loss terms, the figures, and the notes. Every part is a <c>section</c> with an id (see
/// <see cref="Sections"/>) so that a browser check can find it.
/// </summary>
public static class HtmlReport
{
    /// <summary>Name of the summary file a run folder holds.</summary>
    public const string SummaryFileName = "results.json";

    /// <summary>Name of the report in a run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Ids of the sections every report has, in order (further ones: <c>loss-terms</c>, <c>constants</c>, <c>notes</c>, <c>failures</c>).</summary>
    public static readonly IReadOnlyList<string> Sections = ["summary", "scale", "parameters", "figures", "files"];

    /// <summary>Writes <c>report.html</c> into <paramref name="runDirectory"/> and returns its path.</summary>
    public static string Write(string runDirectory)
    {
        var summaryPath = Path.Combine(runDirectory, SummaryFileName);
        if (!File.Exists(summaryPath))
            throw new FileNotFoundException($"{runDirectory} is not a NeuroFit run folder: it has no {SummaryFileName}", summaryPath);
        var summary = FitSummary.FromJson(File.ReadAllText(summaryPath));
        var figures = ReportFigures.InOrder(Directory.GetFiles(runDirectory, "*.svg"));
        var path = Path.Combine(runDirectory, FileName);
        File.WriteAllText(path, Render(summary, figures));
        return path;
    }

    /// <summary>Escapes the five characters HTML gives meaning (the file is UTF-8, so ±, µ and × stay readable in the source).</summary>
    internal static string E(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal);

    internal static string N(double? v) => v switch
    {
        null => "–",
        { } x when double.IsPositiveInfinity(x) => "∞",
        { } x => x.ToString("G6", CultureInfo.InvariantCulture),
    };

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1040px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.4}
        h1{margin:0 0 .2em}h2{margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid #ddd;font-size:1.25em}
        .sub{color:#555;margin:0 0 1em}
        table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d4d4d4;padding:4px 10px;text-align:right;vertical-align:top}
        th{background:#f3f3f3;font-weight:600}td:first-child,th:first-child{text-align:left}td.text,th.text{text-align:left}
        table.kv th{text-align:left;width:11em}table.kv td{text-align:left}
        .verdict{margin:.8em 0;padding:.6em .9em;border-left:4px solid #2ca02c;background:#f4faf4}
        .verdict.warn{border-color:#d62728;background:#fdf3f3}.verdict p{margin:.2em 0}
        .warn{color:#b33000}.ok{color:#217a21}.muted{color:#666;font-size:.92em}
        figure{margin:1.2em 0}figure img{display:block;max-width:100%;height:auto;border:1px solid #eee}
        figcaption{color:#444;font-size:.92em;margin-top:.3em}
        code{background:#f4f4f4;padding:0 .25em;border-radius:3px}
        """;

    internal static string Render(FitSummary s, IReadOnlyList<string> svgFiles)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>NeuroFit report: {E(s.Name)}</title><style>{Style}</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(s.Name)}</h1>\n<p class=\"sub\">model <b>{E(s.Model)}</b> · method <b>{E(s.Method)}</b> · seed {s.Seed} · " +
            $"{s.Evaluations} evaluations ({s.Failed} failed) in {s.Seconds:F1} s</p>\n");
        ReportSections.Summary(html, s);
        ReportSections.Scale(html, s);
        ReportSections.Parameters(html, s);
        ReportSections.LossTerms(html, s);
        ReportFigures.Section(html, s, svgFiles);
        ReportSections.Notes(html, s);
        ReportSections.Files(html, s);
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
