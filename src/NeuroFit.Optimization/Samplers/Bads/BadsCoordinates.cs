using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>
/// BADS's standardised coordinates u: each parameter goes to its unit-cube coordinate (the prior quantile, as the
/// other samplers use) or, with nonlinear scaling, to log(value) for a uniform parameter with positive bounds whose
/// plausible range spans a factor ≥ 10 (PyBADS's rule); then the plausible box is mapped linearly to [−1, 1]. The hard
/// bounds become <see cref="Lower"/>/<see cref="Upper"/>.
/// </summary>
internal sealed class BadsCoordinates
{
    private readonly SearchSpace _space;
    private readonly bool[] _log;
    private readonly double[] _centre, _halfWidth;

    public BadsCoordinates(SearchSpace space, BadsSettings settings)
    {
        _space = space;
        var d = space.Count;
        _log = new bool[d];
        _centre = new double[d];
        _halfWidth = new double[d];
        Lower = new double[d];
        Upper = new double[d];
        PlausibleLower = new double[d];
        PlausibleUpper = new double[d];
        if (settings.PlausibleBounds is { } given)
            foreach (var name in given.Keys)
                if (!space.Contains(name))
                    throw new SearchSpaceException($"BADS plausible bounds name a parameter that is not in the search space (known: {string.Join(", ", space.Names)})", name);
        for (var i = 0; i < d; i++)
        {
            var p = space.Parameters[i];
            double lo, hi;
            if (settings.PlausibleBounds is { } pb && pb.TryGetValue(p.Name, out var r))
            {
                if (!double.IsFinite(r.Low) || !double.IsFinite(r.High) || !(r.Low < r.High))
                    throw new SearchSpaceException($"a plausible range needs two finite numbers low < high, got [{r.Low}, {r.High}]", p.Name);
                if (!p.Distribution.Contains(r.Low) || !p.Distribution.Contains(r.High))
                    throw new SearchSpaceException($"the plausible range [{r.Low}, {r.High}] must lie inside the parameter's bounds", p.Name);
                (lo, hi) = (r.Low, r.High);
            }
            else (lo, hi) = (double.NaN, double.NaN);
            var uniform = p.Distribution as UniformDistribution;
            if (double.IsNaN(lo) && uniform is not null) (lo, hi) = (uniform.Low, uniform.High);
            _log[i] = settings.NonlinearScaling && uniform is { Low: > 0 } && !double.IsNaN(lo) && hi / lo >= 10;
            double tLo, tHi, pLo, pHi;
            if (_log[i])
            {
                (tLo, tHi) = (Math.Log(uniform!.Low), Math.Log(uniform.High));
                (pLo, pHi) = (Math.Log(lo), Math.Log(hi));
            }
            else
            {
                (tLo, tHi) = (0, 1);
                (pLo, pHi) = double.IsNaN(lo) ? (0, 1) : (p.Distribution.ToUnit(lo), p.Distribution.ToUnit(hi));
                if (!(pLo < pHi)) (pLo, pHi) = (0, 1);
            }
            _centre[i] = 0.5 * (pLo + pHi);
            _halfWidth[i] = 0.5 * (pHi - pLo);
            Lower[i] = (tLo - _centre[i]) / _halfWidth[i];
            Upper[i] = (tHi - _centre[i]) / _halfWidth[i];
            PlausibleLower[i] = (pLo - _centre[i]) / _halfWidth[i];
            PlausibleUpper[i] = (pHi - _centre[i]) / _halfWidth[i];
        }
    }

    public int Count => _log.Length;

    /// <summary>Hard bounds in u.</summary>
    public double[] Lower { get; }

    /// <summary>Hard bounds in u.</summary>
    public double[] Upper { get; }

    /// <summary>The plausible box in u (−1 and 1 up to rounding).</summary>
    public double[] PlausibleLower { get; }

    /// <summary>The plausible box in u.</summary>
    public double[] PlausibleUpper { get; }

    /// <summary>Whether parameter i is searched on a log scale.</summary>
    public bool IsLog(int i) => _log[i];

    public double ToU(int i, double value)
    {
        var t = _log[i] ? Math.Log(value) : _space.Parameters[i].Distribution.ToUnit(value);
        return Math.Clamp((t - _centre[i]) / _halfWidth[i], Lower[i], Upper[i]);
    }

    public double FromU(int i, double u)
    {
        var p = _space.Parameters[i];
        var t = _centre[i] + _halfWidth[i] * Math.Clamp(u, Lower[i], Upper[i]);
        if (!_log[i]) return p.Distribution.FromUnit(t);
        var uniform = (UniformDistribution)p.Distribution;
        return Math.Clamp(Math.Exp(t), uniform.Low, uniform.High);
    }

    public Dictionary<string, double> Values(ReadOnlySpan<double> u)
    {
        var result = new Dictionary<string, double>(Count, StringComparer.Ordinal);
        for (var i = 0; i < Count; i++) result[_space.Parameters[i].Name] = FromU(i, u[i]);
        return result;
    }
}
