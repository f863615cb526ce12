using MathNet.Numerics.LinearAlgebra;
using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.CmaEs;

/// <summary>
/// CMA-ES with the formulas of the <c>cmaes</c> library (CyberAgentAILab, <c>cmaes/_cma.py</c>, used by Optuna):
/// λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋, active (negative) recombination weights scaled by α_min, c1, cμ (α_cov = 2), cσ, dσ,
/// cc, cm = 1, χ_n, the hσ stall rule, and its stop tolerances (tolfun 1e-12 over a history of 10 + ⌈30n/λ⌉
/// generations, tolx 1e-12·σ0, tolxup 1e4, no-effect coordinate/axis, condition 1e14). Bounds are respected by
/// resampling up to <c>maxResampling</c> times, then clipping. No learning-rate adaptation.
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

    private double[] _mean;
    private double _sigma;
    private Matrix<double> _c;
    private double[] _pSigma, _pc;
    private Matrix<double>? _b;
    private double[]? _d;

    public CmaEngine(double[] mean, double sigma, double[]? lower = null, double[]? upper = null, int? populationSize = null,
        int maxResampling = 100)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentException($"CMA-ES sigma0 must be a positive finite number, got {sigma}");
        _n = mean.Length;
        if (_n == 0) throw new ArgumentException("CMA-ES needs at least one dimension");
        if (mean.Any(m => !(Math.Abs(m) < MeanMax))) throw new ArgumentException("CMA-ES mean must be finite");
        var lambda = populationSize ?? 4 + (int)Math.Floor(3 * Math.Log(_n));
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
        _c = Matrix<double>.Build.DenseIdentity(_n);
        _sigma = sigma;
        _lower = lower;
        _upper = upper;
        _maxResampling = maxResampling;
        _tolX = 1e-12 * sigma;
        _funHistTerm = 10 + (int)Math.Ceiling(30.0 * _n / lambda);
        _funHist = new double[_funHistTerm * 2];
    }

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

    private (Matrix<double> B, double[] D) Eigen()
    {
        if (_b is not null && _d is not null) return (_b, _d);
        _c = (_c + _c.Transpose()) / 2;
        var evd = _c.Evd(Symmetricity.Symmetric);
        var b = evd.EigenVectors;
        var d = new double[_n];
        for (var i = 0; i < _n; i++)
        {
            var d2 = evd.EigenValues[i].Real;
            d[i] = Math.Sqrt(d2 < 0 ? Eps : d2);
        }
        var dd = Matrix<double>.Build.DenseOfDiagonalArray(d.Select(x => x * x).ToArray());
        _c = b * dd * b.Transpose();
        _b = b;
        _d = d;
        return (b, d);
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
        var (b, d) = Eigen();
        var z = new double[_n];
        for (var i = 0; i < _n; i++) z[i] = rng.NextGaussian() * d[i];
        var x = new double[_n];
        for (var r = 0; r < _n; r++)
        {
            double y = 0;
            for (var k = 0; k < _n; k++) y += b[r, k] * z[k];
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
        if (solutions.Count != PopulationSize) throw new ArgumentException($"CMA-ES needs {PopulationSize} solutions per generation, got {solutions.Count}");
        Generation++;
        // stable sort by value (Python's sort is stable)
        var sorted = solutions.Select((s, i) => (s, i)).OrderBy(t => t.s.F).ThenBy(t => t.i).Select(t => t.s).ToArray();
        var fi = 2 * (Generation % _funHistTerm);
        _funHist[fi] = sorted[0].F;
        _funHist[fi + 1] = sorted[^1].F;

        var (b, d) = Eigen();
        _b = null; _d = null;

        var lambda = PopulationSize;
        var y = new double[lambda][];
        for (var k = 0; k < lambda; k++)
        {
            y[k] = new double[_n];
            for (var i = 0; i < _n; i++) y[k][i] = (sorted[k].X[i] - _mean[i]) / _sigma;
        }
        var yw = new double[_n];
        for (var k = 0; k < Mu; k++)
            for (var i = 0; i < _n; i++) yw[i] += _weights[k] * y[k][i];
        for (var i = 0; i < _n; i++) _mean[i] += _cm * _sigma * yw[i];

        // C^(-1/2) = B D^(-1) B^T
        var invD = Matrix<double>.Build.DenseOfDiagonalArray(d.Select(x => 1 / x).ToArray());
        var c2 = b * invD * b.Transpose();
        var c2yw = c2 * Vector<double>.Build.DenseOfArray(yw);
        var coefS = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEff);
        for (var i = 0; i < _n; i++) _pSigma[i] = (1 - _cSigma) * _pSigma[i] + coefS * c2yw[i];
        var normPSigma = Math.Sqrt(_pSigma.Sum(v => v * v));
        _sigma *= Math.Exp(_cSigma / _dSigma * (normPSigma / _chiN - 1));
        _sigma = Math.Min(_sigma, SigmaMax);

        var left = normPSigma / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * (Generation + 1)));
        var right = (1.4 + 2.0 / (_n + 1)) * _chiN;
        var hSigma = left < right ? 1.0 : 0.0;

        var coefC = hSigma * Math.Sqrt(_cc * (2 - _cc) * _muEff);
        for (var i = 0; i < _n; i++) _pc[i] = (1 - _cc) * _pc[i] + coefC * yw[i];

        var wio = new double[lambda];
        for (var k = 0; k < lambda; k++)
        {
            if (_weights[k] >= 0) { wio[k] = _weights[k]; continue; }
            var v = c2 * Vector<double>.Build.DenseOfArray(y[k]);
            var norm2 = v.DotProduct(v);
            wio[k] = _weights[k] * _n / (norm2 + Eps);
        }
        var deltaH = (1 - hSigma) * _cc * (2 - _cc);
        var sumW = _weights.Sum();
        var factor = 1 + _c1 * deltaH - _c1 - _cmu * sumW;
        var newC = _c * factor;
        for (var r = 0; r < _n; r++)
            for (var s = 0; s < _n; s++)
            {
                double rankMu = 0;
                for (var k = 0; k < lambda; k++) rankMu += wio[k] * y[k][r] * y[k][s];
                newC[r, s] += _c1 * _pc[r] * _pc[s] + _cmu * rankMu;
            }
        _c = newC;
    }

    /// <summary>cmaes <c>should_stop()</c>; returns the reason, or null to go on.</summary>
    public string? ShouldStop()
    {
        var (b, d) = Eigen();
        var dC = new double[_n];
        for (var i = 0; i < _n; i++) dC[i] = _c[i, i];

        if (Generation > _funHistTerm && _funHist.Max() - _funHist.Min() < _tolFun)
            return $"tolfun: best and worst losses of the last {_funHistTerm} generations differ by < {_tolFun:g}";
        if (dC.All(c => _sigma * c < _tolX) && _pc.All(p => _sigma * p < _tolX))
            return $"tolx: step size below {_tolX:g} in every coordinate";
        if (_sigma * d.Max() > _tolXUp)
            return $"tolxup: step size grew above {_tolXUp:g} (diverging)";
        for (var i = 0; i < _n; i++)
            if (_mean[i] == _mean[i] + 0.2 * _sigma * Math.Sqrt(dC[i]))
                return "no effect coordinate: adding 0.2 standard deviations no longer changes the mean";
        var axis = Generation % _n;
        var noEffectAxis = true;
        for (var i = 0; i < _n; i++)
            if (_mean[i] != _mean[i] + 0.1 * _sigma * d[axis] * b[i, axis]) { noEffectAxis = false; break; }
        if (noEffectAxis) return "no effect axis: adding 0.1 standard deviations along a principal axis no longer changes the mean";
        if (d.Max() / d.Min() > _tolConditionCov)
            return $"condition number of the covariance above {_tolConditionCov:g}";
        return null;
    }
}
