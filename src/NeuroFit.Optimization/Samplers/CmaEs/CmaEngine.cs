using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.CmaEs;

/// <summary>
/// CMA-ES with the formulas of the <c>cmaes</c> library (CyberAgentAILab, <c>cmaes/_cma.py</c>, used by Optuna):
/// λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋, active (negative) recombination weights scaled by α_min, c1, cμ (α_cov = 2), cσ, dσ,
/// cc, cm = 1, χ_n, the hσ stall rule, and its stop tolerances (tolfun 1e-12 over a history of 10 + ⌈30n/λ⌉
/// generations, tolx 1e-12·σ0, tolxup 1e4, no-effect coordinate/axis, condition 1e14). Bounds are respected by
/// resampling up to <c>maxResampling</c> times, then clipping. No learning-rate adaptation. Plain arrays and a Jacobi
/// eigen-decomposition (<see cref="SymmetricEigen"/>); every buffer is allocated once.
/// </summary>
internal sealed class CmaEngine
{
    private const double Eps = 1e-8;
    private const double MeanMax = 1e32;
    private const double SigmaMax = 1e32;

    private readonly int _n;
    private readonly double _muEff, _cc, _c1, _cmu, _cSigma, _dSigma, _cm, _chiN;
    private readonly double[] _weights;
    private readonly double _tolX, _tolXUp = 1e4, _tolFun = 1e-12, _tolConditionCov = 1e14;
    private readonly int _funHistTerm;
    private readonly double[] _funHist;
    private readonly double[]? _lower, _upper;
    private readonly int _maxResampling;

    private readonly double[] _mean;
    private double _sigma;
    private readonly double[] _c;                 // covariance, row-major n×n
    private readonly double[] _pSigma, _pc;
    private readonly double[] _b, _d, _d2, _work; // eigenvectors (columns), sqrt eigenvalues, eigenvalues, scratch
    private bool _eigenValid, _eigenFinite = true;
    private readonly double[] _z, _y, _yw, _c2, _c2y, _wio;
    private readonly int[] _order;

    public CmaEngine(double[] mean, double sigma, double[]? lower = null, double[]? upper = null, int? populationSize = null,
        int maxResampling = 100)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentException($"CMA-ES sigma0 must be a positive finite number, got {sigma}");
        _n = mean.Length;
        if (_n == 0) throw new ArgumentException("CMA-ES needs at least one dimension");
        if (mean.Any(m => !(Math.Abs(m) < MeanMax))) throw new ArgumentException("CMA-ES mean must be finite");
        var lambda = populationSize ?? DefaultPopulationSize(_n);
        if (lambda < 2) throw new ArgumentException($"CMA-ES population size must be >= 2, got {lambda}");
        PopulationSize = lambda;
        Mu = lambda / 2;

        var wPrime = new double[lambda];
        for (var i = 0; i < lambda; i++) wPrime[i] = Math.Log((lambda + 1) / 2.0) - Math.Log(i + 1);
        double sp = 0, sp2 = 0, sn = 0, sn2 = 0;
        for (var i = 0; i < Mu; i++) { sp += wPrime[i]; sp2 += wPrime[i] * wPrime[i]; }
        for (var i = Mu; i < lambda; i++) { sn += wPrime[i]; sn2 += wPrime[i] * wPrime[i]; }
        _muEff = sp * sp / sp2;
        var muEffMinus = sn2 > 0 ? sn * sn / sn2 : 0;

        const double alphaCov = 2;
        _c1 = alphaCov / (Math.Pow(_n + 1.3, 2) + _muEff);
        _cmu = Math.Min(1 - _c1 - 1e-8, alphaCov * (_muEff - 2 + 1 / _muEff) / (Math.Pow(_n + 2, 2) + alphaCov * _muEff / 2));
        var minAlpha = Math.Min(1 + _c1 / _cmu, Math.Min(1 + 2 * muEffMinus / (_muEff + 2), (1 - _c1 - _cmu) / (_n * _cmu)));
        double positiveSum = 0, negativeSum = 0;
        foreach (var w in wPrime) { if (w > 0) positiveSum += w; else if (w < 0) negativeSum += -w; }
        _weights = new double[lambda];
        for (var i = 0; i < lambda; i++)
            _weights[i] = wPrime[i] >= 0 ? wPrime[i] / positiveSum : minAlpha / negativeSum * wPrime[i];
        _cm = 1;
        _cSigma = (_muEff + 2) / (_n + _muEff + 5);
        _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (_n + 1)) - 1) + _cSigma;
        _cc = (4 + _muEff / _n) / (_n + 4 + 2 * _muEff / _n);
        _chiN = Math.Sqrt(_n) * (1.0 - 1.0 / (4.0 * _n) + 1.0 / (21.0 * _n * _n));

        _pSigma = new double[_n];
        _pc = new double[_n];
        _mean = (double[])mean.Clone();
        _c = new double[_n * _n];
        for (var i = 0; i < _n; i++) _c[i * _n + i] = 1;
        _b = new double[_n * _n];
        _d = new double[_n];
        _d2 = new double[_n];
        _work = new double[_n * _n];
        _z = new double[_n];
        _y = new double[lambda * _n];
        _yw = new double[_n];
        _c2 = new double[_n * _n];
        _c2y = new double[_n];
        _wio = new double[lambda];
        _order = new int[lambda];
        _sigma = sigma;
        _lower = lower;
        _upper = upper;
        _maxResampling = maxResampling;
        _tolX = 1e-12 * sigma;
        _funHistTerm = 10 + (int)Math.Ceiling(30.0 * _n / lambda);
        _funHist = new double[_funHistTerm * 2];
    }

    /// <summary>λ = 4 + ⌊3 ln n⌋.</summary>
    public static int DefaultPopulationSize(int n) => 4 + (int)Math.Floor(3 * Math.Log(n));

    public int Dimension => _n;
    public int PopulationSize { get; }
    public int Mu { get; }
    public int Generation { get; private set; }
    public double Sigma => _sigma;
    public IReadOnlyList<double> Mean => _mean;
    public IReadOnlyList<double> Weights => _weights;
    public double C1 => _c1;
    public double CMu => _cmu;
    public double CSigma => _cSigma;
    public double DSigma => _dSigma;
    public double Cc => _cc;
    public double MuEff => _muEff;

    /// <summary>B and D of C = B D² Bᵀ (cmaes: eigh, negative eigenvalues set to ε, C rebuilt from them); cached until C changes.</summary>
    private void Eigen()
    {
        if (_eigenValid) return;
        var n = _n;
        for (var r = 0; r < n; r++)
            for (var s = r; s < n; s++)
            {
                var v = (_c[r * n + s] + _c[s * n + r]) / 2;
                _c[r * n + s] = v;
                _c[s * n + r] = v;
            }
        Array.Copy(_c, _work, n * n);
        _eigenFinite = SymmetricEigen.Decompose(_work, n, _d2, _b);
        if (!_eigenFinite)
        {
            Array.Fill(_d, double.NaN);
            _eigenValid = true;
            return;
        }
        for (var i = 0; i < n; i++) _d[i] = Math.Sqrt(_d2[i] < 0 ? Eps : _d2[i]);
        for (var r = 0; r < n; r++)
            for (var s = 0; s < n; s++)
            {
                double v = 0;
                for (var k = 0; k < n; k++) v += _b[r * n + k] * (_d[k] * _d[k]) * _b[s * n + k];
                _c[r * n + s] = v;
            }
        _eigenValid = true;
    }

    /// <summary>cmaes <c>ask()</c>: resample until inside the bounds (at most maxResampling times), then clip.</summary>
    public double[] Ask(Rng rng)
    {
        for (var i = 0; i < _maxResampling; i++)
        {
            var x = SampleSolution(rng);
            if (IsFeasible(x)) return x;
        }
        var last = SampleSolution(rng);
        Repair(last);
        return last;
    }

    private double[] SampleSolution(Rng rng)
    {
        Eigen();
        var n = _n;
        for (var i = 0; i < n; i++) _z[i] = rng.NextGaussian() * _d[i];
        var x = new double[n];
        for (var r = 0; r < n; r++)
        {
            double y = 0;
            for (var k = 0; k < n; k++) y += _b[r * n + k] * _z[k];
            x[r] = _mean[r] + _sigma * y;
        }
        return x;
    }

    public bool IsFeasible(double[] x)
    {
        if (_lower is null || _upper is null) return true;
        for (var i = 0; i < _n; i++) if (!(x[i] >= _lower[i] && x[i] <= _upper[i])) return false;
        return true;
    }

    private void Repair(double[] x)
    {
        if (_lower is null || _upper is null) return;
        for (var i = 0; i < _n; i++)
        {
            if (x[i] < _lower[i]) x[i] = _lower[i];
            if (x[i] > _upper[i]) x[i] = _upper[i];
        }
    }

    /// <summary>cmaes <c>tell(solutions)</c>: exactly λ (x, f) pairs of this generation.</summary>
    public void Tell(IReadOnlyList<(double[] X, double F)> solutions)
    {
        var lambda = PopulationSize;
        if (solutions.Count != lambda) throw new ArgumentException($"CMA-ES needs {lambda} solutions per generation, got {solutions.Count}");
        var n = _n;
        Generation++;
        // stable sort by value (Python's sort is stable): insertion sort of the indices
        for (var k = 0; k < lambda; k++)
        {
            var f = solutions[k].F;
            var pos = k;
            while (pos > 0 && solutions[_order[pos - 1]].F > f) { _order[pos] = _order[pos - 1]; pos--; }
            _order[pos] = k;
        }
        var fi = 2 * (Generation % _funHistTerm);
        _funHist[fi] = solutions[_order[0]].F;
        _funHist[fi + 1] = solutions[_order[lambda - 1]].F;

        Eigen(); // B and D of the C this generation was sampled from
        _eigenValid = false;

        for (var k = 0; k < lambda; k++)
        {
            var x = solutions[_order[k]].X;
            for (var i = 0; i < n; i++) _y[k * n + i] = (x[i] - _mean[i]) / _sigma;
        }
        Array.Clear(_yw);
        for (var k = 0; k < Mu; k++)
            for (var i = 0; i < n; i++) _yw[i] += _weights[k] * _y[k * n + i];
        for (var i = 0; i < n; i++) _mean[i] += _cm * _sigma * _yw[i];

        // C^(-1/2) = B D^(-1) B^T
        for (var r = 0; r < n; r++)
            for (var s = 0; s < n; s++)
            {
                double v = 0;
                for (var k = 0; k < n; k++) v += _b[r * n + k] * (1 / _d[k]) * _b[s * n + k];
                _c2[r * n + s] = v;
            }
        MultiplyC2(_yw, 0);
        var coefS = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        double normSq = 0;
        for (var i = 0; i < n; i++)
        {
            _pSigma[i] = (1 - _cSigma) * _pSigma[i] + coefS * _c2y[i];
            normSq += _pSigma[i] * _pSigma[i];
        }
        var normPSigma = Math.Sqrt(normSq);
        _sigma *= Math.Exp(_cSigma / _dSigma * (normPSigma / _chiN - 1));
        _sigma = Math.Min(_sigma, SigmaMax);

        var left = normPSigma / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * (Generation + 1)));
        var right = (1.4 + 2.0 / (n + 1)) * _chiN;
        var hSigma = left < right ? 1.0 : 0.0;

        var coefC = hSigma * Math.Sqrt(_cc * (2 - _cc) * _muEff);
        for (var i = 0; i < n; i++) _pc[i] = (1 - _cc) * _pc[i] + coefC * _yw[i];

        for (var k = 0; k < lambda; k++)
        {
            if (_weights[k] >= 0) { _wio[k] = _weights[k]; continue; }
            MultiplyC2(_y, k * n);
            double norm2 = 0;
            for (var i = 0; i < n; i++) norm2 += _c2y[i] * _c2y[i];
            _wio[k] = _weights[k] * n / (norm2 + Eps);
        }
        var deltaH = (1 - hSigma) * _cc * (2 - _cc);
        double sumW = 0;
        foreach (var w in _weights) sumW += w;
        var factor = 1 + _c1 * deltaH - _c1 - _cmu * sumW;
        for (var r = 0; r < n; r++)
            for (var s = 0; s < n; s++)
            {
                double rankMu = 0;
                for (var k = 0; k < lambda; k++) rankMu += _wio[k] * _y[k * n + r] * _y[k * n + s];
                _c[r * n + s] = _c[r * n + s] * factor + (_c1 * _pc[r] * _pc[s] + _cmu * rankMu);
            }
    }

    /// <summary>_c2y = C^(-1/2) · v[offset .. offset + n).</summary>
    private void MultiplyC2(double[] v, int offset)
    {
        var n = _n;
        for (var r = 0; r < n; r++)
        {
            double acc = 0;
            for (var k = 0; k < n; k++) acc += _c2[r * n + k] * v[offset + k];
            _c2y[r] = acc;
        }
    }

    /// <summary>cmaes <c>should_stop()</c>; returns the reason, or null to go on.</summary>
    public string? ShouldStop()
    {
        Eigen();
        var n = _n;
        if (!_eigenFinite || !double.IsFinite(_sigma))
            return "numerical breakdown: the covariance matrix or the step size is no longer finite";

        if (Generation > _funHistTerm)
        {
            double max = double.NegativeInfinity, min = double.PositiveInfinity;
            foreach (var f in _funHist) { if (f > max) max = f; if (f < min) min = f; }
            if (max - min < _tolFun) return $"tolfun: best and worst losses of the last {_funHistTerm} generations differ by < {_tolFun:g}";
        }
        var allSmall = true;
        for (var i = 0; i < n && allSmall; i++) allSmall = _sigma * _c[i * n + i] < _tolX && _sigma * _pc[i] < _tolX;
        if (allSmall) return $"tolx: step size below {_tolX:g} in every coordinate";
        double dMax = double.NegativeInfinity, dMin = double.PositiveInfinity;
        foreach (var v in _d) { if (v > dMax) dMax = v; if (v < dMin) dMin = v; }
        if (_sigma * dMax > _tolXUp)
            return $"tolxup: step size grew above {_tolXUp:g} (diverging)";
        for (var i = 0; i < n; i++)
            if (_mean[i] == _mean[i] + 0.2 * _sigma * Math.Sqrt(_c[i * n + i]))
                return "no effect coordinate: adding 0.2 standard deviations no longer changes the mean";
        var axis = Generation % n;
        var noEffectAxis = true;
        for (var i = 0; i < n; i++)
            if (_mean[i] != _mean[i] + 0.1 * _sigma * _d[axis] * _b[i * n + axis]) { noEffectAxis = false; break; }
        if (noEffectAxis) return "no effect axis: adding 0.1 standard deviations along a principal axis no longer changes the mean";
        if (dMax / dMin > _tolConditionCov)
            return $"condition number of the covariance above {_tolConditionCov:g}";
        return null;
    }
}
