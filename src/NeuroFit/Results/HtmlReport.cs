using System.Globalization;
using System.Net;
using System.Text;

namespace NeuroFit.Results;

/// <summary>
/// Renders a run folder as one self-contained HTML file: summary, parameter table (with a warning for values at a
/// bound), loss history table excerpt, and every SVG figure of the folder inlined.
/// </summary>
public static class HtmlReport
{
    /// <summary>Name of the summary file a run folder holds.</summary>
    public const string SummaryFileName = "results.json";

    /// <summary>Writes <c>report.html</c> into <paramref name="runDirectory"/> and returns its path.</summary>
    public static string Write(string runDirectory)
    {
        var summaryPath = Path.Combine(runDirectory, SummaryFileName);
        if (!File.Exists(summaryPath))
            throw new FileNotFoundException($"{runDirectory} is not a NeuroFit run folder: it has no {SummaryFileName}", summaryPath);
        var summary = FitSummary.FromJson(File.ReadAllText(summaryPath));
        var figures = Directory.GetFiles(runDirectory, "*.svg").Order(StringComparer.Ordinal).ToList();
        var path = Path.Combine(runDirectory, "report.html");
        File.WriteAllText(path, Render(summary, figures));
        return path;
    }

    internal static string Render(FitSummary s, IReadOnlyList<string> svgFiles)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        static string N(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "–";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>NeuroFit report: {E(s.Name)}</title>");
        html.Append("<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}" +
                    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}" +
                    "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.warn{color:#b35900}" +
                    "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(s.Name)}</h1>\n");
        html.Append("<table><tr><th>model</th><th>method</th><th>seed</th><th>evaluations</th><th>failed</th><th>seconds</th><th>best loss</th><th>re-run loss</th></tr>\n");
        html.Append(CultureInfo.InvariantCulture,
            $"<tr><td>{E(s.Model)}</td><td>{E(s.Method)}</td><td>{s.Seed}</td><td>{s.Evaluations}</td><td>{s.Failed}</td><td>{s.Seconds:F2}</td><td>{N(s.Loss)}{(s.Std is { } sd ? $" ± {N(sd)} (SD over repeats)" : "")}</td><td>{N(s.RerunLoss)}</td></tr></table>\n");
        html.Append("<h2>Parameters</h2>\n<table><tr><th>parameter</th><th>best value</th><th>lower</th><th>upper</th><th></th></tr>\n");
        foreach (var p in s.Best)
        {
            var warning = p.AtBound ? "<span class=\"warn\">at a bound: widen the range?</span>" : "";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Name)}</td><td>{N(p.Value)}</td><td>{N(p.Lower)}</td><td>{N(p.Upper)}</td><td>{warning}</td></tr>\n");
        }
        html.Append("</table>\n");
        var derived = s.Parameters.Where(kv => s.Best.All(b => b.Name != kv.Key)).ToList();
        if (derived.Count > 0)
        {
            html.Append("<h3>Constants and expressions</h3>\n<table><tr><th>name</th><th>value</th></tr>\n");
            foreach (var (name, value) in derived) html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td>{N(value)}</td></tr>\n");
            html.Append("</table>\n");
        }
        if (s.AllLoss.Count > 1 || s.LossTerms.Count > 0)
        {
            html.Append("<h2>Loss terms</h2>\n<table><tr><th>term</th><th>weighted value (re-run)</th></tr>\n");
            for (var i = 0; i < s.AllLoss.Count; i++)
            {
                var label = i < s.LossTerms.Count ? s.LossTerms[i] : $"component {i}";
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label)}</td><td>{N(s.AllLoss[i])}</td></tr>\n");
            }
            html.Append("</table>\n");
        }
        if (s.Notes.Count > 0)
            html.Append("<h2>Notes</h2><ul>").AppendJoin("", s.Notes.Select(n => $"<li>{E(n)}</li>")).Append("</ul>\n");
        foreach (var file in svgFiles)
        {
            var svg = File.ReadAllText(file);
            var start = svg.IndexOf("<svg", StringComparison.Ordinal);
            if (start < 0) continue;
            html.Append(CultureInfo.InvariantCulture, $"<figure>{svg[start..]}<figcaption>{E(Path.GetFileName(file))}</figcaption></figure>\n");
        }
        var failures = s.History.Where(h => h.Failure is not null).Take(20).ToList();
        if (failures.Count > 0)
        {
            html.Append("<h2>Failed evaluations (first 20)</h2>\n<table><tr><th>evaluation</th><th>reason</th></tr>\n");
            foreach (var f in failures) html.Append(CultureInfo.InvariantCulture, $"<tr><td>{f.Evaluation}</td><td>{E(f.Failure!)}</td></tr>\n");
            html.Append("</table>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
