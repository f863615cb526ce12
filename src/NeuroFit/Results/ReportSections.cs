using System.Globalization;
using System.Text;
using static NeuroFit.Results.HtmlReport;

namespace NeuroFit.Results;

/// <summary>The table sections of <see cref="HtmlReport"/>.</summary>
internal static class ReportSections
{
    private static void Open(StringBuilder html, string id, string title) =>
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{E(title)}</h2>\n");

    private const string Close = "</section>\n";

    public static void Summary(StringBuilder html, FitSummary s)
    {
        html.Append("<section id=\"summary\">\n");
        var verdict = FitVerdict.Of(s.Loss, s.Scale, s.Known);
        if (verdict.Count > 0)
        {
            html.Append(verdict.Any(v => v.Warning) ? "<div class=\"verdict warn\">" : "<div class=\"verdict\">");
            foreach (var line in verdict) html.Append(CultureInfo.InvariantCulture, $"<p{(line.Warning ? " class=\"warn\"" : "")}>{E(line.Text)}</p>");
            html.Append("</div>\n");
        }
        html.Append("<table class=\"kv\">");
        Row(html, "best loss", N(s.Loss) + (s.Std is { } sd ? $" ± {N(sd)} (SD over repeats)" : ""));
        Row(html, "re-run loss", N(s.RerunLoss) + " (the best parameters simulated again)");
        Row(html, "stopped", s.Stop ?? s.StopReason ?? "–");
        Row(html, "evaluations", $"{s.Evaluations} ({s.Failed} failed) in {s.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        if (s.Known is { } known) Row(html, "true values", $"{known.Source}" + (known.RelativeTolerance is null && known.AbsoluteTolerance is null ? "" : $", tolerance {FitVerdict.Tolerance(known)}"));
        html.Append("</table>\n").Append(Close);
    }

    private static void Row(StringBuilder html, string key, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(key)}</th><td>{E(value)}</td></tr>");

    public static void Scale(StringBuilder html, FitSummary s)
    {
        Open(html, "scale", "Scale: how good is this loss?");
        if (s.Scale is not { } scale)
        {
            html.Append("<p class=\"muted\">No scale references in this results file (written by an older NeuroFit, or with OptNeuronOptions.ScaleSamples = 0 and no centre evaluation).</p>\n").Append(Close);
            return;
        }
        html.Append("<table><tr><th>reference</th><th>loss</th><th>best loss is</th></tr>\n");
        void Reference(string label, double? loss, string? detail = null)
        {
            var ratio = loss is { } l ? $"{FitVerdict.Times(s.Loss, l)} lower" : "–";
            if (loss is { } x && !(s.Loss < x)) ratio = "<span class=\"warn\">not lower</span>";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label)}{(detail is null ? "" : $" <span class=\"muted\">{E(detail)}</span>")}</td><td>{N(loss)}</td><td>{ratio}</td></tr>\n");
        }
        html.Append(CultureInfo.InvariantCulture, $"<tr><td><b>this fit: best loss</b></td><td><b>{N(s.Loss)}</b></td><td></td></tr>\n");
        if (scale.TrueLoss is { } truth)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>true parameters <span class=\"muted\">(the floor that noise in the data sets)</span></td><td>{N(truth)}</td><td>{(FitVerdict.AtFloor(s.Loss, truth, scale) ? "<span class=\"ok\">at the floor</span>" : truth <= 0 ? "above it (noise-free target)" : $"{FitVerdict.Times(truth, s.Loss)} higher")}</td></tr>\n");
        Reference("centre of the bounds", scale.CentreLoss, scale.CentreFailure is { } f ? $"(failed: {f})" : null);
        if (scale.RandomCount > 0)
        {
            Reference($"random: best of {scale.RandomCount}", scale.RandomBest);
            Reference($"random: median of {scale.RandomCount}", scale.RandomMedian, scale.RandomFailed > 0 ? $"({scale.RandomFailed} failed, counted as ∞)" : null);
        }
        html.Append("</table>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Random candidates: {E(scale.RandomSource)}. The centre of the bounds is the midpoint of every range, evaluated before the search.</p>\n");
        html.Append(Close);
    }

    public static void Parameters(StringBuilder html, FitSummary s)
    {
        Open(html, "parameters", s.Known is null ? "Fitted parameters" : "Fitted parameters against the true values");
        var known = s.Known?.Parameters.ToDictionary(p => p.Name);
        html.Append("<table><tr><th>parameter</th><th class=\"text\">unit</th><th>fitted</th>");
        if (known is not null) html.Append("<th>true</th><th>error</th>");
        html.Append("<th>lower</th><th>upper</th><th class=\"text\"></th></tr>\n");
        foreach (var p in s.Best)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(p.Name)}</td><td class=\"text\">{E(s.Units.GetValueOrDefault(p.Name, ""))}</td><td>{N(p.Value)}</td>");
            var notes = new List<string>();
            if (known is not null)
            {
                if (known.TryGetValue(p.Name, out var t))
                {
                    var css = t.WithinTolerance switch { true => " class=\"ok\"", false => " class=\"warn\"", null => "" };
                    html.Append(CultureInfo.InvariantCulture, $"<td>{N(t.True)}</td><td{css}>{E(t.ErrorText)}</td>");
                    if (t.WithinTolerance == false) notes.Add("<span class=\"warn\">outside the tolerance</span>");
                }
                else html.Append("<td>–</td><td>–</td>");
            }
            if (p.AtBound) notes.Add("<span class=\"warn\">at a bound: widen the range?</span>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{N(p.Lower)}</td><td>{N(p.Upper)}</td><td class=\"text\">{string.Join("; ", notes)}</td></tr>\n");
        }
        html.Append("</table>\n");
        if (s.Known is { } k)
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">True values: {E(k.Source)}. Error: |fitted − true| / |true| (the absolute error where the true value is 0).</p>\n");
        html.Append(Close);
        var derived = s.Parameters.Where(kv => s.Best.All(b => b.Name != kv.Key)).ToList();
        if (derived.Count == 0) return;
        Open(html, "constants", "Constants and expressions");
        html.Append("<table><tr><th>name</th><th class=\"text\">unit</th><th>value</th></tr>\n");
        foreach (var (name, value) in derived)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(name)}</td><td class=\"text\">{E(s.Units.GetValueOrDefault(name, ""))}</td><td>{N(value)}</td></tr>\n");
        html.Append("</table>\n").Append(Close);
    }

    public static void LossTerms(StringBuilder html, FitSummary s)
    {
        if (s.AllLoss.Count == 0) return;
        Open(html, "loss-terms", "Loss terms of the best parameters");
        var total = s.AllLoss.Sum();
        var centre = s.Scale?.CentreComponents ?? [];
        var withCentre = centre.Count == s.AllLoss.Count;
        var truth = s.Scale?.TrueComponents ?? [];
        var withTruth = truth.Count == s.AllLoss.Count;
        html.Append("<table><tr><th>term</th><th class=\"text\">unit</th><th>value (re-run)</th><th>share</th>");
        if (withTruth) html.Append("<th>at the true parameters</th>");
        if (withCentre) html.Append("<th>at the centre of the bounds</th>");
        html.Append("</tr>\n");
        for (var i = 0; i < s.AllLoss.Count; i++)
        {
            var label = i < s.LossTerms.Count ? s.LossTerms[i] : $"component {i}";
            var share = total > 0 && double.IsFinite(total) ? (s.AllLoss[i] / total).ToString("P0", CultureInfo.InvariantCulture) : "–";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(label)}</td><td class=\"text\">{E(TermUnit(label, s.Units))}</td><td>{N(s.AllLoss[i])}</td><td>{share}</td>");
            if (withTruth) html.Append(CultureInfo.InvariantCulture, $"<td>{N(truth[i])}</td>");
            if (withCentre) html.Append(CultureInfo.InvariantCulture, $"<td>{N(centre[i])}</td>");
            html.Append("</tr>\n");
        }
        html.Append(CultureInfo.InvariantCulture,
            $"<tr><td><b>total</b></td><td></td><td><b>{N(total)}</b></td><td></td>{(withTruth ? $"<td>{N(truth.Sum())}</td>" : "")}{(withCentre ? $"<td>{N(centre.Sum())}</td>" : "")}</tr>\n");
        html.Append("</table>\n");
        html.Append(s.LossTerms.Count > 0
            ? "<p class=\"muted\">Each term as the config weights it; the loss is their sum.</p>\n"
            : "<p class=\"muted\">The components of the list the loss function returned; the loss is their sum.</p>\n");
        html.Append(Close);
    }

    /// <summary>The unit of a config loss term from its label: rmse of a variable has the variable's unit, mse its square.</summary>
    internal static string TermUnit(string label, IReadOnlyDictionary<string, string> units)
    {
        var words = label.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !units.TryGetValue(words[1], out var unit)) return "";
        return words[0] switch { "rmse" => unit, "mse" => $"({unit})²", _ => "" };
    }

    public static void Notes(StringBuilder html, FitSummary s)
    {
        if (s.Notes.Count > 0)
        {
            Open(html, "notes", "Notes");
            html.Append("<ul>").AppendJoin("", s.Notes.Select(n => $"<li>{E(n)}</li>")).Append("</ul>\n").Append(Close);
        }
        var failures = s.History.Where(h => h.Failure is not null).Take(20).ToList();
        if (failures.Count == 0) return;
        Open(html, "failures", $"Failed evaluations ({s.Failed}; the first {failures.Count})");
        html.Append("<table><tr><th>evaluation</th><th class=\"text\">reason</th></tr>\n");
        foreach (var f in failures) html.Append(CultureInfo.InvariantCulture, $"<tr><td>{f.Evaluation}</td><td class=\"text\">{E(f.Failure!)}</td></tr>\n");
        html.Append("</table>\n").Append(Close);
    }

    public static void Files(StringBuilder html, FitSummary s)
    {
        Open(html, "files", "Files of this run");
        html.Append("<p class=\"muted\">").AppendJoin(" · ", s.Files.Select(f => $"<code>{E(f)}</code>")).Append("</p>\n").Append(Close);
    }
}
