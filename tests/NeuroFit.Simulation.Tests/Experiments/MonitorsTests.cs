using NeuroFit.Models;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Experiments;

public class MonitorsTests
{
    private static readonly NeuronModel Clock = new(Parameters: "", Equations: "r = t", Name: "clock");
    private static readonly NeuronModel Counter = new(Parameters: "", Equations: "v = v + 1", Spike: "v == 5", Reset: "v = 3", Name: "counter");

    private static Monitors Monitor(Network network, string key, params string[] variables) =>
        new(network, new Dictionary<string, IReadOnlyList<string>> { [key] = variables });

    [Fact]
    public void PeriodTenAtDtOneRecordsTenRowsWithTheTimesOfTheSpec()
    {
        var network = new Network(dt: 1.0);
        network.AddPopulation("p", Clock, 1);
        var monitors = Monitor(network, "p;10", "r");
        monitors.Start();
        network.Simulate(100);
        var chunk = monitors.GetRecordings().Single();
        Assert.Equal([0.0, 10, 20, 30, 40, 50, 60, 70, 80, 90], chunk.Var("p", "r").Neuron(0).ToArray());
        Assert.Equal(10.0, chunk.Period("p"));
        Assert.Equal((0.0, 90.0), monitors.GetRecordingTimes().TimeLims());
    }

    [Fact]
    public void PauseAndResumeRecordOnlyTheActiveStretchesAndMakeTwoPeriods()
    {
        var network = new Network(dt: 1.0);
        network.AddPopulation("p", Clock, 1);
        var monitors = Monitor(network, "p", "r");
        monitors.Start();
        network.Simulate(10);
        monitors.Pause();
        network.Simulate(10);
        monitors.Start();
        network.Simulate(10);
        var r = monitors.GetRecordings().Single().Var("p", "r").Neuron(0).ToArray();
        Assert.Equal(Enumerable.Range(0, 10).Concat(Enumerable.Range(20, 10)).Select(x => (double)x), r);
        var times = monitors.GetRecordingTimes();
        Assert.Equal(2, times.NrPeriods());
        Assert.Equal((20.0, 29.0), times.TimeLims(period: 1));
        Assert.Equal((10, 19), times.IdxLims(period: 1));
    }

    [Fact]
    public void StartingAfterAPauseAtAnOddStepSamplesFromThatStep()
    {
        var network = new Network(dt: 1.0);
        network.AddPopulation("p", Clock, 1);
        var monitors = Monitor(network, "p;4", "r");
        network.Simulate(3);
        monitors.Start();
        network.Simulate(10);
        var r = monitors.GetRecordings().Single().Var("p", "r").Neuron(0).ToArray();
        Assert.Equal([3.0, 7, 11], r);
        Assert.Equal((3.0, 11.0), monitors.GetRecordingTimes().TimeLims());
    }

    [Fact]
    public void EveryResetClosesAChunkAndTimeRestartsAtZero()
    {
        var network = new Network(dt: 0.5);
        network.AddPopulation("p", Clock, 1);
        var monitors = Monitor(network, "p", "r");
        monitors.Start();
        network.Simulate(2);
        monitors.Reset();
        network.Simulate(1.5);
        var recordings = monitors.GetRecordings();
        Assert.Equal(2, recordings.Count);
        Assert.Equal([0.0, 0.5, 1.0, 1.5], recordings[0].Var("p", "r").Neuron(0).ToArray());
        Assert.Equal([0.0, 0.5, 1.0], recordings[1].Var("p", "r").Neuron(0).ToArray());
        Assert.Equal((0.0, 1.0), monitors.GetRecordingTimes().TimeLims(chunk: 1));
    }

    [Fact]
    public void ResetWithoutModelKeepsTimeRunningInTheNewChunk()
    {
        var network = new Network(dt: 1.0);
        network.AddPopulation("p", Clock, 1);
        var monitors = Monitor(network, "p", "r");
        monitors.Start();
        network.Simulate(3);
        monitors.Reset(model: false);
        network.Simulate(2);
        var recordings = monitors.GetRecordings();
        Assert.Equal([3.0, 4.0], recordings[1].Var("p", "r").Neuron(0).ToArray());
        Assert.Equal((3.0, 4.0), monitors.GetRecordingTimes().TimeLims(chunk: 1));
    }

    [Fact]
    public void SpikesAreADictOfEveryRankWithStepIndices()
    {
        var network = new Network(dt: 1.0);
        var pop = network.AddPopulation("p", Counter, 2);
        pop.Set("v", [0.0, -100.0]);
        var monitors = Monitor(network, "p", "v", "spike");
        monitors.Start();
        network.Simulate(10);
        var spikes = monitors.GetRecordings().Single().Spikes("p");
        Assert.Equal([4, 6, 8], spikes[0]);
        Assert.Empty(spikes[1]);
        Assert.Equal([0, 1], spikes.Keys);
    }

    [Fact]
    public void NamesThatDoNotExistOrCannotBeRecordedAreClearErrors()
    {
        var network = new Network(dt: 1.0);
        network.AddPopulation("p", ExperimentTests.RateNeuron, 1);
        Assert.Contains("has no variable 'u'", Assert.Throws<ArgumentException>(() => Monitor(network, "p", "u")).Message);
        Assert.Contains("is a parameter", Assert.Throws<ArgumentException>(() => Monitor(network, "p", "a")).Message);
        Assert.Contains("rate-coded", Assert.Throws<ArgumentException>(() => Monitor(network, "p", "spike")).Message);
        Assert.Contains("population;period_ms", Assert.Throws<ArgumentException>(() => Monitor(network, "p;x;y", "r")).Message);
        var unknown = Assert.ThrowsAny<Exception>(() => Monitor(network, "q", "r"));
        Assert.Contains("q", unknown.Message);
    }
}
