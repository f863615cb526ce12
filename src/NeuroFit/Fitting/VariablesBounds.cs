using System.Collections;

namespace NeuroFit.Fitting;

/// <summary>
/// What to do with one model attribute during a fit: optimise it within a range, hold it constant, or compute it
/// from other entries. Written as in CompNeuroPy: <c>[lo, hi]</c>, a number, or an expression string.
/// </summary>
public abstract record Bound
{
    /// <summary>A constant value.</summary>
    public static implicit operator Bound(double value) => new ConstantBound(value);

    /// <summary>An expression of other entries, e.g. <c>"v_r + dv"</c>.</summary>
    public static implicit operator Bound(string expression) => expression is null ? null! : new ExpressionBound(expression); // null: reported by VariablesBounds

    /// <summary>A search range <c>[lo, hi]</c> (order-insensitive).</summary>
    public static implicit operator Bound(double[] range) => range is null ? null! : new RangeBound(range); // null: reported by VariablesBounds

    /// <summary>A search range (order-insensitive).</summary>
    public static implicit operator Bound((double A, double B) range) => new RangeBound([range.A, range.B]);
}

/// <summary>An optimised attribute searched within [<see cref="Lower"/>, <see cref="Upper"/>].</summary>
public sealed record RangeBound : Bound
{
    /// <summary>Creates the range from two values in any order; rejects anything that is not two distinct finite numbers.</summary>
    public RangeBound(IReadOnlyList<double> values)
    {
        if (values.Count != 2)
            throw new FitConfigurationException($"a search range needs exactly two values [lo, hi], got {values.Count}");
        if (!double.IsFinite(values[0]) || !double.IsFinite(values[1]))
            throw new FitConfigurationException($"a search range needs finite bounds, got [{values[0]}, {values[1]}]");
        if (values[0] == values[1])
            throw new FitConfigurationException($"a search range needs two different bounds, got [{values[0]}, {values[1]}]; give a single number to hold it constant");
        Lower = Math.Min(values[0], values[1]);
        Upper = Math.Max(values[0], values[1]);
    }

    /// <summary>Lower bound.</summary>
    public double Lower { get; }

    /// <summary>Upper bound.</summary>
    public double Upper { get; }

    /// <summary>Middle of the range.</summary>
    public double Centre => 0.5 * (Lower + Upper);
}

/// <summary>An attribute held at <paramref name="Value"/>.</summary>
public sealed record ConstantBound(double Value) : Bound;

/// <summary>An attribute computed from other entries by <paramref name="Expression"/> (model-language syntax).</summary>
public sealed record ExpressionBound(string Expression) : Bound;

/// <summary>
/// The <c>variables_bounds</c> dictionary of CompNeuroPy, keeping insertion order (the order of optimised parameters
/// in search spaces and results). Keys may name parameters or variables (initial values, e.g. <c>"v": "v_r"</c>).
/// </summary>
public sealed class VariablesBounds : IEnumerable<KeyValuePair<string, Bound>>
{
    private readonly List<KeyValuePair<string, Bound>> _entries = [];

    /// <summary>Gets or sets the entry for <paramref name="name"/>; setting a new name appends it.</summary>
    public Bound this[string name]
    {
        get => _entries.FirstOrDefault(e => e.Key == name).Value
               ?? throw new KeyNotFoundException($"no bound for '{name}'");
        set
        {
            CheckNotNull(name, value);
            var i = _entries.FindIndex(e => e.Key == name);
            if (i >= 0) _entries[i] = new(name, value);
            else _entries.Add(new(name, value));
        }
    }

    /// <summary>Appends an entry (collection-initializer form).</summary>
    public void Add(string name, Bound bound)
    {
        CheckNotNull(name, bound);
        if (_entries.Any(e => e.Key == name)) throw new FitConfigurationException($"'{name}' is bounded twice");
        _entries.Add(new(name, bound));
    }

    private static void CheckNotNull(string name, Bound? bound)
    {
        if (bound is null)
            throw new FitConfigurationException($"'{name}' has no bound (null): give a range new[] {{ lo, hi }}, a constant or an expression of other entries");
    }

    /// <summary>Number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>Names of the optimised entries in order.</summary>
    public IReadOnlyList<string> OptimisedNames => _entries.Where(e => e.Value is RangeBound).Select(e => e.Key).ToList();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Bound>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
