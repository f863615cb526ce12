using MathNet.Numerics.Distributions;
using NeuroFit.Inference.Numerics;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;

namespace NeuroFit.Inference.Tests;

/// <summary>The Gaussian linear task: θ ~ N(0, I), x = θ + N(0, σ² I), σ = 0.1. The posterior is
/// N(x/(1 + σ²), σ²/(1 + σ²)·I).</summary>
internal static class GaussianLinear
{
    public const double NoiseSd = 0.1;

    public static double PosteriorSd => NoiseSd / Math.Sqrt(1 + NoiseSd * NoiseSd);

    public static double[] PosteriorMean(double[] xo) => xo.Select(v => v / (1 + NoiseSd * NoiseSd)).ToArray();

    public static IndependentPrior Prior(int d) =>
        new(Enumerable.Range(0, d).Select(_ => (IContinuousDistribution)new Normal(0, 1)).ToArray());

    /// <summary>A seeded simulator (its noise stream advances with every call). The seed is scrambled so that the
    /// noise never replays the prior's own draws when a test passes the same number to both.</summary>
    public static IBatchSimulator Simulator(int seed)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + 12345));
        return new DelegateSimulator(theta =>
        {
            int n = theta.GetLength(0), d = theta.GetLength(1);
            var x = new double[n, d];
            for (var r = 0; r < n; r++)
                for (var j = 0; j < d; j++) x[r, j] = theta[r, j] + NoiseSd * Gaussian.Next(rng);
            return x;
        });
    }

    public static double[,] PosteriorSamples(double[] xo, int n, int seed)
    {
        var rng = new Random(seed);
        var mean = PosteriorMean(xo);
        var samples = new double[n, xo.Length];
        for (var r = 0; r < n; r++)
            for (var j = 0; j < xo.Length; j++) samples[r, j] = mean[j] + PosteriorSd * Gaussian.Next(rng);
        return samples;
    }

    public static (double[] Mean, double[] Sd) Moments(double[,] samples)
    {
        int n = samples.GetLength(0), d = samples.GetLength(1);
        var mean = new double[d];
        var sd = new double[d];
        for (var j = 0; j < d; j++)
        {
            double s = 0, ss = 0;
            for (var r = 0; r < n; r++) s += samples[r, j];
            mean[j] = s / n;
            for (var r = 0; r < n; r++) ss += (samples[r, j] - mean[j]) * (samples[r, j] - mean[j]);
            sd[j] = Math.Sqrt(ss / (n - 1));
        }
        return (mean, sd);
    }
}
