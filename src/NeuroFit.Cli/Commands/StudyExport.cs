using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Cli;

/// <summary>
/// The trials table of <c>neurofit study export</c>: one row per trial in number order — number, state, loss, loss SD,
/// the parameters (user-facing values), worker, attempt, batch, start and end (UTC, ISO 8601), seconds, and the
/// failure reason or re-queue notes. Numbers are written exactly (round-trip), so two exports compare bit for bit.
/// </summary>
internal static class StudyExport
{
    public static string Write(IStudyStorage storage, string name, string format)
    {
        using var study = Study.Load(storage, name, new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
        var trials = study.GetTrials();
        return format == "json" ? Json(study, trials) : Csv(study, trials);
    }

    /// <summary>A parameter value as text: numbers round-trip, strings as they are, null empty.</summary>
    internal static string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Time(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) : "";

    private static string Csv(Study study, IReadOnlyList<Trial> trials)
    {
        var names = study.Space.Names;
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", new[] { "number", "state", "loss", "loss_sd" }.Concat(names.Select(Quote))
            .Concat(["worker", "attempt", "batch", "started", "completed", "seconds", "reason"])));
        foreach (var t in trials)
        {
            var values = t.HasParams ? study.ExternalParams(t) : null;
            var cells = new List<string>
            {
                t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString().ToLowerInvariant(), Format(t.Loss), Format(t.LossSd),
            };
            cells.AddRange(names.Select(n => Quote(values is null ? "" : Format(values[n]))));
            cells.AddRange([Quote(t.WorkerId ?? ""), t.Attempt.ToString(CultureInfo.InvariantCulture), t.Batch.ToString(CultureInfo.InvariantCulture),
                Time(t.Started), Time(t.Completed), Format(t.Duration?.TotalSeconds), Quote(t.FailureReason ?? "")]);
            text.AppendLine(string.Join(",", cells));
        }
        return text.ToString();
    }

    /// <summary>RFC 4180 quoting where needed.</summary>
    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";

    private static string Json(Study study, IReadOnlyList<Trial> trials)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            void Number(string name, double? v)
            {
                if (v is { } x && double.IsFinite(x)) w.WriteNumber(name, x);
                else w.WriteNull(name);
            }
            w.WriteStartArray();
            foreach (var t in trials)
            {
                w.WriteStartObject();
                w.WriteNumber("number", t.Number);
                w.WriteString("state", t.State.ToString().ToLowerInvariant());
                Number("loss", t.Loss);
                Number("loss_sd", t.LossSd);
                w.WriteStartObject("params");
                if (t.HasParams)
                    foreach (var (name, value) in study.ExternalParams(t))
                        switch (value)
                        {
                            case null: w.WriteNull(name); break;
                            case string s: w.WriteString(name, s); break;
                            case bool b: w.WriteBoolean(name, b); break;
                            case long l: w.WriteNumber(name, l); break;
                            default: w.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
                        }
                w.WriteEndObject();
                if (t.WorkerId is { } worker) w.WriteString("worker", worker); else w.WriteNull("worker");
                w.WriteNumber("attempt", t.Attempt);
                w.WriteNumber("batch", t.Batch);
                if (t.Started is { } s0) w.WriteString("started", Time(s0)); else w.WriteNull("started");
                if (t.Completed is { } c0) w.WriteString("completed", Time(c0)); else w.WriteNull("completed");
                Number("seconds", t.Duration?.TotalSeconds);
                if (t.FailureReason is { } r) w.WriteString("reason", r); else w.WriteNull("reason");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }
}
