namespace NeuroFit.Fitting;

/// <summary>
/// What a loss function returns: one value or a list of components that are summed (CompNeuroPy accepts both), and
/// optionally a residual vector for least-squares polishing (<see cref="FromResiduals"/>).
/// Converts implicitly from <c>double</c>, <c>double[]</c> and <c>List&lt;double&gt;</c> (no residuals).
/// </summary>
public readonly struct LossValue
{
    private readonly double[]? _components;
    private readonly double _single;
    private readonly double[]? _residuals;
    private readonly Func<double[]?>? _residualSource;

    private LossValue(double single, double[]? components, double[]? residuals = null, Func<double[]?>? residualSource = null)
    {
        _single = single;
        _components = components;
        _residuals = residuals;
        _residualSource = residualSource;
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

    /// <summary>Whether the value carries residuals (or can compute them).</summary>
    public bool HasResiduals => _residuals is not null || _residualSource is not null;

    /// <summary>The residual vector, or null without one. A config loss computes it here, on demand, so searches
    /// that do not need it do not pay for it.</summary>
    public double[]? GetResiduals() => _residuals ?? _residualSource?.Invoke();

    /// <summary>
    /// A loss given by residuals r (e.g. the differences of a simulated and a recorded trace, scaled as you like).
    /// The loss is <paramref name="total"/> when given, else Σr² (the sum of squares, not its mean or root: divide the
    /// residuals by √N for a mean). The local polish minimises ½·Σr² with Levenberg–Marquardt; give a
    /// <paramref name="total"/> that is a monotone function of Σr² (e.g. the RMSE, √(Σr²/N)) so that every method
    /// ranks candidates alike.
    /// </summary>
    /// <exception cref="ArgumentException">No residuals.</exception>
    public static LossValue FromResiduals(IReadOnlyList<double> residuals, double? total = null)
    {
        ArgumentNullException.ThrowIfNull(residuals);
        if (residuals.Count == 0) throw new ArgumentException("give at least one residual", nameof(residuals));
        var copy = residuals.ToArray();
        var sum = 0.0;
        foreach (var r in copy) sum += r * r;
        return new LossValue(total ?? sum, null, copy);
    }

    /// <summary>Components with residuals computed only when asked for.</summary>
    internal static LossValue WithResidualSource(double[] components, Func<double[]?> residuals) => new(0, components, null, residuals);

    /// <summary>A single loss value.</summary>
    public static implicit operator LossValue(double value) => new(value, null);

    /// <summary>Loss components to be summed.</summary>
    public static implicit operator LossValue(double[] components) => new(0, components);

    /// <summary>Loss components to be summed.</summary>
    public static implicit operator LossValue(List<double> components) => new(0, [.. components]);
}
