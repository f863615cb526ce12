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
            string or char or bool or DateTime => throw NotANumber(name, value),
            IConvertible c => ToDouble(name, c),
            _ => throw NotANumber(name, value),
        };
    }

    private static double ToDouble(string name, IConvertible value)
    {
        try { return value.ToDouble(CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException) { throw NotANumber(name, value); }
    }

    private static ArgumentException NotANumber(string name, object value) =>
        new($"simulation argument '{name}' must be a number, got {value.GetType().Name} {(value is string text ? $"\"{text}\"" : Convert.ToString(value, CultureInfo.InvariantCulture))}");

    /// <summary>Argument <paramref name="name"/> as a whole number.</summary>
    public int Int(string name, int? fallback = null)
    {
        var value = Double(name, fallback);
        return value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new ArgumentException($"simulation argument '{name}' must be a whole number, got {value}");
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
