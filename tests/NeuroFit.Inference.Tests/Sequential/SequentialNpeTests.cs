using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Sequential;
using NeuroFit.Inference.Simulation;
using NeuroFit.Inference.Training;
using Xunit.Abstractions;

namespace NeuroFit.Inference.Tests.Sequential;

/// <summary>Seed mode on CompNeuroPy's example A, with the loss written out: r = a·I + b against targets 2 → 6
/// (I = 0 → 5) and 2 → 10 (I = 0 → 10), loss = RMSE of each chunk, summed; minimum 0 at (a, b) = (0.8, 2).</summary>
internal static class ExampleA
{
    public static double Loss(double a, double b)
    {
        double Chunk(double current, double target) => Math.Sqrt(0.5 * (b - 2) * (b - 2) + 0.5 * (a * current + b - target) * (a * current + b - target));
        return Chunk(5, 6) + Chunk(10, 10);
    }

    public static IBatchSimulator Simulator => DelegateSimulator.PerRow(t => [Loss(t[0], t[1])]);

    public static BoxUniform Prior => new([-10, -10], [10, 10]);
}

public class SequentialNpeTests(ITestOutputHelper output)
{
    private static readonly MafSettings SmallMaf = new() { HiddenFeatures = 20, Transforms = 2, Blocks = 1 };

    [Fact]
    public void RoundsShrinkNestedBoxesAroundTheMinimum()
    {
        // TSNPE's cautious defaults (99.9 % region, 10 % margin) with a small network: every box must keep the minimum.
        var sequential = new SequentialNpe(ExampleA.Prior, ExampleA.Simulator, SmallMaf, new TrainingSettings { LearningRate = 2e-3 });
        var result = sequential.Run([0.0], new SequentialSettings { Rounds = 4, SimulationsPerRound = 200 }, seed: 1,
            r => output.WriteLine($"round {r.Round}: region {r.Region?.ToString() ?? "prior"}, {r.TrainingPairs} pairs, {r.Training.Epochs} epochs"));
        Assert.Equal(4, result.Rounds.Count);
        Assert.Equal(800, result.Simulations.Attempted);
        Assert.Null(result.Rounds[0].Region);
        ParameterBox previous = ExampleA.Prior.Box;
        foreach (var round in result.Rounds.Skip(1))
        {
            var box = round.Region!;
            Assert.Equal(box, box.Intersect(previous)); // nested, and inside the prior
            Assert.True(box.Contains([0.8, 2.0]), $"round {round.Round} lost the minimum: {box}");
            previous = box;
        }
        var area = (previous.High[0] - previous.Low[0]) * (previous.High[1] - previous.Low[1]);
        Assert.True(area < 0.25 * 400, $"final box {previous} covers {area / 4:F0} % of the prior");
        Assert.Equal(previous, result.Posterior.Truncation);
    }

    [Fact]
    public void SameSeedSameRounds()
    {
        var settings = new SequentialSettings { Rounds = 2, SimulationsPerRound = 100, RegionSamples = 500 };
        var training = new TrainingSettings { MaxEpochs = 5 };
        var a = new SequentialNpe(ExampleA.Prior, ExampleA.Simulator, SmallMaf, training).Run([0.0], settings, seed: 3);
        var b = new SequentialNpe(ExampleA.Prior, ExampleA.Simulator, SmallMaf, training with { Threads = 1 }).Run([0.0], settings, seed: 3);
        Assert.Equal(a.Simulations.Theta, b.Simulations.Theta);
        Assert.Equal(a.Rounds[1].Region, b.Rounds[1].Region);
        Assert.Equal(a.Posterior.Sample(50, [0.0], 1), b.Posterior.Sample(50, [0.0], 1));
    }

    [Fact]
    public void InvalidSimulationsAreCountedPerRound()
    {
        // Half the square returns NaN.
        var simulator = DelegateSimulator.PerRow(t => [t[0] < 0 ? double.NaN : ExampleA.Loss(t[0], t[1])]);
        var result = new SequentialNpe(ExampleA.Prior, simulator, SmallMaf, new TrainingSettings { MaxEpochs = 5 })
            .Run([0.0], new SequentialSettings { Rounds = 2, SimulationsPerRound = 200, RegionSamples = 500 }, seed: 2);
        Assert.InRange(result.Rounds[0].Invalid, 70, 130);
        Assert.Equal(result.Rounds.Sum(r => r.Invalid), result.InvalidSimulations);
        Assert.Equal(result.InvalidSimulations, result.Simulations.InvalidCount);
        Assert.Equal(400 - result.InvalidSimulations, result.Simulations.Count);
    }

    [Fact]
    public void PriorsWithoutRestrictionFallBackToRejection()
    {
        var prior = new UnrestrictablePrior(ExampleA.Prior);
        var result = new SequentialNpe(prior, ExampleA.Simulator, SmallMaf, new TrainingSettings { MaxEpochs = 5 })
            .Run([0.0], new SequentialSettings { Rounds = 2, SimulationsPerRound = 100, RegionSamples = 500 }, seed: 2);
        var box = result.Rounds[1].Region!;
        var theta = result.Simulations.Theta;
        for (var r = 100; r < result.Simulations.Count; r++) Assert.True(box.Contains([theta[r, 0], theta[r, 1]]));
    }

    private sealed class UnrestrictablePrior(IPrior inner) : IPrior
    {
        public int Dimension => inner.Dimension;
        public double[,] Sample(int n, Random rng) => inner.Sample(n, rng);
        public double LogProb(ReadOnlySpan<double> theta) => inner.LogProb(theta);
        public bool InSupport(ReadOnlySpan<double> theta) => inner.InSupport(theta);
    }
}

/// <summary>The issue's seed-mode scenario at full size (slow): 2,000 simulations, default MAF.</summary>
[Trait("Category", "slow")]
public class SeedModeAcceptanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ExampleAWithin5PercentWith2000Simulations(int seed)
    {
        var result = new SequentialNpe(ExampleA.Prior, ExampleA.Simulator).Run([0.0], SequentialSettings.SeedMode(2000), seed,
            r => output.WriteLine($"round {r.Round}: region {r.Region?.ToString() ?? "prior"}, {r.TrainingPairs} pairs, {r.Training.Epochs} epochs, {r.Training.Elapsed.TotalSeconds:F1} s"));
        Assert.Equal(2000, result.Simulations.Attempted);
        // The lead's rule: the highest-probability sample among 10,000 posterior draws.
        var best = result.Posterior.MostProbableSample(10_000, [0.0], seed);
        double a = best.Theta[0], b = best.Theta[1];
        output.WriteLine($"best of 10,000: a {a:F4}, b {b:F4}, loss {ExampleA.Loss(a, b):F4}");
        Assert.InRange(a, 0.8 * 0.95, 0.8 * 1.05);
        Assert.InRange(b, 2 * 0.95, 2 * 1.05);
    }
}
