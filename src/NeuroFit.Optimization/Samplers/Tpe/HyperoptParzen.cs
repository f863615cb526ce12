using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.Tpe;

/// <summary>
/// hyperopt 0.2.7's <c>tpe.py</c> estimators, transcribed: <c>adaptive_parzen_normal</c>,
/// <c>linear_forgetting_weights</c>, the rejection-truncated mixtures <c>GMM1</c>/<c>LGMM1</c> with their
/// <c>_lpdf</c> functions (including quantised variants), and the categorical pseudocounts.
/// </summary>
internal static class HyperoptParzen
{
    public const double Eps = 1e-12;

    /// <summary><c>linear_forgetting_weights(N, LF)</c>: ones for N &lt; LF, else a ramp 1/N…1 over the oldest
    /// N − LF followed by LF ones (oldest first).</summary>
    public static void LinearForgettingWeights(int n, int lf, Span<double> weights)
    {
        if (n == 0) return;
        if (n < lf) { weights[..n].Fill(1); return; }
        var ramp = n - lf;
        // numpy.linspace(1/N, 1, num=ramp)
        if (ramp == 1) weights[0] = 1.0 / n;
        else
        {
            var start = 1.0 / n;
            var step = (1.0 - start) / (ramp - 1);
            for (var i = 0; i < ramp; i++) weights[i] = start + i * step;
            if (ramp > 1) weights[ramp - 1] = 1.0;
        }
        weights.Slice(ramp, lf).Fill(1);
    }

    /// <summary><c>adaptive_parzen_normal(mus, prior_weight, prior_mu, prior_sigma, LF)</c>. <paramref name="obs"/> are in
    /// trial order (oldest first). Output components are sorted, with the prior inserted at its sorted position
    /// before the neighbour gaps are computed; sigmas are clipped to [prior_sigma / min(100, 1 + n_components), prior_sigma]
    /// and the prior's sigma reset to prior_sigma; weights (linear forgetting + prior weight) are normalised.</summary>
    public static void AdaptiveParzenNormal(ReadOnlySpan<double> obs, double priorWeight, double priorMu, double priorSigma,
        int lf, ParzenMixture mix, TpeScratch scratch)
    {
        var n = obs.Length;
        scratch.Ensure(n + 1);
        if (n >= 2) scratch.ArgSort(obs);
        else if (n == 1) scratch.Order[0] = 0;
        var sorted = scratch.Values;
        for (var i = 0; i < n; i++) sorted[i] = obs[scratch.Order[i]];
        AdaptiveParzenNormalSorted(sorted.AsSpan(0, n), scratch.Order.AsSpan(0, n), priorWeight, priorMu, priorSigma, lf, mix, scratch);
    }

    /// <summary>The same estimator from observations already sorted ascending (ties in trial order):
    /// <paramref name="sorted"/>[i] is the i-th smallest and <paramref name="ranks"/>[i] its position in trial order
    /// (0 = oldest), which decides its forgetting weight. Lets the sampler keep a sorted index across suggestions.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void AdaptiveParzenNormalSorted(ReadOnlySpan<double> sorted, ReadOnlySpan<int> ranks, double priorWeight, double priorMu,
        double priorSigma, int lf, ParzenMixture mix, TpeScratch scratch)
    {
        var n = sorted.Length;
        mix.EnsureCapacity(n + 1);
        var mus = mix.Mus;
        var sig = mix.Sigmas;
        var w = mix.Weights;
        int priorPos;
        if (n == 0)
        {
            mus[0] = priorMu; sig[0] = priorSigma; priorPos = 0;
        }
        else if (n == 1)
        {
            if (priorMu < sorted[0]) { priorPos = 0; mus[0] = priorMu; mus[1] = sorted[0]; sig[0] = priorSigma; sig[1] = priorSigma * 0.5; }
            else { priorPos = 1; mus[0] = sorted[0]; mus[1] = priorMu; sig[0] = priorSigma * 0.5; sig[1] = priorSigma; }
        }
        else
        {
            // searchsorted(sorted, prior_mu, side="left")
            priorPos = 0;
            while (priorPos < n && sorted[priorPos] < priorMu) priorPos++;
            for (var i = 0; i < priorPos; i++) mus[i] = sorted[i];
            mus[priorPos] = priorMu;
            for (var i = priorPos; i < n; i++) mus[i + 1] = sorted[i];
            var m = n + 1;
            for (var i = 1; i < m - 1; i++) sig[i] = Math.Max(mus[i] - mus[i - 1], mus[i + 1] - mus[i]);
            sig[0] = mus[1] - mus[0];
            sig[m - 1] = mus[m - 1] - mus[m - 2];
        }

        var count = n + 1;
        if (lf > 0 && lf < n)
        {
            scratch.Ensure(n);
            var unsorted = scratch.Forget.AsSpan(0, n);
            LinearForgettingWeights(n, lf, unsorted);
            for (var i = 0; i < priorPos; i++) w[i] = unsorted[ranks[i]];
            w[priorPos] = priorWeight;
            for (var i = priorPos; i < n; i++) w[i + 1] = unsorted[ranks[i]];
        }
        else
        {
            for (var i = 0; i < count; i++) w[i] = 1;
            w[priorPos] = priorWeight;
        }

        var maxSigma = priorSigma;
        var minSigma = priorSigma / Math.Min(100.0, 1.0 + count);
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            sig[i] = Math.Clamp(sig[i], minSigma, maxSigma);
            total += w[i];
        }
        sig[priorPos] = priorSigma;
        for (var i = 0; i < count; i++) w[i] /= total;
        mix.Count = count;
        mix.PriorPos = priorPos;
    }

    /// <summary><c>GMM1</c> / <c>LGMM1</c> sampling: component ∝ weight, normal draw, rejected until
    /// low ≤ draw &lt; high (bounds may be infinite); exp for log mixtures; then round(x/q)·q when quantised.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double Sample(ParzenMixture mix, double low, double high, double? q, bool log, Rng rng)
    {
        double draw;
        var bounded = !double.IsNegativeInfinity(low) || !double.IsPositiveInfinity(high);
        var guard = 0;
        while (true)
        {
            var k = rng.Categorical(mix.W, 1.0);
            draw = mix.Mus[k] + mix.Sigmas[k] * rng.NextGaussian();
            if (!bounded || (low <= draw && draw < high)) break;
            if (++guard > 1_000_000) { draw = Math.Clamp(draw, low, Math.BitDecrement(high)); break; }
        }
        var x = log ? Math.Exp(draw) : draw;
        return q is { } step ? Math.Round(x / step, MidpointRounding.ToEven) * step : x;
    }

    /// <summary>Σ w_k (Φ_k(high) − Φ_k(low)) with hyperopt's <c>normal_cdf</c>; 1 when unbounded.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double AcceptProbability(ParzenMixture mix, double low, double high)
    {
        if (double.IsNegativeInfinity(low) && double.IsPositiveInfinity(high)) return 1;
        double p = 0;
        for (var k = 0; k < mix.Count; k++)
            p += mix.Weights[k] * (NormalMath.HyperoptCdf(high, mix.Mus[k], mix.Sigmas[k]) - NormalMath.HyperoptCdf(low, mix.Mus[k], mix.Sigmas[k]));
        return p;
    }

    /// <summary>Per-component constants for <see cref="Lpdf"/>: log(w/Z/p_accept) and 1/max(σ, EPS) (GMM1) or the
    /// lognormal's log w − log σ terms (LGMM1).</summary>
    public sealed class LpdfCache
    {
        public double[] LogCoef = new double[32];
        public double[] InvSigma = new double[32];
        public double PAccept;

        // window for large plain mixtures (components sorted by mean): "narrow" components have σ ≤ NarrowSigma
        public bool Windowed;
        public double NarrowSigma;
        public double NarrowLogCoefMax;
        public int[] Wide = new int[16];
        public int WideCount;
        public double[] Compact = new double[64];

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public void Prepare(ParzenMixture mix, double low, double high, bool log)
        {
            Windowed = false;
            if (LogCoef.Length < mix.Count) { LogCoef = new double[Math.Max(mix.Count, LogCoef.Length * 2)]; InvSigma = new double[LogCoef.Length]; }
            PAccept = AcceptProbability(mix, low, high);
            for (var k = 0; k < mix.Count; k++)
            {
                var s = mix.Sigmas[k];
                if (log)
                {
                    var se = Math.Max(s, Eps);
                    InvSigma[k] = 1 / se;
                    // lognormal_lpdf = −E − log(σ x √(2π)); the −log x part is added per sample
                    LogCoef[k] = Math.Log(mix.Weights[k]) - Math.Log(se) - NormalMath.LogSqrt2Pi;
                }
                else
                {
                    InvSigma[k] = 1 / Math.Max(s, Eps);
                    var z = Math.Sqrt(2 * Math.PI * s * s);
                    LogCoef[k] = Math.Log(mix.Weights[k] / z / PAccept);
                }
            }
            if (!log && mix.Count >= 64) PrepareWindow(mix);
        }

        private void PrepareWindow(ParzenMixture mix)
        {
            var n = mix.Count;
            var minSigma = double.PositiveInfinity;
            for (var k = 0; k < n; k++) minSigma = Math.Min(minSigma, mix.Sigmas[k]);
            NarrowSigma = 2 * minSigma;
            NarrowLogCoefMax = double.NegativeInfinity;
            WideCount = 0;
            for (var k = 0; k < n; k++)
            {
                if (mix.Sigmas[k] > NarrowSigma)
                {
                    if (WideCount == Wide.Length) Array.Resize(ref Wide, Wide.Length * 2);
                    Wide[WideCount++] = k;
                }
                else NarrowLogCoefMax = Math.Max(NarrowLogCoefMax, LogCoef[k]);
            }
            // worth it only when most components are narrow
            Windowed = WideCount < n / 4 && double.IsFinite(NarrowLogCoefMax);
            if (Compact.Length < n) Compact = new double[Math.Max(n, Compact.Length * 2)];
        }
    }

    /// <summary><c>GMM1_lpdf</c> / <c>LGMM1_lpdf</c> of one sample. For unquantised LGMM1 hyperopt does not divide by
    /// p_accept; that quirk is kept.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double Lpdf(double x, ParzenMixture mix, LpdfCache cache, double low, double high, double? q, bool log, Span<double> terms)
    {
        var n = mix.Count;
        if (q is null)
        {
            if (log)
            {
                if (x <= 0) return double.NegativeInfinity;
                var lx = Math.Log(x);
                for (var k = 0; k < n; k++)
                {
                    var z = (lx - mix.Mus[k]) * cache.InvSigma[k];
                    terms[k] = -0.5 * z * z + cache.LogCoef[k] - lx;
                }
            }
            else if (cache.Windowed)
            {
                return WindowedLogDensity(x, mix, cache);
            }
            else
            {
                NormalMath.GaussianTerms(x, mix.Mus.AsSpan(0, n), cache.InvSigma.AsSpan(0, n), cache.LogCoef.AsSpan(0, n), terms);
            }
            return NormalMath.LogSumExp(terms[..n]);
        }

        var half = q.Value / 2.0;
        double prob = 0;
        if (log)
        {
            var ub = double.IsPositiveInfinity(high) ? x + half : Math.Min(x + half, Math.Exp(high));
            var lb = double.IsNegativeInfinity(low) ? x - half : Math.Max(x - half, Math.Exp(low));
            lb = Math.Max(0, lb);
            var lub = Math.Log(Math.Max(ub, Eps));
            var llb = Math.Log(Math.Max(lb, Eps));
            for (var k = 0; k < n; k++)
            {
                var w = mix.Weights[k];
                var inc = w * NormalMath.HyperoptCdf(lub, mix.Mus[k], mix.Sigmas[k]);
                inc -= w * NormalMath.HyperoptCdf(llb, mix.Mus[k], mix.Sigmas[k]);
                prob += inc;
            }
        }
        else
        {
            var ub = double.IsPositiveInfinity(high) ? x + half : Math.Min(x + half, high);
            var lb = double.IsNegativeInfinity(low) ? x - half : Math.Max(x - half, low);
            for (var k = 0; k < n; k++)
            {
                var w = mix.Weights[k];
                var inc = w * NormalMath.HyperoptCdf(ub, mix.Mus[k], mix.Sigmas[k]);
                inc -= w * NormalMath.HyperoptCdf(lb, mix.Mus[k], mix.Sigmas[k]);
                prob += inc;
            }
        }
        return Math.Log(prob) - Math.Log(cache.PAccept);
    }

    /// <summary>
    /// log Σ_k exp(term_k) over a mixture with sorted means, reading only the components that can matter: all "wide"
    /// ones, and the narrow ones (σ ≤ S) within R = S·√(2(c_max − M0 + 41)) of x, where M0 ≤ max_k term_k is the best
    /// term among the wide components and the two nearest means. Every narrow component outside the window has
    /// term_k &lt; M0 − 41, below the 40-unit cut of <see cref="NormalMath.LogSumExp"/>, so it would be left out anyway.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double WindowedLogDensity(double x, ParzenMixture mix, LpdfCache cache)
    {
        var n = mix.Count;
        var mus = mix.Mus.AsSpan(0, n);
        double Term(int k)
        {
            var z = (x - mix.Mus[k]) * cache.InvSigma[k];
            return -0.5 * z * z + cache.LogCoef[k];
        }
        var m0 = double.NegativeInfinity;
        for (var w = 0; w < cache.WideCount; w++) m0 = Math.Max(m0, Term(cache.Wide[w]));
        var j = LowerBound(mus, x);
        if (j < n) m0 = Math.Max(m0, Term(j));
        if (j > 0) m0 = Math.Max(m0, Term(j - 1));
        var r = cache.NarrowSigma * Math.Sqrt(2 * Math.Max(0, cache.NarrowLogCoefMax - m0 + 41));
        var lo = LowerBound(mus, x - r);
        var hi = LowerBound(mus, Math.BitIncrement(x + r));
        var compact = cache.Compact;
        var c = 0;
        var wi = 0;
        while (wi < cache.WideCount && cache.Wide[wi] < lo) compact[c++] = Term(cache.Wide[wi++]);
        if (hi > lo)
        {
            NormalMath.GaussianTerms(x, mix.Mus.AsSpan(lo, hi - lo), cache.InvSigma.AsSpan(lo, hi - lo), cache.LogCoef.AsSpan(lo, hi - lo),
                compact.AsSpan(c, hi - lo));
            c += hi - lo;
        }
        while (wi < cache.WideCount && cache.Wide[wi] < hi) wi++;
        while (wi < cache.WideCount) compact[c++] = Term(cache.Wide[wi++]);
        return NormalMath.LogSumExp(compact.AsSpan(0, c));
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (sorted[mid] < x) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Categorical posterior of hyperopt's <c>ap_categorical_sampler</c>/<c>ap_randint_sampler</c>: linear-forgetting
    /// weighted counts + prior_weight per category (for choice: n·prior_weight·(1/n)), normalised.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void CategoricalProbabilities(ReadOnlySpan<double> obsIndices, int nCategories, double priorWeight, int lf,
        Span<double> p, TpeScratch scratch)
    {
        var n = obsIndices.Length;
        scratch.Ensure(n);
        var wts = scratch.Forget.AsSpan(0, n);
        LinearForgettingWeights(n, lf, wts);
        p[..nCategories].Clear();
        for (var i = 0; i < n; i++) p[(int)obsIndices[i]] += wts[i];
        double total = 0;
        for (var c = 0; c < nCategories; c++) { p[c] += priorWeight; total += p[c]; }
        for (var c = 0; c < nCategories; c++) p[c] /= total;
    }
}
