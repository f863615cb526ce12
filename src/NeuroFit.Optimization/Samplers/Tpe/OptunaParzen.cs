using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.Tpe;

/// <summary>One dimension of an Optuna-style estimator, in the transformed (log where needed) space.</summary>
/// <param name="Low">Lowest value (grid start for stepped dimensions).</param>
/// <param name="High">Highest value (grid end for stepped dimensions).</param>
/// <param name="Step">Grid step; 0 for continuous dimensions.</param>
/// <param name="Categories">Number of categories; 0 for numeric dimensions.</param>
internal readonly record struct OptunaDim(double Low, double High, double Step, int Categories)
{
    public bool IsCategorical => Categories > 0;
}

/// <summary>
/// Optuna's Parzen estimator (<c>optuna/samplers/_tpe/parzen_estimator.py</c>) following the v4.9 rules:
/// univariate bandwidths from neighbour gaps with <c>low</c>/<c>high</c> as padding and without the prior
/// (consider_endpoints = False: the outermost observations use their inner gap), magic clip to
/// [range / min(100, 1 + n_kernels), range], and for the multivariate estimator the Scott-like bandwidth
/// 0.2·n^(−1/(d+4))·range of v4.x. Kernels are truncated normals (exact normalisation, inverse-CDF sampling); stepped
/// dimensions use the bin mass over [x − step/2, x + step/2] and bounds widened by step/2; categorical kernels put
/// prior_weight/n_choices on every category plus 1 on the observed one. The prior kernel is appended last.
/// </summary>
internal sealed class OptunaEstimator
{
    private readonly OptunaDim[] _dims;
    private int _kernels;
    private double[] _logW = [];
    private double[] _w = [];
    private double[][] _mu = [];
    private double[][] _sigma = [];
    private double[][] _logZ = [];
    private double[][] _logS = [];
    private double[][] _lo = [];
    private double[][] _hi = [];
    private double[][][] _logP = []; // categorical: [dim][kernel][category]

    public OptunaEstimator(OptunaDim[] dims) => _dims = dims;

    public int Kernels => _kernels;

    /// <summary>Builds the mixture from observations (rows in trial order, columns = dims).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Fit(IReadOnlyList<double[]> obs, double priorWeight, bool multivariate, int forgetting, TpeScratch scratch)
    {
        var n = obs.Count;
        var d = _dims.Length;
        _kernels = n + 1;
        Ensure(d, _kernels);
        // weights: linear forgetting over observations (oldest first) + prior weight, normalised
        if (n == 0) { _w[0] = 1; }
        else
        {
            scratch.Ensure(n);
            HyperoptParzen.LinearForgettingWeights(n, forgetting, scratch.Forget.AsSpan(0, n));
            for (var i = 0; i < n; i++) _w[i] = scratch.Forget[i];
            _w[n] = priorWeight;
        }
        double tot = 0;
        for (var k = 0; k < _kernels; k++) tot += _w[k];
        for (var k = 0; k < _kernels; k++) { _w[k] /= tot; _logW[k] = Math.Log(_w[k]); }

        for (var j = 0; j < d; j++)
        {
            var dim = _dims[j];
            if (dim.IsCategorical) { FitCategorical(j, obs, priorWeight); continue; }
            var range = dim.High - dim.Low + dim.Step;
            var mu = _mu[j];
            var sg = _sigma[j];
            for (var i = 0; i < n; i++) mu[i] = obs[i][j];
            if (multivariate)
            {
                var s = 0.2 * Math.Pow(Math.Max(n, 1), -1.0 / (d + 4)) * range;
                for (var i = 0; i < n; i++) sg[i] = s;
            }
            else
            {
                NeighbourSigmas(mu.AsSpan(0, n), dim, sg, scratch);
            }
            var maxSigma = range;
            var minSigma = range / Math.Min(100.0, 1.0 + _kernels);
            for (var i = 0; i < n; i++) sg[i] = Math.Clamp(sg[i], minSigma, maxSigma);
            mu[n] = 0.5 * (dim.Low + dim.High);
            sg[n] = range;
            var lo = dim.Low - dim.Step / 2;
            var hi = dim.High + dim.Step / 2;
            for (var k = 0; k < _kernels; k++)
            {
                var a = (lo - mu[k]) / sg[k];
                var b = (hi - mu[k]) / sg[k];
                _lo[j][k] = a;
                _hi[j][k] = b;
                _logZ[j][k] = NormalMath.LogMass(a, b);
                _logS[j][k] = Math.Log(sg[k]);
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void NeighbourSigmas(ReadOnlySpan<double> mus, OptunaDim dim, double[] sigmas, TpeScratch scratch)
    {
        var n = mus.Length;
        if (n == 0) return;
        scratch.Ensure(n + 2);
        scratch.ArgSort(mus);
        var order = scratch.Order;
        var padded = scratch.Values; // [low − s/2, sorted…, high + s/2]
        padded[0] = dim.Low - dim.Step / 2;
        for (var i = 0; i < n; i++) padded[i + 1] = mus[order[i]];
        padded[n + 1] = dim.High + dim.Step / 2;
        var sorted = scratch.Terms;
        for (var i = 0; i < n; i++) sorted[i] = Math.Max(padded[i + 1] - padded[i], padded[i + 2] - padded[i + 1]);
        if (n >= 2)
        {
            sorted[0] = padded[2] - padded[1];
            sorted[n - 1] = padded[n] - padded[n - 1];
        }
        for (var i = 0; i < n; i++) sigmas[order[i]] = sorted[i];
    }

    private void FitCategorical(int j, IReadOnlyList<double[]> obs, double priorWeight)
    {
        var c = _dims[j].Categories;
        var n = obs.Count;
        var lp = _logP[j];
        for (var k = 0; k < _kernels; k++)
        {
            if (lp[k] is null || lp[k].Length < c) lp[k] = new double[c];
            var row = lp[k];
            if (k < n)
            {
                var denom = priorWeight + 1;
                var baseP = priorWeight / c / denom;
                for (var cc = 0; cc < c; cc++) row[cc] = Math.Log(baseP);
                row[(int)obs[k][j]] = Math.Log(baseP + 1 / denom);
            }
            else
            {
                for (var cc = 0; cc < c; cc++) row[cc] = -Math.Log(c);
            }
        }
    }

    private void Ensure(int d, int k)
    {
        if (_mu.Length != d)
        {
            _mu = new double[d][]; _sigma = new double[d][]; _logZ = new double[d][]; _logS = new double[d][]; _lo = new double[d][]; _hi = new double[d][];
            _logP = new double[d][][];
            for (var j = 0; j < d; j++) { _mu[j] = []; _sigma[j] = []; _logZ[j] = []; _logS[j] = []; _lo[j] = []; _hi[j] = []; _logP[j] = []; }
        }
        if (_w.Length < k) { _w = new double[Math.Max(k, _w.Length * 2)]; _logW = new double[_w.Length]; }
        for (var j = 0; j < d; j++)
        {
            if (_mu[j].Length < k)
            {
                var size = Math.Max(k, _mu[j].Length * 2);
                _mu[j] = new double[size]; _sigma[j] = new double[size]; _logZ[j] = new double[size]; _logS[j] = new double[size];
                _lo[j] = new double[size]; _hi[j] = new double[size];
                Array.Resize(ref _logP[j], size);
            }
        }
    }

    /// <summary>Draws one joint point: a kernel by weight, then each dimension from that kernel.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Sample(Rng rng, Span<double> x)
    {
        var k = rng.Categorical(_w.AsSpan(0, _kernels), 1.0);
        for (var j = 0; j < _dims.Length; j++)
        {
            var dim = _dims[j];
            if (dim.IsCategorical)
            {
                var row = _logP[j][k];
                var u = rng.NextDouble();
                double acc = 0;
                var pick = dim.Categories - 1;
                for (var c = 0; c < dim.Categories; c++)
                {
                    acc += Math.Exp(row[c]);
                    if (u < acc) { pick = c; break; }
                }
                x[j] = pick;
                continue;
            }
            var z = NormalMath.SampleTruncated(_lo[j][k], _hi[j][k], rng.NextOpenDouble());
            var v = _mu[j][k] + _sigma[j][k] * z;
            if (dim.Step > 0)
                v = Math.Clamp(dim.Low + Math.Round((v - dim.Low) / dim.Step, MidpointRounding.ToEven) * dim.Step, dim.Low, dim.High);
            else
                v = Math.Clamp(v, dim.Low, dim.High);
            x[j] = v;
        }
    }

    /// <summary>log density (log probability for stepped/categorical dimensions) of a joint point.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public double LogPdf(ReadOnlySpan<double> x, Span<double> terms)
    {
        for (var k = 0; k < _kernels; k++)
        {
            var t = _logW[k];
            for (var j = 0; j < _dims.Length; j++)
            {
                var dim = _dims[j];
                if (dim.IsCategorical) { t += _logP[j][k][(int)x[j]]; continue; }
                var mu = _mu[j][k];
                var s = _sigma[j][k];
                if (dim.Step > 0)
                {
                    var a = (x[j] - dim.Step / 2 - mu) / s;
                    var b = (x[j] + dim.Step / 2 - mu) / s;
                    t += NormalMath.LogMass(a, b) - _logZ[j][k];
                }
                else
                {
                    var z = (x[j] - mu) / s;
                    t += -0.5 * z * z - _logS[j][k] - NormalMath.LogSqrt2Pi - _logZ[j][k];
                }
            }
            terms[k] = t;
        }
        return NormalMath.LogSumExp(terms[.._kernels]);
    }

    /// <summary>Test hook: the sigma of kernel k in dimension j.</summary>
    internal double Sigma(int j, int k) => _sigma[j][k];

    /// <summary>Test hook: the mean of kernel k in dimension j.</summary>
    internal double Mu(int j, int k) => _mu[j][k];

    /// <summary>Test hook: the normalised weight of kernel k.</summary>
    internal double Weight(int k) => _w[k];
}
