using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Numerics;
using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;

namespace NeuroFit.Inference.Tests.Posteriors;

/// <summary>A posterior on the unit square (x = θ + N(0, 0.3²)), trained briefly: enough for support handling.</summary>
public sealed class UnitSquareFixture
{
    public UnitSquareFixture()
    {
        var prior = new BoxUniform([0, 0], [1, 1]);
        var rng = new Random(99);
        var simulator = new DelegateSimulator(theta =>
        {
            var x = new double[theta.GetLength(0), 2];
            for (var r = 0; r < x.GetLength(0); r++)
                for (var j = 0; j < 2; j++) x[r, j] = theta[r, j] + 0.3 * Gaussian.Next(rng);
            return x;
        });
        var npe = new Npe(prior, new MafSettings { HiddenFeatures = 16, Transforms = 2, Blocks = 1 }, new Inference.Training.TrainingSettings { MaxEpochs = 40 });
        npe.AppendSimulations(Simulations.Run(simulator, prior, 1500, seed: 3));
        npe.Train(seed: 4);
        Posterior = npe.BuildPosterior();
        Prior = prior;
    }

    public DirectPosterior Posterior { get; }
    public BoxUniform Prior { get; }
}

public class RejectionAndLimitsTests(UnitSquareFixture fixture) : IClassFixture<UnitSquareFixture>
{
    [Fact]
    public void SamplesNearACornerStayInsideTheSupport()
    {
        double[] xo = [0.02, 0.05];
        var samples = fixture.Posterior.Sample(5000, xo, seed: 1);
        for (var r = 0; r < 5000; r++) Assert.True(fixture.Prior.InSupport([samples[r, 0], samples[r, 1]]));
        // The estimator does put mass outside near a corner, so rejection really happened.
        var acceptance = fixture.Posterior.AcceptanceRate(xo, 5000, seed: 2);
        Assert.InRange(acceptance, 0.05, 0.95);
    }

    [Fact]
    public void LogProbIsMinusInfinityOutsideTheSupport()
    {
        var values = fixture.Posterior.LogProb(new double[,] { { 0.5, 0.5 }, { 1.2, 0.5 }, { 0.5, -0.01 } }, [0.5, 0.5]);
        Assert.True(double.IsFinite(values[0]));
        Assert.Equal(double.NegativeInfinity, values[1]);
        Assert.Equal(double.NegativeInfinity, values[2]);
    }

    [Fact]
    public void HopelessAcceptanceFailsWithAClearMessageInsteadOfHanging()
    {
        // At x_o = (4, 4) the estimator puts practically all mass far outside the unit square.
        var e = Assert.Throws<PosteriorSamplingException>(() => fixture.Posterior.Sample(1000, [4, 4], seed: 1));
        Assert.Contains("inside the prior support", e.Message);
        Assert.True(e.Proposed >= new SamplingLimits().MinDrawsBeforeRateCheck);
        Assert.True((double)e.Accepted / e.Proposed < new SamplingLimits().MinAcceptanceRate);
    }

    [Fact]
    public void TimeLimitStopsSampling()
    {
        var limited = new DirectPosterior(fixture.Posterior.Estimator, fixture.Prior, limits: new SamplingLimits { MaxTime = TimeSpan.Zero, MinAcceptanceRate = 0 });
        var e = Assert.Throws<PosteriorSamplingException>(() => limited.Sample(1_000_000, [0.5, 0.5], seed: 1));
        Assert.Contains("stopped after", e.Message);
    }

    [Fact]
    public void SamplingIsSeeded()
    {
        Assert.Equal(fixture.Posterior.Sample(300, [0.3, 0.6], seed: 5), fixture.Posterior.Sample(300, [0.3, 0.6], seed: 5));
        Assert.NotEqual(fixture.Posterior.Sample(300, [0.3, 0.6], seed: 5), fixture.Posterior.Sample(300, [0.3, 0.6], seed: 6));
    }

    [Fact]
    public void WrongObservationShapeIsAClearError()
    {
        var e = Assert.Throws<InferenceException>(() => fixture.Posterior.Sample(10, [0.3], seed: 1));
        Assert.Contains("x_o has 1 values", e.Message);
    }

    [Fact]
    public void TruncationBoxRestrictsTheSupport()
    {
        var box = new ParameterBox([0.2, 0.2], [0.6, 0.7]);
        var truncated = new DirectPosterior(fixture.Posterior.Estimator, fixture.Prior, box);
        var samples = truncated.Sample(2000, [0.4, 0.4], seed: 3);
        for (var r = 0; r < 2000; r++) Assert.True(box.Contains([samples[r, 0], samples[r, 1]]));
        Assert.Equal(double.NegativeInfinity, truncated.LogProb([0.1, 0.4], [0.4, 0.4]));
    }
}
