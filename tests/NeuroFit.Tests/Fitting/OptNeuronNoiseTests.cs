using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Tests.Fitting;

public class OptNeuronNoiseTests
{
    // r is noisy around a: the loss (r - 3)^2 averaged over time has a known expectation (a - 3)^2 + sigma^2.
    private static readonly NeuronModel Noisy = new(Parameters: "a = 0\nsigma = 1", Equations: "r = a + sigma * Normal(0, 1)", Name: "noisy");

    private sealed class Run100 : Experiment
    {
        public override ExperimentResults Run(string populationName)
        {
            Monitors!.Start();
            Network.Simulate(100);
            return Results();
        }
    }

    private static LossValue Loss(ExperimentResults ist, object? soll)
    {
        var r = ist.Recordings[0].Var("model_neuron", "r").Neuron(0);
        var sum = 0.0;
        foreach (var x in r) sum += (x - 3) * (x - 3);
        return sum / r.Length;
    }

    private static OptNeuronResult Fit(int repeats, long seed, int? batch = null) =>
        new OptNeuron(() => new Run100(), Loss, new VariablesBounds { ["a"] = new[] { 0.0, 6 } }, Noisy, resultsSoll: 3.0,
            method: "random", numRepLoss: repeats, record: ["r"], seed: seed,
            options: new OptNeuronOptions { WriteFiles = false, BatchSize = batch }).Run(40);

    [Fact]
    public void RepeatsGiveAMeanLossAndItsStandardDeviation()
    {
        var result = Fit(repeats: 4, seed: 1);
        Assert.NotNull(result.Std);
        Assert.True(result.Std > 0);
        Assert.InRange(result.Best["a"], 2, 4);
        Assert.NotEqual(result.Loss, result.RerunLoss); // the re-run draws the noise of another trial number
    }

    [Fact]
    public void ResultsDoNotDependOnTheBatchSize()
    {
        var one = Fit(repeats: 3, seed: 5, batch: 1);
        var many = Fit(repeats: 3, seed: 5, batch: 16);
        Assert.Equal(one.History.Select(h => h.Loss), many.History.Select(h => h.Loss));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNoise()
    {
        Assert.NotEqual(Fit(2, seed: 1).History.Select(h => h.Loss), Fit(2, seed: 2).History.Select(h => h.Loss));
    }
}
