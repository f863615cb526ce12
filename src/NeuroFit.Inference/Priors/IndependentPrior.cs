using MathNet.Numerics.Distributions;

namespace NeuroFit.Inference.Priors;

/// <summary>A product of independent one-dimensional MathNet distributions, e.g. Normal(0, 1) × Gamma(2, 1).
/// Draws use the given <see cref="Random"/> (the distributions' own generators are not used).</summary>
public sealed class IndependentPrior : IRestrictablePrior
{
    private readonly IContinuousDistribution[] _marginals;
    private readonly ParameterBox? _restriction;

    /// <summary>Creates the product prior of <paramref name="marginals"/>.</summary>
    public IndependentPrior(params IContinuousDistribution[] marginals) : this(marginals, null) { }

    private IndependentPrior(IContinuousDistribution[] marginals, ParameterBox? restriction)
    {
        if (marginals.Length == 0) throw new InferenceException("IndependentPrior needs at least one marginal distribution.");
        _marginals = (IContinuousDistribution[])marginals.Clone();
        _restriction = restriction;
    }

    /// <summary>The marginals, one per dimension.</summary>
    public IReadOnlyList<IContinuousDistribution> Marginals => _marginals;

    /// <inheritdoc/>
    public int Dimension => _marginals.Length;

    /// <inheritdoc/>
    public ParameterBox SupportBox
    {
        get
        {
            var box = new ParameterBox(_marginals.Select(m => m.Minimum).ToArray(), _marginals.Select(m => m.Maximum).ToArray());
            return _restriction is null ? box : box.Intersect(_restriction) ?? _restriction;
        }
    }

    /// <inheritdoc/>
    public double[,] Sample(int n, Random rng)
    {
        var result = new double[n, Dimension];
        for (var r = 0; r < n; r++)
            for (var j = 0; j < Dimension; j++)
            {
                if (_restriction is null && _marginals[j] is Normal normal)
                {
                    result[r, j] = normal.Mean + normal.StdDev * Numerics.Gaussian.Next(rng);
                    continue;
                }
                var (lo, hi) = Range(j);
                var u = lo + (hi - lo) * rng.NextDouble();
                result[r, j] = InverseCdf(j, u);
            }
        return result;
    }

    /// <inheritdoc/>
    public double LogProb(ReadOnlySpan<double> theta)
    {
        if (!InSupport(theta)) return double.NegativeInfinity;
        double s = 0;
        for (var j = 0; j < Dimension; j++)
        {
            s += _marginals[j].DensityLn(theta[j]);
            if (_restriction is not null) { var (lo, hi) = Range(j); s -= Math.Log(hi - lo); }
        }
        return s;
    }

    /// <inheritdoc/>
    public bool InSupport(ReadOnlySpan<double> theta)
    {
        for (var j = 0; j < Dimension; j++)
        {
            var v = theta[j];
            if (double.IsNaN(v) || v < _marginals[j].Minimum || v > _marginals[j].Maximum) return false;
            if (_restriction is not null && (v < _restriction.Low[j] || v > _restriction.High[j])) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public IPrior RestrictTo(ParameterBox box)
    {
        var combined = _restriction is null ? box : _restriction.Intersect(box) ?? throw new InferenceException($"the box {box} does not meet the prior's support.");
        var restricted = new IndependentPrior(_marginals, combined);
        for (var j = 0; j < Dimension; j++)
        {
            var (lo, hi) = restricted.Range(j);
            if (!(hi > lo)) throw new InferenceException($"the box {box} holds no prior mass in dimension {j}.");
        }
        return restricted;
    }

    // The CDF interval the (possibly restricted) marginal j covers.
    private (double Lo, double Hi) Range(int j)
    {
        if (_restriction is null) return (0, 1);
        var m = _marginals[j];
        var lo = double.IsNegativeInfinity(_restriction.Low[j]) ? 0 : m.CumulativeDistribution(_restriction.Low[j]);
        var hi = double.IsPositiveInfinity(_restriction.High[j]) ? 1 : m.CumulativeDistribution(_restriction.High[j]);
        return (lo, hi);
    }

    // Inverse CDF by bisection on MathNet's CDF (the interface has no quantile function).
    private double InverseCdf(int j, double u)
    {
        var m = _marginals[j];
        double lo = _restriction is null ? m.Minimum : Math.Max(m.Minimum, _restriction.Low[j]);
        double hi = _restriction is null ? m.Maximum : Math.Min(m.Maximum, _restriction.High[j]);
        if (double.IsInfinity(lo) || double.IsInfinity(hi))
        {
            var centre = double.IsFinite(m.Mean) ? m.Mean : 0;
            var step = double.IsFinite(m.StdDev) && m.StdDev > 0 ? m.StdDev : 1;
            if (double.IsInfinity(lo)) { lo = centre - step; while (m.CumulativeDistribution(lo) > u) { step *= 2; lo = centre - step; } }
            step = double.IsFinite(m.StdDev) && m.StdDev > 0 ? m.StdDev : 1;
            if (double.IsInfinity(hi)) { hi = centre + step; while (m.CumulativeDistribution(hi) < u) { step *= 2; hi = centre + step; } }
        }
        for (var i = 0; i < 200 && hi - lo > 1e-15 * Math.Max(1, Math.Abs(lo) + Math.Abs(hi)); i++)
        {
            var mid = 0.5 * (lo + hi);
            if (m.CumulativeDistribution(mid) < u) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
