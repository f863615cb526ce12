using System.Diagnostics;

namespace NeuroFit.Inference.Posteriors;

/// <summary>
/// Coordinate-wise slice sampling (Neal 2003: stepping out, then shrinkage) run on several chains at once, as sbi's
/// <c>slice_np_vectorized</c>: every coordinate update evaluates the density for all chains that still need a value
/// in one batch. Bracket widths start at <c>initialWidth</c> and follow the running mean of the final bracket widths
/// during warm-up (sbi's tuning). The target is <c>logDensity</c>, −∞ outside the support; the chains must start
/// inside it. <c>afterIteration</c> runs after every sweep over the coordinates (the time limit throws there).
/// Deterministic for a given <see cref="Random"/>.
/// </summary>
internal static class SliceSampler
{
    public static double[,] Run(Func<double[,], double[]> logDensity, double[,] start, double[] initialWidth, int n, McmcSettings settings,
        Random rng, Action afterIteration)
    {
        int chains = start.GetLength(0), d = start.GetLength(1);
        var x = (double[,])start.Clone();
        var logP = logDensity(x);
        for (var c = 0; c < chains; c++)
            if (!double.IsFinite(logP[c])) throw new InferenceException("MCMC: a chain starts where the posterior density is zero or not finite.");
        var width = (double[])initialWidth.Clone();
        var result = new double[n, d];
        var perChain = (n + chains - 1) / chains;
        var total = settings.WarmupSteps + perChain * settings.Thin;
        var filled = 0;
        var sweeper = new Sweep(logDensity, chains, d, settings.MaxStepOut);
        for (var iteration = 0; iteration < total && filled < n; iteration++)
        {
            var warmup = iteration < settings.WarmupSteps;
            for (var j = 0; j < d; j++)
            {
                var bracket = sweeper.Update(x, logP, j, width[j], rng);
                if (warmup) width[j] += (bracket - width[j]) / (iteration + 1);
            }
            if (!warmup && (iteration - settings.WarmupSteps + 1) % settings.Thin == 0)
                for (var c = 0; c < chains && filled < n; c++, filled++)
                    for (var j = 0; j < d; j++) result[filled, j] = x[c, j];
            afterIteration();
        }
        return result;
    }

    /// <summary>One coordinate update for every chain; buffers reused between calls.</summary>
    private sealed class Sweep(Func<double[,], double[]> logDensity, int chains, int d, int maxStepOut)
    {
        private readonly double[] _level = new double[chains];
        private readonly double[] _left = new double[chains];
        private readonly double[] _right = new double[chains];
        private readonly int[] _leftSteps = new int[chains];
        private readonly int[] _rightSteps = new int[chains];
        private readonly bool[] _done = new bool[chains];
        private readonly double[] _proposal = new double[chains];

        /// <summary>Moves every chain along coordinate <paramref name="j"/>; returns the mean final bracket width.</summary>
        public double Update(double[,] x, double[] logP, int j, double width, Random rng)
        {
            for (var c = 0; c < chains; c++)
            {
                _level[c] = logP[c] - SampleExponential(rng);
                _left[c] = x[c, j] - width * rng.NextDouble();
                _right[c] = _left[c] + width;
                _leftSteps[c] = _rightSteps[c] = 0;
            }
            // Stepping out: widen each end by `width` while the density there is above the slice level.
            var pending = new List<(int Chain, bool Left)>(2 * chains);
            for (var c = 0; c < chains; c++) { pending.Add((c, true)); pending.Add((c, false)); }
            while (pending.Count > 0)
            {
                var values = Evaluate(x, j, pending.Select(p => (p.Chain, p.Left ? _left[p.Chain] : _right[p.Chain])).ToList());
                var next = new List<(int Chain, bool Left)>();
                for (var i = 0; i < pending.Count; i++)
                {
                    var (c, left) = pending[i];
                    if (!(values[i] > _level[c])) continue;
                    if (left && _leftSteps[c]++ < maxStepOut) { _left[c] -= width; next.Add((c, true)); }
                    else if (!left && _rightSteps[c]++ < maxStepOut) { _right[c] += width; next.Add((c, false)); }
                }
                pending = next;
            }
            // Shrinkage: propose uniformly in the bracket; a rejected point becomes the new end on its side.
            Array.Fill(_done, false);
            var active = Enumerable.Range(0, chains).ToList();
            var bracketSum = 0.0;
            while (active.Count > 0)
            {
                foreach (var c in active) _proposal[c] = _left[c] + rng.NextDouble() * (_right[c] - _left[c]);
                var values = Evaluate(x, j, active.Select(c => (c, _proposal[c])).ToList());
                var still = new List<int>(active.Count);
                for (var i = 0; i < active.Count; i++)
                {
                    var c = active[i];
                    if (values[i] > _level[c])
                    {
                        bracketSum += _right[c] - _left[c];
                        x[c, j] = _proposal[c];
                        logP[c] = values[i];
                        continue;
                    }
                    if (_proposal[c] < x[c, j]) _left[c] = _proposal[c];
                    else _right[c] = _proposal[c];
                    if (_right[c] - _left[c] <= 1e-12 * Math.Max(1, Math.Abs(x[c, j])))
                    {
                        bracketSum += _right[c] - _left[c]; // collapsed onto the current point: stay
                        continue;
                    }
                    still.Add(c);
                }
                active = still;
            }
            return bracketSum / chains;
        }

        private double[] Evaluate(double[,] x, int j, IReadOnlyList<(int Chain, double Value)> points)
        {
            var rows = new double[points.Count, d];
            for (var i = 0; i < points.Count; i++)
            {
                for (var k = 0; k < d; k++) rows[i, k] = x[points[i].Chain, k];
                rows[i, j] = points[i].Value;
            }
            return logDensity(rows);
        }
    }

    private static double SampleExponential(Random rng) => -Math.Log(1 - rng.NextDouble());
}
