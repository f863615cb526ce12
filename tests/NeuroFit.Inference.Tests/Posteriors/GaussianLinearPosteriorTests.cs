using NeuroFit.Inference.Diagnostics;
using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Training;
using Xunit.Abstractions;

namespace NeuroFit.Inference.Tests.Posteriors;

/// <summary>One trained posterior for the Gaussian linear task, shared by the tests of one class.</summary>
public abstract class GaussianLinearFixture
{
    protected GaussianLinearFixture(int simulations, DensityEstimatorSettings estimator, int seed, TrainingSettings? training = null)
    {
        var npe = new Npe(GaussianLinear.Prior(2), estimator, training);
        npe.AppendSimulations(Inference.Simulation.Simulations.Run(GaussianLinear.Simulator(seed), npe.Prior, simulations, seed));
        Training = npe.Train(seed);
        Posterior = npe.BuildPosterior();
    }

    public TrainingResult Training { get; }
    public DirectPosterior Posterior { get; }

    /// <summary>Observations drawn from the prior predictive (fixed seed), so the test does not pick easy ones.</summary>
    public static double[][] Observations(int count)
    {
        var simulator = GaussianLinear.Simulator(424242);
        var theta = GaussianLinear.Prior(2).Sample(count, new Random(4242));
        var x = simulator.Simulate(theta);
        return Enumerable.Range(0, count).Select(r => new[] { x[r, 0], x[r, 1] }).ToArray();
    }
}

/// <summary>Reduced size for the normal suite: 3,000 simulations, a 3-transform 30-unit MAF, at most 250 epochs.</summary>
public sealed class SmallGaussianLinearFixture() : GaussianLinearFixture(3000, new MafSettings { HiddenFeatures = 30, Transforms = 3, Blocks = 1 }, seed: 1,
    new TrainingSettings { MaxEpochs = 250 });

/// <summary>Posterior checks against the analytic posterior with a reduced network (normal suite); the
/// full-size acceptance runs are in <see cref="GaussianLinearAcceptanceTests"/>.</summary>
public class GaussianLinearPosteriorTests(SmallGaussianLinearFixture fixture, ITestOutputHelper output) : IClassFixture<SmallGaussianLinearFixture>
{
    [Fact]
    public void PosteriorMatchesTheAnalyticPosterior()
    {
        output.WriteLine($"training: {fixture.Training.Epochs} epochs, best val {fixture.Training.BestValidationLoss:F3}, {fixture.Training.Elapsed.TotalSeconds:F1} s");
        foreach (var xo in GaussianLinearFixture.Observations(3))
        {
            var report = PosteriorCheck.Compare(fixture.Posterior, xo, seed: 5);
            output.WriteLine(report.ToString());
            Assert.True(report.C2st <= 0.6, report.ToString());
            // 3,000 simulations and a small network: a looser tolerance than the 10 % of the full-size test.
            Assert.True(report.WorstMeanError <= 0.3 && report.WorstSdError <= 0.3, report.ToString());
        }
    }

    [Fact]
    public void SimulationBasedCalibrationIsUniformWithASmallerNetwork()
    {
        var sbc = SimulationBasedCalibration.Run(fixture.Posterior, GaussianLinear.Simulator(77), rounds: 200, posteriorSamples: 99, seed: 3);
        output.WriteLine($"SBC 200 rounds: χ² {string.Join(", ", sbc.ChiSquare.Select(c => c.ToString("F1")))}, p {string.Join(", ", sbc.PValues.Select(p => p.ToString("F3")))}");
        Assert.Equal(200, sbc.Rounds);
        Assert.True(sbc.IsUniform(0.01), $"p-values {string.Join(", ", sbc.PValues)}");
    }

    [Fact]
    public void MapIsNearTheAnalyticMode()
    {
        var xo = new[] { 0.4, -0.9 };
        var map = fixture.Posterior.Map(xo, seed: 2);
        var mode = GaussianLinear.PosteriorMean(xo);
        for (var j = 0; j < 2; j++) Assert.InRange(map.Theta[j], mode[j] - 0.3 * GaussianLinear.PosteriorSd, mode[j] + 0.3 * GaussianLinear.PosteriorSd);
        // The refined point is at least as probable as every one of the initial draws.
        var draws = fixture.Posterior.Sample(1000, xo, seed: 2);
        Assert.True(map.LogProb >= fixture.Posterior.LogProb(draws, xo).Max() - 1e-12);
        Assert.Equal(map.LogProb, fixture.Posterior.LogProb(map.Theta, xo), 9);
        var bestDraw = fixture.Posterior.MostProbableSample(1000, xo, seed: 2);
        Assert.Equal(fixture.Posterior.LogProb(draws, xo).Max(), bestDraw.LogProb);
    }

    [Fact]
    public void LogProbAgreesWithTheAnalyticDensityUpToTraining()
    {
        var xo = new[] { 0.2, 0.5 };
        var mean = GaussianLinear.PosteriorMean(xo);
        var sd = GaussianLinear.PosteriorSd;
        // At the mode the analytic log density is −log(2π σ²).
        var analytic = -Math.Log(2 * Math.PI * sd * sd);
        Assert.InRange(fixture.Posterior.LogProb(mean, xo), analytic - 0.3, analytic + 0.3);
    }
}

/// <summary>Moments and C2ST of posterior draws against the analytic posterior.</summary>
internal sealed record PosteriorCheck(double[] Xo, double[] MeanError, double[] SdError, double C2st)
{
    /// <summary>Largest |mean error| in units of the posterior SD.</summary>
    public double WorstMeanError => MeanError.Max(Math.Abs);

    /// <summary>Largest |SD error| in units of the posterior SD.</summary>
    public double WorstSdError => SdError.Max(Math.Abs);

    public static PosteriorCheck Compare(DirectPosterior posterior, double[] xo, int seed, int n = 10_000)
    {
        var samples = posterior.Sample(n, xo, seed);
        var reference = GaussianLinear.PosteriorSamples(xo, n, seed + 1);
        var (mean, sd) = GaussianLinear.Moments(samples);
        var exact = GaussianLinear.PosteriorMean(xo);
        var s = GaussianLinear.PosteriorSd;
        return new PosteriorCheck(xo, mean.Select((m, j) => (m - exact[j]) / s).ToArray(), sd.Select(v => (v - s) / s).ToArray(),
            ClassifierTwoSampleTest.Accuracy(samples, reference, seed));
    }

    public override string ToString() =>
        $"x_o ({string.Join(", ", Xo.Select(v => v.ToString("F3")))}): C2ST {C2st:F3}, mean error {string.Join(", ", MeanError.Select(v => v.ToString("+0.000;-0.000")))} SD, " +
        $"SD error {string.Join(", ", SdError.Select(v => v.ToString("+0.000;-0.000")))} SD";
}
