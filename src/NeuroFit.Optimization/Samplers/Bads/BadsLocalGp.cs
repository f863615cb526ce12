using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>
/// The GP around the incumbent: the training set (PyBADS's 'nearest' rule), the empirical-Bayes hyperpriors of
/// gpdefBads and the maximum-a-posteriori fit of the hyperparameters.
/// </summary>
internal static class BadsLocalGp
{
    /// <summary>The nearest evaluated points to the incumbent in length-scale units: those within gp_radius effective
    /// radii, at most n_train_max, at least max(n_train_min, n_train_max − buffer); row-major inputs and targets with
    /// failed (non-finite) losses replaced by the worst finite one of the set.</summary>
    public static (double[] X, double[] Y) TrainingSet(BadsState s, BadsArchive archive)
    {
        var c = s.C;
        var d = c.D;
        var count = archive.Count;
        var dist = new double[count];
        var order = new int[count];
        for (var k = 0; k < count; k++)
        {
            var u = archive.U(k);
            double r2 = 0;
            for (var i = 0; i < d; i++)
            {
                var z = (u[i] - s.Incumbent[i]) / s.LengthScale[i];
                r2 += z * z;
            }
            dist[k] = r2;
            order[k] = k;
        }
        Array.Sort(order, (a, b) => dist[a] != dist[b] ? dist[a].CompareTo(dist[b]) : a.CompareTo(b));
        var radius = c.GpRadius * s.EffectiveRadius;
        var within = dist.Count(v => v <= radius * radius);
        var n = Math.Min(c.TrainMax, within);
        n = Math.Max(Math.Max(c.TrainMin, c.TrainMax - c.TrainBuffer), n);
        n = Math.Min(n, count);
        var x = new double[n * d];
        var y = new double[n];
        var worst = double.NegativeInfinity;
        for (var j = 0; j < n; j++)
        {
            var k = order[j];
            Array.Copy(archive.U(k), 0, x, j * d, d);
            y[j] = archive.Y(k);
            if (double.IsFinite(y[j])) worst = Math.Max(worst, y[j]);
        }
        if (!double.IsFinite(worst)) worst = 0;
        for (var j = 0; j < n; j++) if (!double.IsFinite(y[j])) y[j] = worst;
        return (x, y);
    }

    /// <summary>Gaussian hyperpriors (mean, SD) and box bounds of θ (gpdefBads and PyBADS's local_gp_fitting).</summary>
    public static (double[] Mean, double[] Sd, double[] Lower, double[] Upper) Priors(BadsState s, double[] x, double[] y, double[] lower, double[] upper)
    {
        var c = s.C;
        var d = c.D;
        var n = y.Length;
        var p = BadsGp.HyperCount(d);
        double[] mean = new double[p], sd = new double[p], lo = new double[p], hi = new double[p];

        // length scales: one prior from the spread of the training inputs' pairwise distances ('iso')
        double maxD2 = 0, minD2 = double.PositiveInfinity;
        for (var a = 0; a < n; a++)
            for (var b = a + 1; b < n; b++)
            {
                double r2 = 0;
                for (var i = 0; i < d; i++) { var z = x[a * d + i] - x[b * d + i]; r2 += z * z; }
                if (r2 == 0) continue;
                maxD2 = Math.Max(maxD2, r2);
                minD2 = Math.Min(minD2, r2);
            }
        double lenMu = -1, lenSd = 2; // gpdefBads's prior before the empirical one
        if (maxD2 > 0 && maxD2 > minD2)
        {
            var uu = 0.5 * Math.Log(maxD2);
            var ll = 0.5 * Math.Log(minD2);
            lenMu = 0.5 * (uu + ll);
            lenSd = 0.5 * (uu - ll);
        }
        for (var i = 0; i < d; i++)
        {
            mean[i] = lenMu;
            sd[i] = lenSd;
            lo[i] = Math.Log(c.TolMesh);
            hi[i] = Math.Log(Math.Min(100, 10 * (upper[i] - lower[i])));
        }
        var sorted = (double[])y.Clone();
        Array.Sort(sorted);
        var std = StdDev(y);
        mean[d] = Math.Log(Math.Max(std, c.TolFun)); sd[d] = 2;
        lo[d] = Math.Log(c.TolFun); hi[d] = Math.Log(1e6 * c.TolFun / c.TolMesh);
        mean[d + 1] = 1; sd[d + 1] = 1; lo[d + 1] = -5; hi[d + 1] = 5;
        mean[d + 2] = Math.Log(c.NoiseSize) + c.MeshNoiseMultiplier * Math.Log(s.MeshSize); sd[d + 2] = 1;
        lo[d + 2] = Math.Log(c.TolFun) - 1; hi[d + 2] = 5;
        // constant mean: centred on the 90th percentile of the targets, width ((p90 − median)·2/5)^(1/4) as PyBADS
        var p90 = Percentile(sorted, 90);
        var range = (p90 - Percentile(sorted, 50)) / 5 * 2;
        mean[d + 3] = p90;
        sd[d + 3] = Math.Pow(Math.Max(range, c.TolFun), 0.25);
        var span = sorted[^1] - sorted[0];
        lo[d + 3] = sorted[0] - 1e3 * (span + 1);
        hi[d + 3] = sorted[^1] + 1e3 * (span + 1);
        for (var i = 0; i < p; i++) mean[i] = Math.Clamp(mean[i], lo[i], hi[i]);
        return (mean, sd, lo, hi);
    }

    /// <summary>Maximum-a-posteriori θ: the objective is evaluated at the previous θ, at a default start and at
    /// <paramref name="randomStarts"/> draws from the priors; bounded L-BFGS runs from the best (as PyBADS, one optimisation).</summary>
    public static double[] Fit(BadsState s, double[] x, double[] y, double[] lower, double[] upper, Rng rng, int randomStarts = 8)
    {
        var d = s.C.D;
        var (mean, sd, lo, hi) = Priors(s, x, y, lower, upper);
        var p = mean.Length;
        var starts = new List<double[]>();
        if (s.Hyper is { } previous) starts.Add(Clip(previous, lo, hi));
        var start = (double[])mean.Clone();
        start[d + 1] = 0; // α = 1
        start[d + 3] = Percentile(y.Order().ToArray(), 50);
        starts.Add(Clip(start, lo, hi));
        for (var r = 0; r < randomStarts; r++)
        {
            var t = new double[p];
            for (var i = 0; i < p; i++) t[i] = mean[i] + sd[i] * rng.NextGaussian();
            starts.Add(Clip(t, lo, hi));
        }
        BoundedLbfgs.Objective f = (theta, g) => BadsGp.NegLogPosterior(theta, x, y, d, mean, sd, g);
        var grad = new double[p];
        var scored = starts.Select((t, i) => (T: t, F: f(t, grad), I: i))
            .OrderBy(v => double.IsNaN(v.F) ? double.PositiveInfinity : v.F).ThenBy(v => v.I).ToList();
        double[]? best = null;
        var bestF = double.PositiveInfinity;
        foreach (var (t, _, _) in scored.Take(1))
        {
            var (xOpt, fOpt) = BoundedLbfgs.Minimize(f, t, lo, hi, maxIterations: 100);
            if (best is null || fOpt < bestF) { best = xOpt; bestF = fOpt; }
        }
        return best ?? scored[0].T;
    }

    private static double[] Clip(double[] t, double[] lo, double[] hi)
    {
        var r = new double[t.Length];
        for (var i = 0; i < t.Length; i++) r[i] = Math.Clamp(double.IsFinite(t[i]) ? t[i] : 0.5 * (lo[i] + hi[i]), lo[i], hi[i]);
        return r;
    }

    private static double StdDev(double[] y)
    {
        var m = y.Average();
        return Math.Sqrt(y.Sum(v => (v - m) * (v - m)) / y.Length);
    }

    /// <summary>NumPy's default (linear) percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var pos = q / 100 * (sorted.Length - 1);
        var i = (int)Math.Floor(pos);
        if (i >= sorted.Length - 1) return sorted[^1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
