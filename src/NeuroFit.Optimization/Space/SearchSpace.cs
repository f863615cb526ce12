using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NeuroFit.Optimization.Space;

/// <summary>An ordered set of named parameters. Order matters: samplers draw parameters in this order, and
/// CMA-ES/Sobol use it as the coordinate order.</summary>
public sealed class SearchSpace
{
    private readonly Parameter[] _parameters;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a space; throws <see cref="SearchSpaceException"/> on an empty list or a duplicate name.</summary>
    public SearchSpace(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0) throw new SearchSpaceException("a search space needs at least one parameter");
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i] ?? throw new SearchSpaceException($"parameter #{i} is null");
            CheckName(p.Name);
            if (!_index.TryAdd(p.Name, i)) throw new SearchSpaceException("appears twice in the search space; names must be unique", p.Name);
        }
    }

    /// <summary>Creates a space from parameters.</summary>
    public SearchSpace(params Parameter[] parameters) : this((IEnumerable<Parameter>)parameters) { }

    /// <summary>The parameters in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Number of parameters.</summary>
    public int Count => _parameters.Length;

    /// <summary>Names in order.</summary>
    public IEnumerable<string> Names => _parameters.Select(p => p.Name);

    /// <summary>The distribution of <paramref name="name"/>; throws when unknown.</summary>
    public Distribution this[string name] => _parameters[IndexOf(name)].Distribution;

    /// <summary>Position of <paramref name="name"/>; throws <see cref="SearchSpaceException"/> when unknown.</summary>
    public int IndexOf(string name) =>
        _index.TryGetValue(name, out var i) ? i
            : throw new SearchSpaceException($"is not in the search space (known: {string.Join(", ", Names)})", name);

    /// <summary>Whether the space has a parameter named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>User-facing values of internal values (choice options instead of indices).</summary>
    public IReadOnlyDictionary<string, object?> ToExternal(IReadOnlyDictionary<string, double> internalValues)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in _parameters)
            if (internalValues.TryGetValue(p.Name, out var v)) result[p.Name] = p.Distribution.ToExternal(v);
        return result;
    }

    /// <summary>Internal values of user-facing values; every parameter must be present and valid.</summary>
    public IReadOnlyDictionary<string, double> ToInternal(IReadOnlyDictionary<string, object?> external)
    {
        foreach (var key in external.Keys)
            if (!Contains(key)) throw new SearchSpaceException($"is not in the search space (known: {string.Join(", ", Names)})", key);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in _parameters)
        {
            if (!external.TryGetValue(p.Name, out var value)) throw new SearchSpaceException("has no value", p.Name);
            double v;
            try { v = p.Distribution.ToInternal(value); }
            catch (SearchSpaceException e) when (e.ParameterName is null) { throw new SearchSpaceException(e.Message, p.Name); }
            if (!p.Distribution.Contains(v)) throw new SearchSpaceException($"value {value} is outside its {p.Distribution.Kind} distribution", p.Name);
            result[p.Name] = v;
        }
        return result;
    }

    /// <summary>JSON form (stored with a study so workers can rebuild the space).</summary>
    public string ToJson()
    {
        var w = new JsonText().BeginArray();
        foreach (var p in _parameters)
        {
            w.BeginObject().Property("name", p.Name);
            p.Distribution.WriteJson(w);
            w.EndObject();
        }
        return w.EndArray().ToString();
    }

    /// <summary>Parses <see cref="ToJson"/> output; throws <see cref="SearchSpaceException"/> on malformed text.</summary>
    public static SearchSpace FromJson(string json)
    {
        JsonArray arr;
        try { arr = JsonNode.Parse(json) as JsonArray ?? throw new SearchSpaceException("search space JSON must be an array"); }
        catch (JsonException e) { throw new SearchSpaceException($"search space JSON is malformed: {e.Message}"); }
        var ps = new List<Parameter>();
        foreach (var node in arr)
        {
            if (node is not JsonObject o) throw new SearchSpaceException("each search space entry must be an object");
            var name = (string?)o["name"] ?? throw new SearchSpaceException("search space entry without 'name'");
            var kind = (string?)o["kind"] ?? throw new SearchSpaceException("has no 'kind'", name);
            double D(string key) => o[key] is JsonValue v ? v.GetValue<double>() : throw new SearchSpaceException($"{kind} needs '{key}'", name);
            long L(string key) => o[key] is JsonValue v ? v.GetValue<long>() : throw new SearchSpaceException($"{kind} needs '{key}'", name);
            ps.Add(kind switch
            {
                "uniform" => Hp.Uniform(name, D("low"), D("high")),
                "quniform" => Hp.QUniform(name, D("low"), D("high"), D("q")),
                "loguniform" => Hp.LogUniform(name, D("low"), D("high")),
                "qloguniform" => Hp.QLogUniform(name, D("low"), D("high"), D("q")),
                "normal" => Hp.Normal(name, D("mu"), D("sigma")),
                "qnormal" => Hp.QNormal(name, D("mu"), D("sigma"), D("q")),
                "lognormal" => Hp.LogNormal(name, D("mu"), D("sigma")),
                "qlognormal" => Hp.QLogNormal(name, D("mu"), D("sigma"), D("q")),
                "randint" => Hp.RandInt(name, L("low"), L("high")),
                "choice" => Hp.Choice(name, ((o["options"] as JsonArray) ?? throw new SearchSpaceException("choice needs 'options'", name))
                    .Select(ParseOption).ToArray()),
                _ => throw new SearchSpaceException($"unknown distribution kind '{kind}'", name),
            });
        }
        return new SearchSpace(ps);
    }

    private static object? ParseOption(JsonNode? n)
    {
        if (n is null) return null;
        var v = n.AsValue();
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => throw new SearchSpaceException($"unsupported choice option {v.ToJsonString()}"),
        };
    }

    internal static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new SearchSpaceException("parameter names must be non-empty");
    }

    /// <summary>What differs between two <see cref="ToJson"/> texts, parameter by parameter, with the settings of each
    /// (<c>a: stored uniform low -50 high 100, given uniform low -5 high 10</c>; a parameter only one of them has).</summary>
    public static string Difference(string storedJson, string givenJson)
    {
        static List<(string Name, string Text)> Entries(string json) =>
            ((JsonNode.Parse(json) as JsonArray) ?? []).OfType<JsonObject>().Select(o => (
                (string?)o["name"] ?? "?",
                string.Join(" ", o.Where(p => p.Key != "name").Select(p => p.Key == "kind" ? (string?)p.Value ?? "" : $"{p.Key} {p.Value?.ToJsonString()}")))).ToList();
        List<(string Name, string Text)> stored, given;
        try { (stored, given) = (Entries(storedJson), Entries(givenJson)); }
        catch (JsonException) { return $"stored: {storedJson}; given: {givenJson}"; }
        var parts = new List<string>();
        foreach (var (name, text) in stored)
        {
            var other = given.FindIndex(g => g.Name == name);
            if (other < 0) parts.Add($"{name}: stored {text}, not given");
            else if (given[other].Text != text) parts.Add($"{name}: stored {text}, given {given[other].Text}");
        }
        foreach (var (name, text) in given)
            if (!stored.Exists(e => e.Name == name)) parts.Add($"{name}: given {text}, not stored");
        if (parts.Count == 0 && stored.Select(e => e.Name).SequenceEqual(given.Select(e => e.Name)) is false)
            parts.Add($"parameter order: stored {string.Join(", ", stored.Select(e => e.Name))}, given {string.Join(", ", given.Select(e => e.Name))}");
        return parts.Count == 0 ? $"stored: {storedJson}; given: {givenJson}" : string.Join("; ", parts);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ", _parameters.Select(p => $"{p.Name}: {p.Distribution.Kind}"));
}
