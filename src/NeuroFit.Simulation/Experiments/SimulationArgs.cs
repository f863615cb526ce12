using System.Collections;
using System.Globalization;

namespace NeuroFit.Simulation.Experiments;

/// <summary>Keyword arguments of a simulation function (CompNeuroPy passes them as **kwargs), with typed readers.</summary>
public sealed class SimulationArgs : IReadOnlyDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _values;

    /// <summary>Wraps the merged keyword arguments.</summary>
    public SimulationArgs(IReadOnlyDictionary<string, object?> values)
    {
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);
    }

    /// <summary>Argument <paramref name="name"/> as a number; <paramref name="fallback"/> when absent.</summary>
    public double Double(string name, double? fallback = null)
    {
        if (!_values.TryGetValue(name, out var value) || value is null)
            return fallback ?? throw new ArgumentException($"simulation argument '{name}' is required");
        return value switch
        {
            double d => d,
            IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"simulation argument '{name}' must be a number, got {value.GetType().Name}"),
        };
    }

    /// <summary>Argument <paramref name="name"/> as a whole number.</summary>
    public int Int(string name, int? fallback = null)
    {
        var value = Double(name, fallback);
        return value == Math.Floor(value) ? (int)value : throw new ArgumentException($"simulation argument '{name}' must be a whole number, got {value}");
    }

    /// <summary>Argument <paramref name="name"/> as text.</summary>
    public string String(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var value) && value is not null ? value.ToString()! : fallback ?? throw new ArgumentException($"simulation argument '{name}' is required");

    /// <inheritdoc />
    public object? this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<object?> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
