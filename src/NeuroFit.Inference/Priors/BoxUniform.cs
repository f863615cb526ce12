namespace NeuroFit.Inference.Priors;

/// <summary>Independent uniform priors on [Low, High] per dimension (sbi's <c>BoxUniform</c>; the default prior from
/// parameter bounds).</summary>
public sealed class BoxUniform : IRestrictablePrior
{
    private readonly double _logDensity;

    /// <summary>Creates the prior; every bound must be finite with low &lt; high.</summary>
    public BoxUniform(double[] low, double[] high)
    {
        if (low.Length == 0) throw new InferenceException("BoxUniform needs at least one dimension.");
        Box = new ParameterBox(low, high);
        for (var i = 0; i < low.Length; i++)
            if (!double.IsFinite(low[i]) || !double.IsFinite(high[i]) || !(low[i] < high[i]))
                throw new InferenceException($"BoxUniform dimension {i}: bounds [{low[i]}, {high[i]}] must be finite with low < high.");
        _logDensity = -low.Zip(high, (l, h) => Math.Log(h - l)).Sum();
    }

    /// <summary>The support.</summary>
    public ParameterBox Box { get; }

    /// <summary>Lower bounds.</summary>
    public double[] Low => Box.Low;

    /// <summary>Upper bounds.</summary>
    public double[] High => Box.High;

    /// <inheritdoc/>
    public ParameterBox SupportBox => Box;

    /// <inheritdoc/>
    public int Dimension => Box.Dimension;

    /// <inheritdoc/>
    public double[,] Sample(int n, Random rng)
    {
        var result = new double[n, Dimension];
        for (var r = 0; r < n; r++)
            for (var j = 0; j < Dimension; j++) result[r, j] = Low[j] + (High[j] - Low[j]) * rng.NextDouble();
        return result;
    }

    /// <inheritdoc/>
    public double LogProb(ReadOnlySpan<double> theta) => InSupport(theta) ? _logDensity : double.NegativeInfinity;

    /// <inheritdoc/>
    public bool InSupport(ReadOnlySpan<double> theta) => Box.Contains(theta);

    /// <inheritdoc/>
    public IPrior RestrictTo(ParameterBox box)
    {
        var inside = Box.Intersect(box) ?? throw new InferenceException($"the box {box} does not meet the prior support {Box}.");
        for (var i = 0; i < Dimension; i++)
            if (!(inside.Low[i] < inside.High[i])) throw new InferenceException($"the box {box} meets the prior support {Box} only in a set of zero volume.");
        return new BoxUniform(inside.Low, inside.High);
    }
}
