using System.Numerics.Tensors;
using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>
/// The local Gaussian process of BADS: constant mean m, rational-quadratic ARD kernel
/// k(x, x') = σf²·(1 + r²/(2α))^(−α) with r² = Σᵢ ((xᵢ − x'ᵢ)/ℓᵢ)², and Gaussian observation noise σn² (which also
/// regularises a deterministic objective). Hyperparameters θ = [log ℓ₁…log ℓ_D, log σf, log α, log σn, m] (PyBADS's
/// default GP, gpdefBads 'rq'). The posterior uses a Cholesky factor; when it fails, jitter (10⁻¹⁰·σf², growing ×10)
/// is added to the diagonal.
/// </summary>
internal sealed class BadsGp
{
    private const int MaxJitterTries = 8;

    private readonly int _d;
    private readonly int _n;
    private readonly double[] _scaled; // training inputs divided by the length scales, n×D
    private readonly double[] _l;      // Cholesky factor of K + σn² I
    private readonly double[] _alpha;  // (K + σn² I)⁻¹ (y − m)
    private readonly double[] _invLength;
    private readonly double _sf2, _shape, _mean;

    private BadsGp(int d, int n, double[] scaled, double[] l, double[] alpha, double[] invLength, double sf2, double shape, double mean, double[] theta)
    {
        _d = d; _n = n; _scaled = scaled; _l = l; _alpha = alpha; _invLength = invLength; _sf2 = sf2; _shape = shape; _mean = mean;
        Theta = theta;
    }

    /// <summary>The hyperparameters.</summary>
    public double[] Theta { get; }

    /// <summary>Observation noise variance.</summary>
    public double NoiseVariance => Math.Exp(2 * Theta[_d + 2]);

    /// <summary>Number of hyperparameters for <paramref name="d"/> inputs.</summary>
    public static int HyperCount(int d) => d + 4;

    /// <summary>The posterior for training inputs <paramref name="x"/> (n×d row-major) and targets <paramref name="y"/>
    /// (finite); null if the kernel matrix cannot be factorised even with jitter.</summary>
    public static BadsGp? Create(double[] x, double[] y, int d, double[] theta)
    {
        var n = y.Length;
        var (invLength, sf2, shape, sn2, mean) = Unpack(theta, d);
        var scaled = Scale(x, n, d, invLength);
        var k = new double[n * n];
        Kernel(scaled, n, d, sf2, shape, k, null);
        var l = FactorWithJitter(k, n, sf2, sn2);
        if (l is null) return null;
        var alpha = new double[n];
        for (var i = 0; i < n; i++) alpha[i] = y[i] - mean;
        Cholesky.Solve(l, n, alpha);
        return new BadsGp(d, n, scaled, l, alpha, invLength, sf2, shape, mean, (double[])theta.Clone());
    }

    private const int Block = 128;

    /// <summary>Posterior mean and variance (latent, without observation noise) at <paramref name="count"/> points
    /// (row-major in <paramref name="points"/>). Works on blocks of candidates so that the kernel, the transcendental
    /// functions and the triangular solve run as vector operations across candidates.</summary>
    public void Predict(double[] points, int count, double[] mu, double[] variance)
    {
        var kBlock = new double[_n * Block];   // row i: k(x_i, candidates of the block), then L⁻¹ of it
        var coord = new double[_d * Block];    // candidate coordinates, scaled, by dimension
        var tmp = new double[Block];
        for (var start = 0; start < count; start += Block)
        {
            var m = Math.Min(Block, count - start);
            for (var b = 0; b < m; b++)
                for (var j = 0; j < _d; j++) coord[j * Block + b] = points[(start + b) * _d + j] * _invLength[j];
            for (var i = 0; i < _n; i++)
            {
                var row = kBlock.AsSpan(i * Block, m);
                row.Clear();
                for (var j = 0; j < _d; j++)
                {
                    var diff = tmp.AsSpan(0, m);
                    TensorPrimitives.Subtract(coord.AsSpan(j * Block, m), _scaled[i * _d + j], diff);
                    TensorPrimitives.MultiplyAdd(diff, diff, row, row);
                }
                // σf²·(1 + r²/(2α))^(−α) = σf²·exp(−α·log(1 + r²/(2α)))
                TensorPrimitives.Multiply(row, 1 / (2 * _shape), row);
                TensorPrimitives.Add(row, 1.0, row);
                TensorPrimitives.Log(row, row);
                TensorPrimitives.Multiply(row, -_shape, row);
                TensorPrimitives.Exp(row, row);
                TensorPrimitives.Multiply(row, _sf2, row);
            }
            var mean = mu.AsSpan(start, m);
            mean.Fill(_mean);
            for (var i = 0; i < _n; i++) TensorPrimitives.MultiplyAdd(kBlock.AsSpan(i * Block, m), _alpha[i], mean, mean);
            // forward solve L·V = K*, row by row across the block
            var sumSq = variance.AsSpan(start, m);
            sumSq.Clear();
            for (var i = 0; i < _n; i++)
            {
                var row = kBlock.AsSpan(i * Block, m);
                for (var k = 0; k < i; k++)
                {
                    var lik = _l[i * _n + k];
                    if (lik != 0) TensorPrimitives.MultiplyAdd(kBlock.AsSpan(k * Block, m), -lik, row, row);
                }
                TensorPrimitives.Multiply(row, 1 / _l[i * _n + i], row);
                TensorPrimitives.MultiplyAdd(row, row, sumSq, sumSq);
            }
            for (var b = 0; b < m; b++) sumSq[b] = Math.Max(_sf2 - sumSq[b], 0);
        }
    }

    /// <summary>Negative log posterior of θ (negative log marginal likelihood minus the log Gaussian priors, constants
    /// dropped) and its gradient; +∞ when the kernel matrix cannot be factorised.</summary>
    public static double NegLogPosterior(ReadOnlySpan<double> theta, double[] x, double[] y, int d, double[] priorMean, double[] priorSd, Span<double> gradient)
    {
        var n = y.Length;
        var t = theta.ToArray();
        var (invLength, sf2, shape, sn2, mean) = Unpack(t, d);
        var scaled = Scale(x, n, d, invLength);
        var k = new double[n * n];
        var sMatrix = new double[n * n];
        Kernel(scaled, n, d, sf2, shape, k, sMatrix);
        var kernelOnly = (double[])k.Clone();
        var l = FactorWithJitter(k, n, sf2, sn2);
        if (l is null) { gradient.Clear(); return double.PositiveInfinity; }
        var alpha = new double[n];
        for (var i = 0; i < n; i++) alpha[i] = y[i] - mean;
        var residual = (double[])alpha.Clone();
        Cholesky.Solve(l, n, alpha);
        double nll = 0.5 * Cholesky.Dot(residual, alpha);
        for (var i = 0; i < n; i++) nll += Math.Log(l[i * n + i]);

        // W = K⁻¹ − ααᵀ; ∂nll/∂θ = ½ Σᵢⱼ Wᵢⱼ ∂Kᵢⱼ/∂θ
        var w = Cholesky.Inverse(l, n);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) w[i * n + j] -= alpha[i] * alpha[j];
        gradient.Clear();
        double gSf = 0, gShape = 0, gNoise = 0;
        for (var i = 0; i < n; i++)
        {
            gSf += 0.5 * w[i * n + i] * 2 * sf2;
            gNoise += 0.5 * w[i * n + i] * 2 * sn2;
            for (var j = i + 1; j < n; j++)
            {
                var wk = w[i * n + j] * kernelOnly[i * n + j]; // off-diagonal pair counted twice × ½
                var s = sMatrix[i * n + j];
                gSf += 2 * wk;
                var r2 = 2 * shape * (s - 1);
                gShape += wk * (-shape * Math.Log(s) + r2 / (2 * s));
                var c = wk / s;
                var ri = i * d;
                var rj = j * d;
                for (var q = 0; q < d; q++)
                {
                    var diff = scaled[ri + q] - scaled[rj + q];
                    gradient[q] += c * diff * diff;
                }
            }
        }
        gradient[d] = gSf;
        gradient[d + 1] = gShape;
        gradient[d + 2] = gNoise;
        double gMean = 0;
        for (var i = 0; i < n; i++) gMean -= alpha[i];
        gradient[d + 3] = gMean;

        for (var p = 0; p < t.Length; p++)
        {
            var z = (t[p] - priorMean[p]) / priorSd[p];
            nll += 0.5 * z * z;
            gradient[p] += z / priorSd[p];
        }
        return nll;
    }

    internal static (double[] InvLength, double Sf2, double Shape, double Sn2, double Mean) Unpack(double[] theta, int d)
    {
        var invLength = new double[d];
        for (var j = 0; j < d; j++) invLength[j] = Math.Exp(-theta[j]);
        return (invLength, Math.Exp(2 * theta[d]), Math.Exp(theta[d + 1]), Math.Exp(2 * theta[d + 2]), theta[d + 3]);
    }

    private static double[] Scale(double[] x, int n, int d, double[] invLength)
    {
        var scaled = new double[n * d];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) scaled[i * d + j] = x[i * d + j] * invLength[j];
        return scaled;
    }

    /// <summary>Fills the kernel matrix (diagonal σf²) and, when asked, s = 1 + r²/(2α) per pair.</summary>
    private static void Kernel(double[] scaled, int n, int d, double sf2, double shape, double[] k, double[]? s)
    {
        for (var i = 0; i < n; i++)
        {
            k[i * n + i] = sf2;
            if (s is not null) s[i * n + i] = 1;
            for (var j = i + 1; j < n; j++)
            {
                double r2 = 0;
                for (var q = 0; q < d; q++)
                {
                    var diff = scaled[i * d + q] - scaled[j * d + q];
                    r2 += diff * diff;
                }
                var sij = 1 + r2 / (2 * shape);
                var kij = sf2 * Math.Exp(-shape * Math.Log(sij));
                k[i * n + j] = kij;
                k[j * n + i] = kij;
                if (s is not null) { s[i * n + j] = sij; s[j * n + i] = sij; }
            }
        }
    }

    private static double[]? FactorWithJitter(double[] k, int n, double sf2, double sn2)
    {
        var jitter = 0.0;
        for (var attempt = 0; attempt < MaxJitterTries; attempt++)
        {
            var a = (double[])k.Clone();
            for (var i = 0; i < n; i++) a[i * n + i] += sn2 + jitter;
            if (Cholesky.Factor(a, n)) return a;
            jitter = jitter == 0 ? 1e-10 * sf2 : jitter * 10;
        }
        return null;
    }
}
