namespace NeuroFit.Fitting;

/// <summary>
/// What a loss function returns: one value or a list of components that are summed (CompNeuroPy accepts both).
/// Converts implicitly from <c>double</c>, <c>double[]</c> and <c>List&lt;double&gt;</c>.
/// </summary>
public readonly struct LossValue
{
    private readonly double[]? _components;
    private readonly double _single;

    private LossValue(double single, double[]? components)
    {
        _single = single;
        _components = components;
    }

    /// <summary>The components (one element for a single value).</summary>
    public IReadOnlyList<double> Components => _components ?? [_single];

    /// <summary>The sum of the components.</summary>
    public double Total
    {
        get
        {
            if (_components is null) return _single;
            var sum = 0.0;
            foreach (var c in _components) sum += c;
            return sum;
        }
    }

    /// <summary>A single loss value.</summary>
    public static implicit operator LossValue(double value) => new(value, null);

    /// <summary>Loss components to be summed.</summary>
    public static implicit operator LossValue(double[] components) => new(0, components);

    /// <summary>Loss components to be summed.</summary>
    public static implicit operator LossValue(List<double> components) => new(0, [.. components]);
}
