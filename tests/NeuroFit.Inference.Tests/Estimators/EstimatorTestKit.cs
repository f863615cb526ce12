using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Tests.Estimators;

/// <summary>Small estimators with random weights for structural tests.</summary>
internal static class EstimatorTestKit
{
    public static ConditionalDensityEstimator Build(DensityEstimatorSettings settings, int d, int k, int seed)
    {
        var thetaScore = ThetaStandardiser.Independent(new ZScore(Enumerable.Repeat(0.0, d).ToArray(), Enumerable.Repeat(1.0, d).ToArray()), k);
        var xScore = new ZScore(Enumerable.Repeat(0.0, k).ToArray(), Enumerable.Repeat(1.0, k).ToArray());
        return Build(settings, thetaScore, xScore, seed);
    }

    public static ConditionalDensityEstimator Build(DensityEstimatorSettings settings, ThetaStandardiser thetaScore, ZScore xScore, int seed)
    {
        var estimator = settings.Build(thetaScore, xScore);
        var rng = new Random(seed);
        estimator.Initialize(rng);
        // Push the weights away from their (tiny, structured) initial values so every path carries gradient.
        var masked = estimator.MaskedParameters().ToHashSet();
        for (var i = 0; i < estimator.Parameters.Length; i++)
            if (!masked.Contains(i)) estimator.Parameters[i] += 0.3 * Gaussian.Next(rng);
        return estimator;
    }

    public static double[] RandomRows(Random rng, int rows, int cols, double scale = 1)
    {
        var values = new double[rows * cols];
        Gaussian.Fill(rng, values);
        for (var i = 0; i < values.Length; i++) values[i] *= scale;
        return values;
    }
}
