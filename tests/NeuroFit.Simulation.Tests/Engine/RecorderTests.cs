using NeuroFit.Models;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>annarchy-dsl.md §10 item 29: sampling period and phase, pause/resume, late start, drain, shapes.</summary>
public class RecorderTests
{
    private static readonly NeuronModel Clock = new(Parameters: "k = 1.0", Equations: "r = t * k\nm = 2 : population");

    private static (Network, Population) Create(int size = 3)
    {
        var net = new Network(dt: 1.0, cache: new KernelCache());
        return (net, net.AddPopulation("clock", Clock, size));
    }

    [Fact]
    public void PeriodTenSamplesSteps0_10_20()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start(periodSteps: 10);
        net.Simulate(100);
        var data = rec.Drain();
        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], data.Steps);
        Assert.Equal(new[] { 10, 3 }, new[] { data.Variables["r"].GetLength(0), data.Variables["r"].GetLength(1) });
        Assert.Equal([0.0, 10, 20, 30, 40, 50, 60, 70, 80, 90], Run.Column(data.Variables["r"], 2));
    }

    [Fact]
    public void ARunWhoseRecordingCouldNotBeHeldIsRefusedBeforeItStarts()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        net.Simulate(10);
        var tooMany = Assert.Throws<SimulationException>(() => net.Simulate(3e9));
        Assert.Contains("a recording holds at most 2,147,483,647", tooMany.Message);
        Assert.Equal(10, net.CurrentStep); // refused, not run
        Assert.Equal(10, rec.Drain().Steps.Length);

        // a period makes the same duration fit the sample limit, but not the step numbers
        rec.Start(periodSteps: 100);
        Assert.Throws<SimulationException>(() => net.Simulate(3e9));
        rec.Pause();
        net.Simulate(5); // nothing recorded: no limit applies to short runs

        var (wide, many) = Create(size: 200_000);
        many.CreateRecorder(["r"], spikes: false).Start();
        var memory = Assert.Throws<SimulationException>(() => wide.Simulate(1e8)); // 1.6e14 bytes
        Assert.Contains("would need", memory.Message);
        Assert.Equal(0, wide.CurrentStep);
    }

    [Theory]
    [InlineData(1e300, 1.0)]
    [InlineData(1.0, 1e-300)]
    [InlineData(double.MaxValue, 1e-3)]
    public void ADurationOfMoreStepsThanCanBeCountedIsRefusedNotRunForever(double duration, double dt)
    {
        // ceil(duration/dt) saturated to long.MaxValue; after a first run CurrentStep + steps overflowed, passed the
        // recording check and the run went on forever
        var net = new Network(dt: dt, cache: new KernelCache());
        var pop = net.AddPopulation("clock", Clock, 1);
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        net.RunSteps(3);
        var e = Assert.Throws<SimulationException>(() => net.Simulate(duration));
        Assert.Contains("more than the", e.Message);
        Assert.Contains("steps a run can count", e.Message);
        Assert.Equal(3, net.CurrentStep);
        Assert.Throws<SimulationException>(() => Network.StepsFor(duration, dt));
        Assert.Equal(Network.MaxSteps, Network.StepsFor(Network.MaxSteps, 1.0));
    }

    [Fact]
    public void TheRecordingLimitHoldsForAnyStepCountAfterAFirstRun()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        net.RunSteps(10);
        var e = Assert.Throws<SimulationException>(() => net.RunSteps(long.MaxValue)); // CurrentStep + steps overflowed
        Assert.Contains("a recording holds at most 2,147,483,647", e.Message);
        Assert.Contains("9,223,372,036,854,775,817", e.Message); // the step it would reach, not a wrapped negative number
        Assert.Equal(10, net.CurrentStep);
    }

    [Fact]
    public void PauseThenResumeSkipsThePausedSteps()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        net.Simulate(5);
        rec.Pause();
        Assert.False(rec.IsActive);
        net.Simulate(10);
        rec.Start();
        net.Simulate(5);
        var data = rec.Drain();
        Assert.Equal([0, 1, 2, 3, 4, 15, 16, 17, 18, 19], data.Steps);
        Assert.Equal([0.0, 1, 2, 3, 4, 15, 16, 17, 18, 19], Run.Column(data.Variables["r"], 0));
    }

    [Fact]
    public void ResumeKeepsThePhaseOfTheLastStart()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start(periodSteps: 4);
        net.Simulate(6);
        rec.Pause();
        net.Simulate(5);
        rec.Resume();
        net.Simulate(9);
        Assert.Equal([0, 4, 12, 16], rec.Drain().Steps);
    }

    [Fact]
    public void ALateStartIsPhasedOnItsFirstStep()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        net.Simulate(7);
        rec.Start(periodSteps: 5);
        net.Simulate(20);
        Assert.Equal([7, 12, 17, 22], rec.Drain().Steps);
    }

    [Fact]
    public void DrainEmptiesTheBuffer_GlobalVariablesHaveOneColumn()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r", "m"], spikes: false);
        rec.Start();
        net.Simulate(4);
        var first = rec.Drain();
        Assert.Equal(new[] { 4, 1 }, new[] { first.Variables["m"].GetLength(0), first.Variables["m"].GetLength(1) });
        Assert.Equal(2.0, first.Variables["m"][3, 0]);
        net.Simulate(2);
        var second = rec.Drain();
        Assert.Equal([4, 5], second.Steps);
        Assert.Empty(rec.Drain().Steps);
        Assert.Null(second.Spikes);
    }

    [Fact]
    public void TwoRecordersWithDifferentPeriodsShareOneRun()
    {
        var (net, pop) = Create(37);
        var every = pop.CreateRecorder(["r"], spikes: false);
        var third = pop.CreateRecorder(["r"], spikes: false);
        every.Start();
        third.Start(3);
        net.Simulate(10);
        var a = every.Drain();
        var b = third.Drain();
        Assert.Equal(10, a.Steps.Length);
        Assert.Equal([0, 3, 6, 9], b.Steps);
        for (var row = 0; row < b.Steps.Length; row++)
            for (var n = 0; n < 37; n++) Assert.Equal(a.Variables["r"][b.Steps[row], n], b.Variables["r"][row, n]);
    }

    [Fact]
    public void LongRecordingsSpanSeveralScratchBlocks()
    {
        var net = new Network(dt: 1.0, cache: new KernelCache());
        var pop = net.AddPopulation("big", Clock, 5000);
        var rec = pop.CreateRecorder(["r"], spikes: false);
        var sparse = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        sparse.Start(7);
        net.Simulate(1000); // two recorders share a scratch: 5000 neurons x 1000 rows x 8 bytes = 40 MB > the 32 MB scratch
        var data = rec.Drain();
        Assert.Equal(1000, data.Steps.Length);
        Assert.Equal(999.0, data.Variables["r"][999, 4999]);
        Assert.Equal(500.0, data.Variables["r"][500, 17]);
        var every7 = sparse.Drain();
        Assert.Equal(143, every7.Steps.Length);
        Assert.Equal(994.0, every7.Variables["r"][142, 4999]);
    }

    [Fact]
    public void NeuronMajorDataIsTheTransposeAndIsNotCopied()
    {
        var (net, pop) = Create(5);
        pop.Set("k", [1.0, 2, 3, 4, 5]);
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        net.Simulate(6);
        var data = rec.Drain();
        var neuronMajor = data.NeuronMajor("r");
        Assert.Same(neuronMajor, data.NeuronMajor("r"));
        Assert.Equal(5, data.Width("r"));
        Assert.Equal(30, neuronMajor.Length);
        for (var n = 0; n < 5; n++)
            for (var t = 0; t < 6; t++) Assert.Equal(t * (n + 1.0), neuronMajor[n * 6 + t]);
        Assert.Equal(neuronMajor[3 * 6 + 4], data.Variables["r"][4, 3]);
        Assert.Throws<SimulationException>(() => data.NeuronMajor("m"));
    }

    [Fact]
    public void SeveralRunsBeforeADrainAreConcatenated()
    {
        var (net, pop) = Create(3);
        var rec = pop.CreateRecorder(["r", "m"], spikes: false);
        rec.Start();
        net.Simulate(3);
        net.Simulate(4);
        net.Simulate(2);
        var data = rec.Drain();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], data.Steps);
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 8], Run.Column(data.Variables["r"], 1));
        Assert.Equal(27, data.NeuronMajor("r").Length);
        Assert.Equal(9, data.NeuronMajor("m").Length);
    }

    [Fact]
    public void ParametersCannotBeRecorded_NorSpikesOfARateModel()
    {
        var (_, pop) = Create();
        Assert.Contains("only variables", Assert.Throws<SimulationException>(() => pop.CreateRecorder(["k"], false)).Message);
        Assert.Contains("rate-coded", Assert.Throws<SimulationException>(() => pop.CreateRecorder(["r"], true)).Message);
    }

    [Fact]
    public void ADisposedRecorderStopsRecording()
    {
        var (net, pop) = Create();
        var rec = pop.CreateRecorder(["r"], spikes: false);
        rec.Start();
        net.Simulate(2);
        rec.Dispose();
        net.Simulate(2);
        Assert.Equal([0, 1], rec.Drain().Steps);
    }
}
