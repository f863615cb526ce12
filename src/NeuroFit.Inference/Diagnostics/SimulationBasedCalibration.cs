using MathNet.Numerics.Distributions;
using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Simulation;

namespace NeuroFit.Inference.Diagnostics;

/// <summary>The ranks of simulation-based calibration and their uniformity test.</summary>
/// <param name="Ranks">Per round and dimension: how many of the posterior draws lie below θ* (0..L).</param>
/// <param name="PosteriorSamples">L, draws per round.</param>
/// <param name="Bins">Bins of the chi-square test.</param>
/// <param name="ChiSquare">Chi-square statistic per dimension.</param>
/// <param name="PValues">Its p-value per dimension (bins − 1 degrees of freedom).</param>
/// <param name="InvalidSimulations">Rounds dropped because x* was NaN/±∞.</param>
public sealed record SbcResult(int[,] Ranks, int PosteriorSamples, int Bins, double[] ChiSquare, double[] PValues, int InvalidSimulations)
{
    /// <summary>Rounds that produced a rank.</summary>
    public int Rounds => Ranks.GetLength(0);

    /// <summary>Whether every dimension passes the uniformity test at significance <paramref name="alpha"/>.</summary>
    public bool IsUniform(double alpha) => PValues.All(p => p >= alpha);
}

/// <summary>
/// Simulation-based calibration (Talts et al. 2018): draw θ* from the prior, simulate x*, draw L posterior samples at
/// x* and record the rank of θ* among them per dimension. For a calibrated posterior the ranks are uniform on 0..L;
/// a chi-square test over equal bins measures it.
/// </summary>
public static class SimulationBasedCalibration
{
    /// <summary>Runs <paramref name="rounds"/> rounds (seeded). (L + 1) must be a multiple of <paramref name="bins"/>.</summary>
    public static SbcResult Run(DirectPosterior posterior, IBatchSimulator simulator, int rounds, int posteriorSamples, int seed, int bins = 10)
    {
        if (rounds < bins) throw new InferenceException($"SBC needs at least as many rounds ({rounds}) as bins ({bins}).");
        if (bins < 2 || (posteriorSamples + 1) % bins != 0)
            throw new InferenceException($"SBC: posterior draws + 1 ({posteriorSamples + 1}) must be a multiple of the bins ({bins}) so every bin spans as many ranks.");
        var rng = new Random(seed);
        var simulations = Simulations.Run(simulator, posterior.Prior, rounds, rng.Next());
        var d = posterior.Dimension;
        var ranks = new int[simulations.Count, d];
        for (var r = 0; r < simulations.Count; r++)
        {
            var x = Rows.Get(simulations.X, r);
            var samples = posterior.Sample(posteriorSamples, x, rng.Next());
            for (var j = 0; j < d; j++)
            {
                var below = 0;
                for (var s = 0; s < posteriorSamples; s++) if (samples[s, j] < simulations.Theta[r, j]) below++;
                ranks[r, j] = below;
            }
        }
        var (chi, p) = ChiSquareUniformity(ranks, posteriorSamples, bins);
        return new SbcResult(ranks, posteriorSamples, bins, chi, p, simulations.InvalidCount);
    }

    internal static (double[] Statistic, double[] PValue) ChiSquareUniformity(int[,] ranks, int posteriorSamples, int bins)
    {
        int n = ranks.GetLength(0), d = ranks.GetLength(1);
        var statistic = new double[d];
        var pValue = new double[d];
        var expected = (double)n / bins;
        var chi = new ChiSquared(bins - 1);
        for (var j = 0; j < d; j++)
        {
            var counts = new int[bins];
            for (var r = 0; r < n; r++) counts[ranks[r, j] * bins / (posteriorSamples + 1)]++;
            statistic[j] = counts.Sum(c => (c - expected) * (c - expected) / expected);
            pValue[j] = 1 - chi.CumulativeDistribution(statistic[j]);
        }
        return (statistic, pValue);
    }
}
