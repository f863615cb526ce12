using NeuroFit.Models;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Experiments;

public class ExperimentTests
{
    internal static readonly NeuronModel RateNeuron = new(
        Parameters: "I_app = 0\na = 0\nb = 0",
        Equations: "r = a*I_app + b",
        Name: "simple");

    /// <summary>CompNeuroPy's examples A/B experiment: current step 0 → a2, reset, again with a2 = 10.</summary>
    internal sealed class StepExperiment : Experiment
    {
        public override ExperimentResults Run(string populationName)
        {
            Monitors!.Start();
            var sim = new CompNeuroSim(Network, SimulationFunctions.CurrentStepFunction,
                new Dictionary<string, object?> { ["pop"] = populationName, ["t1"] = 500.0, ["t2"] = 500.0, ["a1"] = 0.0, ["a2"] = 5.0 },
                name: "test", monitorObject: Monitors);
            sim.Run();
            Reset();
            sim.Run(new Dictionary<string, object?> { ["a2"] = 10.0 });
            Data["sim"] = sim.SimulationInfo();
            Data["population_name"] = populationName;
            Data["time_step"] = Network.Dt;
            return Results();
        }
    }

    private static (Network Network, Monitors Monitors) Setup(int size, double a, double b)
    {
        var network = new Network(dt: 1.0);
        var pop = network.AddPopulation("pop", RateNeuron, size);
        pop.Set("a", a);
        pop.Set("b", b);
        return (network, new Monitors(network, new Dictionary<string, IReadOnlyList<string>> { ["pop"] = ["r"] }));
    }

    [Fact]
    public void ExampleAExperimentGivesTwoChunksOfAThousandExactValues()
    {
        var (network, monitors) = Setup(1, a: 0.8, b: 2);
        var experiment = new StepExperiment().Bind(network, monitors);
        experiment.StoreModelState(["pop"]);
        var results = experiment.Run("pop");
        Assert.Equal(2, results.Recordings.Count);
        var chunk0 = results.Recordings[0].Var("pop", "r").Neuron(0).ToArray();
        var chunk1 = results.Recordings[1].Var("pop", "r").Neuron(0).ToArray();
        Assert.Equal(1000, chunk0.Length);
        Assert.Equal(1000, chunk1.Length);
        Assert.All(chunk0[..500], r => Assert.Equal(2.0, r));
        Assert.All(chunk0[500..], r => Assert.Equal(0.8 * 5 + 2, r));
        Assert.All(chunk1[500..], r => Assert.Equal(0.8 * 10 + 2, r));
        Assert.Equal((0.0, 999.0), results.RecordingTimes!.TimeLims(chunk: 1));
        Assert.Equal((0, 999), results.RecordingTimes.IdxLims(chunk: 1));
        var info = (SimulationInfo)results.Data["sim"]!;
        Assert.Equal([0.0, 0.0], info.Start);
        Assert.Equal([1000.0, 1000.0], info.End);
        Assert.Equal([0, 1], info.MonitorChunk);
        var current = info.GetCurrentArray(1.0, flat: true).Single();
        Assert.Equal(2000, current.Length);
        Assert.Equal(10.0, current[^1]);
        Assert.Equal(1.0, results.Recordings[0].Dt);
        Assert.Equal([0.8], results.Recordings[0].ParameterDict("pop")["a"]);
    }

    [Fact]
    public void ResetReturnsToTheStoredFittedStateNotToTheModelDefaults()
    {
        var (network, monitors) = Setup(1, a: 0.8, b: 2);
        var experiment = new StepExperiment().Bind(network, monitors);
        experiment.StoreModelState(["pop"]);
        experiment.Run("pop");
        experiment.Reset();
        Assert.Equal([0.8], network.GetPopulation("pop").Get("a"));
        experiment.ResetModelState();
        experiment.Reset();
        Assert.Equal([0.0], network.GetPopulation("pop").Get("a"));
    }

    [Fact]
    public void ResultsEmptyAndPauseTheMonitorsSoTheNextRunStartsFresh()
    {
        var (network, monitors) = Setup(1, 1, 0);
        var experiment = new StepExperiment().Bind(network, monitors);
        experiment.StoreModelState(["pop"]);
        experiment.Run("pop");
        experiment.Reset();
        var second = experiment.Run("pop");
        Assert.Equal(2, second.Recordings.Count);
        Assert.Null(monitors.CurrentChunk());
    }

    [Fact]
    public void BatchSplitGivesEveryCandidateTheResultsOfRunningItAlone()
    {
        var random = new Random(7);
        var a = Enumerable.Range(0, 100).Select(_ => random.NextDouble() * 20 - 10).ToArray();
        var b = Enumerable.Range(0, 100).Select(_ => random.NextDouble() * 20 - 10).ToArray();
        var network = new Network(dt: 1.0);
        var pop = network.AddPopulation("pop", RateNeuron, 100);
        pop.Set("a", a);
        pop.Set("b", b);
        var batch = new StepExperiment().Bind(network, new Monitors(network, new Dictionary<string, IReadOnlyList<string>> { ["pop"] = ["r"] }));
        batch.StoreModelState(["pop"]);
        var all = batch.Run("pop");
        foreach (var i in new[] { 0, 1, 42, 99 })
        {
            var (single, monitors) = Setup(1, a[i], b[i]);
            var alone = new StepExperiment().Bind(single, monitors);
            alone.StoreModelState(["pop"]);
            var expected = alone.Run("pop");
            var split = all.SelectNeuron(i);
            for (var c = 0; c < 2; c++)
            {
                Assert.Equal(expected.Recordings[c].Var("pop", "r").Neuron(0).ToArray(), split.Recordings[c].Var("pop", "r").Neuron(0).ToArray());
                Assert.Equal(1, split.Recordings[c].Var("pop", "r").Neurons);
                Assert.Equal(expected.Recordings[c].ParameterDict("pop")["a"], split.Recordings[c].ParameterDict("pop")["a"]);
            }
        }
    }
}
