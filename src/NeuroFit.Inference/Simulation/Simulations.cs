using NeuroFit.Inference.Priors;

namespace NeuroFit.Inference.Simulation;

/// <summary>Runs a batch simulator on θ from a prior or proposal (sbi's <c>simulate_for_sbi</c>) and separates
/// invalid results.</summary>
public static class Simulations
{
    /// <summary>Default number of θ handed to the simulator per call.</summary>
    public const int DefaultBatchSize = 1000;

    /// <summary>Draws <paramref name="count"/> θ from <paramref name="proposal"/> (seeded) and simulates them in
    /// batches of <paramref name="batchSize"/>.</summary>
    public static SimulationSet Run(IBatchSimulator simulator, IProposal proposal, int count, int seed, int batchSize = DefaultBatchSize)
    {
        if (count < 0) throw new InferenceException($"cannot run {count} simulations.");
        var theta = proposal.Sample(count, new Random(seed));
        if (theta.GetLength(0) != count || theta.GetLength(1) != proposal.Dimension)
            throw new InferenceException($"the proposal returned {theta.GetLength(0)}×{theta.GetLength(1)} θ for {count} draws of dimension {proposal.Dimension}.");
        return Run(simulator, theta, batchSize);
    }

    /// <summary>Simulates the given θ in batches of <paramref name="batchSize"/>; rows whose x has a NaN or ±∞ are
    /// excluded and counted in <see cref="SimulationSet.InvalidCount"/>.</summary>
    public static SimulationSet Run(IBatchSimulator simulator, double[,] theta, int batchSize = DefaultBatchSize)
    {
        if (batchSize < 1) throw new InferenceException($"simulation batch size must be at least 1 (got {batchSize}).");
        int n = theta.GetLength(0), d = theta.GetLength(1);
        var valid = new List<(double[] Theta, double[] X)>(n);
        var invalid = new List<double[]>();
        int? k = null;
        for (var start = 0; start < n; start += batchSize)
        {
            var rows = Math.Min(batchSize, n - start);
            var batch = Rows.Select(theta, Enumerable.Range(start, rows).ToArray());
            var x = simulator.Simulate(batch);
            if (x.GetLength(0) != rows)
                throw new InferenceException($"the simulator returned {x.GetLength(0)} rows of x for {rows} rows of θ; it must return one row per θ (NaN for a failed run).");
            if (k is not null && x.GetLength(1) != k)
                throw new InferenceException($"the simulator returned x of dimension {x.GetLength(1)} after earlier batches of dimension {k}.");
            k = x.GetLength(1);
            for (var r = 0; r < rows; r++)
            {
                var t = Rows.Get(batch, r);
                if (Rows.AllFinite(x, r)) valid.Add((t, Rows.Get(x, r)));
                else invalid.Add(t);
            }
        }
        var kk = k ?? 0;
        var thetaValid = new double[valid.Count, d];
        var xValid = new double[valid.Count, kk];
        for (var i = 0; i < valid.Count; i++)
        {
            for (var j = 0; j < d; j++) thetaValid[i, j] = valid[i].Theta[j];
            for (var j = 0; j < kk; j++) xValid[i, j] = valid[i].X[j];
        }
        var thetaInvalid = new double[invalid.Count, d];
        for (var i = 0; i < invalid.Count; i++) for (var j = 0; j < d; j++) thetaInvalid[i, j] = invalid[i][j];
        return new SimulationSet(thetaValid, xValid, invalid.Count, thetaInvalid);
    }

    /// <summary>Wraps given (θ, x) pairs as a set, excluding and counting rows whose x (or θ) has a NaN or ±∞.</summary>
    public static SimulationSet FromPairs(double[,] theta, double[,] x)
    {
        if (theta.GetLength(0) != x.GetLength(0))
            throw new InferenceException($"θ has {theta.GetLength(0)} rows but x has {x.GetLength(0)}; they must be row-aligned.");
        var good = Enumerable.Range(0, theta.GetLength(0)).Where(r => Rows.AllFinite(x, r) && Rows.AllFinite(theta, r)).ToArray();
        var bad = Enumerable.Range(0, theta.GetLength(0)).Except(good).ToArray();
        return new SimulationSet(Rows.Select(theta, good), Rows.Select(x, good), bad.Length, Rows.Select(theta, bad));
    }
}
