using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers;

/// <summary>
/// What a study samples with: the method, its options and the seed. Stored with the study (as JSON) so that any
/// worker joining it, or a resumed process, rebuilds exactly the same sampler. A sampler's state follows from the
/// study's trials alone, so resume and many workers need no extra state.
/// </summary>
public abstract record SamplerSettings
{
    /// <summary>Seed of every random choice; trial k's randomness is derived from (Seed, k).</summary>
    public long Seed { get; init; }

    /// <summary>Method name as stored (<c>random</c>, <c>sobol</c>, <c>tpe</c>, <c>cmaes</c>, <c>bads</c>).</summary>
    public abstract string Method { get; }

    internal abstract Sampler CreateSampler(SearchSpace space);

    internal object CreateSamplerForTests(SearchSpace space) => CreateSampler(space);

    internal abstract void WriteOptions(JsonText w);

    /// <summary>JSON form stored with a study.</summary>
    public string ToJson()
    {
        var w = new JsonText().BeginObject().Property("method", Method).Property("seed", Seed);
        WriteOptions(w);
        return w.EndObject().ToString();
    }

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    public static SamplerSettings FromJson(string json)
    {
        JsonObject o;
        try { o = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("sampler settings JSON must be an object"); }
        catch (JsonException e) { throw new ArgumentException($"sampler settings JSON is malformed: {e.Message}"); }
        var method = (string?)o["method"] ?? throw new ArgumentException("sampler settings JSON has no 'method'");
        var seed = (long?)o["seed"] ?? 0;
        return method switch
        {
            "random" => new RandomSettings { Seed = seed },
            "sobol" => SobolSettings.Read(o) with { Seed = seed },
            "tpe" => TpeSettings.Read(o) with { Seed = seed },
            "cmaes" => CmaEsSettings.Read(o) with { Seed = seed },
            "bads" => BadsSettings.Read(o) with { Seed = seed },
            _ => throw new ArgumentException($"unknown sampler method '{method}' (known: random, sobol, tpe, cmaes, bads)"),
        };
    }

    internal static double? ReadDouble(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<double>() : null;
    internal static int? ReadInt(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<int>() : null;
    internal static bool? ReadBool(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<bool>() : null;

    internal static string Format(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Independent uniform draws from each parameter's prior (hyperopt's <c>rand.suggest</c>, Optuna's
/// RandomSampler). Trial k depends only on (Seed, k).</summary>
public sealed record RandomSettings : SamplerSettings
{
    /// <inheritdoc/>
    public override string Method => "random";
    internal override Sampler CreateSampler(SearchSpace space) => new RandomSampler(space, Seed);
    internal override void WriteOptions(JsonText w) { }
}

/// <summary>Sobol low-discrepancy points (Joe–Kuo direction numbers), mapped through each prior's quantile function.
/// Trial k is Sobol point k (the first point, all zeros, is skipped when unscrambled, as Optuna/SciPy warn).</summary>
public sealed record SobolSettings : SamplerSettings
{
    /// <summary>Random digital shift + linear matrix scramble (Owen-type, as SciPy's default), seeded by
    /// <see cref="SamplerSettings.Seed"/>. Unscrambled points are the plain Joe–Kuo sequence.</summary>
    public bool Scramble { get; init; } = true;

    /// <inheritdoc/>
    public override string Method => "sobol";
    internal override Sampler CreateSampler(SearchSpace space) => new SobolSampler(space, Seed, Scramble);
    internal override void WriteOptions(JsonText w) => w.Property("scramble", Scramble);
    internal static SobolSettings Read(JsonObject o) => new() { Scramble = ReadBool(o, "scramble") ?? true };
}
