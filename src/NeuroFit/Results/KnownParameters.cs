using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeuroFit.Config;

namespace NeuroFit.Results;

/// <summary>
/// True values of fitted parameters, when they are known: synthetic data made with known parameters (a
/// <c>known.json</c> beside the config) or a target model (its values of the fitted parameters).
/// </summary>
/// <param name="Values">Parameter name → true value.</param>
/// <param name="Source">Where the values come from, in words (e.g. <c>known.json</c>).</param>
public sealed record KnownParameters(IReadOnlyDictionary<string, double> Values, string Source)
{
    /// <summary>A fitted value within max(relative × |true|, absolute) of the true one counts as recovered.</summary>
    public double? RelativeTolerance { get; init; }

    /// <summary>See <see cref="RelativeTolerance"/> (useful for a true value of 0).</summary>
    public double? AbsoluteTolerance { get; init; }

    /// <summary>Name of the file beside a config that holds its known parameters.</summary>
    public const string FileName = "known.json";

    /// <summary>
    /// Reads <c>known.json</c>: <c>{"parameters": {"a": 0.8, …}, "relative_tolerance": 0.02, "absolute_tolerance": 0.001}</c>
    /// (the tolerances are optional; other keys are ignored).
    /// </summary>
    /// <exception cref="ConfigException">The file is not such a JSON object.</exception>
    public static KnownParameters Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object)
                throw new ConfigException(path, "parameters", "expected an object {\"parameters\": {\"name\": true value, …}}");
            var values = new Dictionary<string, double>();
            foreach (var p in parameters.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !double.IsFinite(p.Value.GetDouble()))
                    throw new ConfigException(path, $"parameters.{p.Name}", $"expected a finite number, got {p.Value.GetRawText()}");
                values[p.Name] = p.Value.GetDouble();
            }
            return new KnownParameters(values, FileName)
            {
                RelativeTolerance = Optional(root, "relative_tolerance", path),
                AbsoluteTolerance = Optional(root, "absolute_tolerance", path),
            };
        }
        catch (JsonException e)
        {
            throw new ConfigException(path, "", $"not valid JSON: {e.Message}");
        }
    }

    /// <summary>The <c>known.json</c> beside <paramref name="configPath"/>, or null when there is none.</summary>
    public static KnownParameters? Beside(string configPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath)) ?? ".", FileName);
        return File.Exists(path) ? Read(path) : null;
    }

    private static double? Optional(JsonElement root, string key, string path)
    {
        if (!root.TryGetProperty(key, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Number || !(value.GetDouble() >= 0))
            throw new ConfigException(path, key, $"expected a number ≥ 0, got {value.GetRawText()}");
        return value.GetDouble();
    }

    /// <summary>
    /// These values, completed by <paramref name="other"/> for the names they lack (the first source wins); null when both are null.
    /// </summary>
    public static KnownParameters? Combine(KnownParameters? first, KnownParameters? other)
    {
        if (first is null || other is null) return first ?? other;
        var added = other.Values.Where(kv => !first.Values.ContainsKey(kv.Key)).ToList();
        if (added.Count == 0) return first;
        var values = new Dictionary<string, double>(first.Values);
        foreach (var (name, value) in added) values[name] = value;
        return first with { Values = values, Source = $"{first.Source}; {string.Join(", ", added.Select(a => a.Key))} from {other.Source}" };
    }

    /// <summary>Compares the fitted values with the true ones (only the names both have, in <paramref name="fitted"/>'s order).</summary>
    public KnownComparison? Compare(IEnumerable<KeyValuePair<string, double>> fitted)
    {
        var rows = fitted.Where(f => Values.ContainsKey(f.Key)).Select(f => TrueParameter.Of(f.Key, Values[f.Key], f.Value, this)).ToList();
        return rows.Count == 0 ? null : new KnownComparison(Source, RelativeTolerance, AbsoluteTolerance, rows);
    }
}

/// <summary>One fitted parameter against its true value.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="True">True value.</param>
/// <param name="Fitted">Fitted (best) value.</param>
/// <param name="AbsoluteError">|fitted − true|.</param>
/// <param name="RelativeError">|fitted − true| / |true|; null for a true value of 0.</param>
/// <param name="WithinTolerance">Whether the error is within the stated tolerance; null when none is stated.</param>
public sealed record TrueParameter(string Name, double True, double Fitted, double AbsoluteError, double? RelativeError, bool? WithinTolerance)
{
    internal static TrueParameter Of(string name, double truth, double fitted, KnownParameters known)
    {
        var error = Math.Abs(fitted - truth);
        double? relative = truth == 0 ? null : error / Math.Abs(truth);
        bool? within = known.RelativeTolerance is null && known.AbsoluteTolerance is null
            ? null
            : error <= Math.Max((known.RelativeTolerance ?? 0) * Math.Abs(truth), known.AbsoluteTolerance ?? 0);
        return new TrueParameter(name, truth, fitted, error, relative, within);
    }

    /// <summary>The error as text: a percentage, or the absolute error when the true value is 0.</summary>
    [JsonIgnore]
    public string ErrorText => RelativeError is { } r
        ? (r < 1e-5 ? "< 0.001" : (r * 100).ToString(r < 0.001 ? "0.000" : r < 0.1 ? "0.00" : "0.0", CultureInfo.InvariantCulture)) + " %"
        : "±" + AbsoluteError.ToString("G3", CultureInfo.InvariantCulture) + " (true 0)";
}

/// <summary>True against fitted values of a fit (the results file's <c>known</c> entry).</summary>
/// <param name="Source">Where the true values come from.</param>
/// <param name="RelativeTolerance">Stated relative tolerance, or null.</param>
/// <param name="AbsoluteTolerance">Stated absolute tolerance, or null.</param>
/// <param name="Parameters">One row per fitted parameter with a known value.</param>
public sealed record KnownComparison(string Source, double? RelativeTolerance, double? AbsoluteTolerance, IReadOnlyList<TrueParameter> Parameters)
{
    /// <summary>The largest relative error (null when none is defined).</summary>
    [JsonIgnore]
    public double? WorstRelativeError => Parameters.Select(p => p.RelativeError).OfType<double>().DefaultIfEmpty(double.NaN).Max() is var m && double.IsNaN(m) ? null : m;
}
