using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>
/// The search stage of BADS: an evolution strategy around the incumbent proposes n_search candidates in two
/// generations (PyBADS's ESSearch, μ = λ = n_search/2), on the search mesh and inside the bounds, scored by the GP's
/// lower confidence bound; the best is the one point evaluated. The shape of the search distribution is ES-wcm (the
/// covariance of the better half of the training set around the incumbent) or ES-ell (the GP's length scales), chosen
/// by the hedge; its size is poll size × search factor.
/// </summary>
internal static class BadsSearch
{
    public const int Wcm = 0, Ell = 1;

    /// <summary>The best candidate with its GP mean and latent SD, or null when every candidate was evaluated already.</summary>
    public static (double[] U, double Mu, double Sd)? Propose(BadsState s, BadsArchive archive, BadsCoordinates coords, BadsGp? gp,
        double[] trainX, double[] trainY, int choice, Rng rng)
    {
        var c = s.C;
        var d = c.D;
        var shape = choice == Wcm ? WeightedCovarianceRoot(s, trainX, trainY) : LengthScaleRoot(s);
        var scale = s.MeshSize * s.SearchFactor;
        for (var i = 0; i < shape.Length; i++) shape[i] *= scale;
        var mu = Math.Max(1, c.SearchCandidates / 2);
        var (lbSearch, ubSearch) = SearchBounds(s, coords);
        var sqrtBeta = LcbBeta(d, s.Evaluations + 1);

        // generation 1: half the points at half the scale (w = 2^[-1, 0])
        var half = (int)Math.Round(mu / 2.0, MidpointRounding.ToEven);
        var first = new List<double[]>(mu);
        var z = new double[d];
        for (var k = 0; k < mu; k++)
        {
            var w = k < half ? 0.5 : 1.0;
            for (var i = 0; i < d; i++) z[i] = rng.NextGaussian();
            var u = new double[d];
            for (var j = 0; j < d; j++)
            {
                double step = 0;
                for (var i = 0; i < d; i++) step += z[i] * shape[i * d + j];
                u[j] = s.Incumbent[j] + w * step;
            }
            first.Add(u);
        }
        var pool = new List<(double[] U, double Z, double Mu, double Sd)>();
        var seen = new HashSet<BadsArchive.Cell>();
        Score(Keep(first, s, archive, lbSearch, ubSearch, seen), gp, sqrtBeta, pool);
        if (pool.Count == 0) return null;
        pool.Sort(Compare);

        // generation 2: offspring of the best, parents chosen by rank with weights ∝ 1/√rank
        var parents = Math.Min(pool.Count, mu);
        var mask = SelectionMask(parents, mu);
        var count = Math.Min(mu, parents);
        var second = new List<double[]>(count);
        for (var k = 0; k < count; k++)
        {
            var parent = pool[Math.Min(mask[k], parents - 1)].U;
            for (var i = 0; i < d; i++) z[i] = rng.NextGaussian();
            var u = new double[d];
            for (var j = 0; j < d; j++)
            {
                double step = 0;
                for (var i = 0; i < d; i++) step += z[i] * shape[i * d + j];
                u[j] = parent[j] + c.EsStart * step;
            }
            second.Add(u);
        }
        Score(Keep(second, s, archive, lbSearch, ubSearch, seen), gp, sqrtBeta, pool);
        pool.Sort(Compare);
        var best = pool[0];
        return (best.U, best.Mu, best.Sd);
    }

    /// <summary>√β_t of the lower confidence bound (Srinivas et al.; PyBADS's acq_fcn_lcb, ν = 0.2, δ = 0.1).</summary>
    public static double LcbBeta(int d, int t) => Math.Sqrt(0.2 * 2 * Math.Log(d * (double)t * t * Math.PI * Math.PI / (6 * 0.1)));

    /// <summary>Bounds rounded inward to the search mesh.</summary>
    public static (double[] Lower, double[] Upper) SearchBounds(BadsState s, BadsCoordinates coords)
    {
        var mesh = s.SearchMeshSize;
        var d = coords.Count;
        var lo = new double[d];
        var hi = new double[d];
        for (var i = 0; i < d; i++)
        {
            lo[i] = mesh * Math.Round(coords.Lower[i] / mesh);
            if (lo[i] < coords.Lower[i]) lo[i] += mesh;
            hi[i] = mesh * Math.Round(coords.Upper[i] / mesh);
            if (hi[i] > coords.Upper[i]) hi[i] -= mesh;
        }
        return (lo, hi);
    }

    /// <summary>Points on the search mesh, projected into the search bounds, without duplicates and evaluated points.</summary>
    private static List<double[]> Keep(List<double[]> points, BadsState s, BadsArchive archive, double[] lo, double[] hi, HashSet<BadsArchive.Cell> seen)
    {
        var mesh = s.SearchMeshSize;
        var kept = new List<double[]>(points.Count);
        foreach (var u in points)
        {
            for (var i = 0; i < u.Length; i++) u[i] = Math.Clamp(mesh * Math.Round(u[i] / mesh), lo[i], hi[i]);
            var cell = archive.CellOf(u);
            if (archive.Contains(u) || !seen.Add(cell)) continue;
            kept.Add(u);
        }
        return kept;
    }

    private static void Score(List<double[]> points, BadsGp? gp, double sqrtBeta, List<(double[] U, double Z, double Mu, double Sd)> pool)
    {
        if (points.Count == 0) return;
        var d = points[0].Length;
        var flat = new double[points.Count * d];
        for (var k = 0; k < points.Count; k++) Array.Copy(points[k], 0, flat, k * d, d);
        var mu = new double[points.Count];
        var variance = new double[points.Count];
        if (gp is not null) gp.Predict(flat, points.Count, mu, variance);
        for (var k = 0; k < points.Count; k++)
        {
            var sd = Math.Sqrt(variance[k]);
            var z = mu[k] - sqrtBeta * sd;
            // an unusable GP (no factorisation) scores every candidate 0: the first drawn wins, a random step
            pool.Add((points[k], double.IsFinite(z) ? z : double.PositiveInfinity, gp is null ? double.NaN : mu[k], gp is null ? double.NaN : sd));
        }
    }

    private static int Compare((double[] U, double Z, double Mu, double Sd) a, (double[] U, double Z, double Mu, double Sd) b) => a.Z.CompareTo(b.Z);

    /// <summary>PyBADS's ES-wcm: C = Σ (U_k − u)(U_k − u)ᵀ over the better half of the training set, eigenvalues
    /// floored at 0 plus (poll size)², normalised to sum 1; returns the D×D root diag(√λ)·Eᵀ (row-major).</summary>
    private static double[] WeightedCovarianceRoot(BadsState s, double[] x, double[] y)
    {
        var d = s.C.D;
        var n = y.Length;
        var take = (int)Math.Floor(0.5 * n);
        var order = Enumerable.Range(0, n).OrderBy(k => y[k]).ThenBy(k => k).Take(Math.Max(take, 1)).ToArray();
        var cov = new double[d * d];
        foreach (var k in order)
            for (var i = 0; i < d; i++)
            {
                var di = x[k * d + i] - s.Incumbent[i];
                for (var j = 0; j < d; j++) cov[i * d + j] += di * (x[k * d + j] - s.Incumbent[j]);
            }
        var values = new double[d];
        var vectors = new double[d * d];
        if (!SymmetricEigen.Decompose(cov, d, values, vectors)) return LengthScaleRoot(s);
        var jitter = s.MeshSize;
        double sum = 0;
        for (var i = 0; i < d; i++) { values[i] = Math.Max(0, values[i]) + jitter * jitter; sum += values[i]; }
        var root = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            var sq = Math.Sqrt(values[i] / sum);
            for (var j = 0; j < d; j++) root[i * d + j] = sq * vectors[j * d + i]; // row i of Eᵀ = eigenvector i
        }
        return root;
    }

    /// <summary>PyBADS's ES-ell: the poll scale (GP length scales over their geometric mean) normalised to unit length.</summary>
    private static double[] LengthScaleRoot(BadsState s)
    {
        var d = s.C.D;
        var norm = Math.Sqrt(s.PollScale.Sum(v => v * v));
        var root = new double[d * d];
        for (var i = 0; i < d; i++) root[i * d + i] = s.PollScale[i] / norm;
        return root;
    }

    /// <summary>PyBADS's selection mask (MATLAB esupdate): weights ∝ 1/√rank over μ + λ ranks, rounded to sum λ;
    /// parent k repeated w_k times.</summary>
    internal static int[] SelectionMask(int mu, int lambda)
    {
        var total = mu + lambda;
        var inv = new double[total];
        double sum = 0;
        for (var k = 0; k < total; k++) { inv[k] = 1 / Math.Sqrt(k + 1); sum += inv[k]; }
        var w = new int[total];
        for (var k = 0; k < total; k++) w[k] = (int)Math.Ceiling(inv[k] / sum * lambda);
        var nonzero = w.Count(v => v > 0);
        while (w.Sum() - lambda > nonzero)
        {
            for (var k = 0; k < total; k++) w[k] = Math.Max(0, w[k] - 1);
            nonzero = w.Count(v => v > 0);
        }
        var delta = w.Sum() - lambda;
        var last = Array.FindLastIndex(w, v => v > 0);
        var start = Math.Max(0, last - delta + 1);
        for (var k = start; k <= last; k++) w[k]--;
        var mask = new List<int>(lambda);
        for (var k = 0; k < total; k++) for (var r = 0; r < w[k]; r++) mask.Add(k);
        return mask.ToArray();
    }
}
