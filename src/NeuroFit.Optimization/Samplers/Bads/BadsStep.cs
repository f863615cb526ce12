using System.Globalization;
using System.Text.Json.Nodes;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>A step that evaluated nothing (an empty poll or search set), folded into the next proposal, with the GP
/// refit made just before it, if any.</summary>
internal sealed record BadsEvent(BadsStage Kind, double[]? Refit);

/// <summary>
/// One proposed step: its kind, the decisions the state transitions need (a GP refit, the hedge's choice of search,
/// the zero-evaluation steps before it) and its points with the GP's predictions there. Stored with every member trial
/// as <c>bads:plan</c> (JSON), so a study replays it without refitting anything.
/// </summary>
internal sealed record BadsStep(BadsStage Kind, IReadOnlyList<BadsEvent> Before, double[]? Refit, int HedgeChoice,
    IReadOnlyList<double[]> Points, IReadOnlyList<(double Mu, double Sd)> Predictions)
{
    public string PlanJson()
    {
        var w = new JsonText().BeginObject().Property("kind", Name(Kind)).Property("n", Points.Count).Property("es", HedgeChoice);
        if (Refit is { } r) WriteArray(w.Name("refit"), r);
        if (Before.Count > 0)
        {
            w.Name("before").BeginArray();
            foreach (var e in Before)
            {
                w.BeginObject().Property("kind", Name(e.Kind));
                if (e.Refit is { } er) WriteArray(w.Name("refit"), er);
                w.EndObject();
            }
            w.EndArray();
        }
        return w.EndObject().ToString();
    }

    /// <summary>The plan part of a stored step: kind, member count, hedge choice, refit, events.</summary>
    public static (BadsStage Kind, int Count, int HedgeChoice, double[]? Refit, List<BadsEvent> Before) ParsePlan(string json)
    {
        var o = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("bads:plan is not a JSON object");
        var before = new List<BadsEvent>();
        if (o["before"] is JsonArray events)
            foreach (var e in events)
                before.Add(new BadsEvent(KindOf((string)e!["kind"]!), ReadArray(e["refit"])));
        return (KindOf((string)o["kind"]!), (int)o["n"]!, (int)o["es"]!, ReadArray(o["refit"]), before);
    }

    private static string Name(BadsStage k) => k switch
    {
        BadsStage.Init => "init",
        BadsStage.Poll => "poll",
        BadsStage.Search => "search",
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    private static BadsStage KindOf(string s) => s switch
    {
        "init" => BadsStage.Init,
        "poll" => BadsStage.Poll,
        "search" => BadsStage.Search,
        _ => throw new FormatException($"unknown BADS step kind '{s}'"),
    };

    private static void WriteArray(JsonText w, double[] values)
    {
        w.BeginArray();
        foreach (var v in values) w.Value(v);
        w.EndArray();
    }

    private static double[]? ReadArray(JsonNode? node) => node is JsonArray a ? a.Select(v => v!.GetValue<double>()).ToArray() : null;

    /// <summary>Comma-separated round-trip text of a vector (NaN and ∞ allowed).</summary>
    public static string Format(ReadOnlySpan<double> x)
    {
        var text = new System.Text.StringBuilder(x.Length * 24);
        for (var i = 0; i < x.Length; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(x[i].ToString("R", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    public static double[] Parse(string s) => s.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
