namespace NeuroFit.Inference.Priors;

/// <summary>An axis-aligned box [Low, High] in θ space (bounds may be infinite).</summary>
public sealed record ParameterBox
{
    /// <summary>Creates the box; throws <see cref="InferenceException"/> when a bound is NaN, the lengths differ or Low &gt; High.</summary>
    public ParameterBox(double[] low, double[] high)
    {
        if (low.Length != high.Length) throw new InferenceException($"box bounds have different lengths ({low.Length} and {high.Length}).");
        for (var i = 0; i < low.Length; i++)
        {
            if (double.IsNaN(low[i]) || double.IsNaN(high[i])) throw new InferenceException($"box bound {i} is NaN.");
            if (low[i] > high[i]) throw new InferenceException($"box dimension {i}: low {low[i]} is above high {high[i]}.");
        }
        Low = (double[])low.Clone();
        High = (double[])high.Clone();
    }

    /// <summary>Lower corner.</summary>
    public double[] Low { get; }

    /// <summary>Upper corner.</summary>
    public double[] High { get; }

    /// <summary>Number of dimensions.</summary>
    public int Dimension => Low.Length;

    /// <summary>The whole space of dimension <paramref name="dimension"/>.</summary>
    public static ParameterBox Unbounded(int dimension) =>
        new(Enumerable.Repeat(double.NegativeInfinity, dimension).ToArray(), Enumerable.Repeat(double.PositiveInfinity, dimension).ToArray());

    /// <summary>Whether Low ≤ θ ≤ High in every dimension.</summary>
    public bool Contains(ReadOnlySpan<double> theta)
    {
        for (var i = 0; i < Low.Length; i++)
            if (!(theta[i] >= Low[i] && theta[i] <= High[i])) return false;
        return true;
    }

    /// <summary>The intersection, or null when it is empty.</summary>
    public ParameterBox? Intersect(ParameterBox other)
    {
        var low = new double[Dimension];
        var high = new double[Dimension];
        for (var i = 0; i < Dimension; i++)
        {
            low[i] = Math.Max(Low[i], other.Low[i]);
            high[i] = Math.Min(High[i], other.High[i]);
            if (low[i] > high[i]) return null;
        }
        return new ParameterBox(low, high);
    }

    /// <inheritdoc/>
    public bool Equals(ParameterBox? other) => other is not null && Low.SequenceEqual(other.Low) && High.SequenceEqual(other.High);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Low.Length, Low.FirstOrDefault(), High.FirstOrDefault());

    /// <inheritdoc/>
    public override string ToString() => string.Join(" × ", Low.Zip(High, (l, h) => $"[{l:G4}, {h:G4}]"));
}
