using NeuroFit.Models;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>annarchy-dsl.md §10 items 30–31: reset semantics and per-occurrence random draws.</summary>
public class ResetAndRandomTests
{
    private static readonly NeuronModel Noisy = new(
        Parameters: "sigma = 1.0 : population\ntau = 10.0",
        Equations: "tau*dv/dt = -v + sigma*Normal(0.0, 1.0) : init = Uniform(-1.0, 1.0)",
        Spike: "v > 0.5",
        Reset: "v = 0.0",
        Refractory: "2.0");

    [Fact]
    public void Item30_ResetRestoresInitialValues_DropsLiveSets_KeepsSetInitial_AndRepeatsTheNoise()
    {
        var net = new Network(dt: 0.5, seed: 11, cache: new KernelCache());
        var pop = net.AddPopulation("p", Noisy, 50);
        var rec = pop.CreateRecorder(["v"], spikes: true);
        var v0 = pop.Get("v");
        Assert.True(v0.All(v => v is >= -1 and < 1) && v0.Distinct().Count() == 50);
        rec.Start();
        net.Simulate(100);
        var first = rec.Drain();
        pop.Set("tau", 3.0);
        pop.SetInitial("sigma", 1.0);
        net.Reset();
        Assert.Equal(0, net.CurrentStep);
        Assert.Equal(v0, pop.Get("v"));
        Assert.All(pop.Get("tau"), t => Assert.Equal(10.0, t));
        net.Simulate(100);
        var second = rec.Drain();
        Assert.Equal(first.Steps, second.Steps);
        Assert.Equal(first.Variables["v"], second.Variables["v"]);
        Assert.Equal(first.Spikes, second.Spikes);

        pop.SetInitial("tau", 3.0);
        net.Reset();
        Assert.All(pop.Get("tau"), t => Assert.Equal(3.0, t));
    }

    [Fact]
    public void Item30_ResetEmptiesRecordersAndRestartsTheirPhase()
    {
        var net = new Network(dt: 1.0, cache: new KernelCache());
        var pop = net.AddPopulation("p", Noisy, 2);
        var rec = pop.CreateRecorder(["v"], spikes: true);
        net.Simulate(3);
        rec.Start(2);
        net.Simulate(4);
        net.Reset();
        net.Simulate(4);
        var data = rec.Drain();
        Assert.Equal([0, 2], data.Steps);
    }

    [Fact]
    public void Item31_EveryOccurrenceDrawsEveryStep_EvenInAnUntakenBranch()
    {
        var taken = new NeuronModel(Parameters: "c = 1.0",
            Equations: "x = if c > 0: Normal(0.0, 1.0) else: 0.0\ny = Normal(0.0, 1.0)\nz = Normal(0.0, 1.0)\nr = y");
        var run = (double c) =>
        {
            var net = new Network(dt: 1.0, seed: 5, cache: new KernelCache());
            var pop = net.AddPopulation("p", taken, 4);
            pop.Set("c", c);
            var rec = pop.CreateRecorder(["x", "y", "z"], spikes: false);
            rec.Start();
            net.Simulate(200);
            return rec.Drain().Variables;
        };
        var on = run(1.0);
        var off = run(-1.0);
        Assert.Equal(on["y"], off["y"]);
        Assert.All(Run.Column(off["x"], 0), x => Assert.Equal(0.0, x));
        var y = Run.Column(on["y"], 0);
        var z = Run.Column(on["z"], 0);
        var x = Run.Column(on["x"], 0);
        Assert.NotEqual(y, z);
        Assert.NotEqual(x, y);
        // the draws look standard normal
        var all = Enumerable.Range(0, 4).SelectMany(n => Run.Column(on["y"], n)).ToArray();
        var mean = all.Average();
        var variance = all.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -0.15, 0.15);
        Assert.InRange(variance, 0.85, 1.15);
    }

    [Fact]
    public void DifferentSeedsGiveDifferentNoise_TheSameSeedTheSame()
    {
        double[,] V(ulong seed)
        {
            var net = new Network(dt: 1.0, seed: seed, cache: new KernelCache());
            var pop = net.AddPopulation("p", Noisy, 3);
            var rec = pop.CreateRecorder(["v"], false);
            rec.Start();
            net.Simulate(20);
            return rec.Drain().Variables["v"];
        }
        Assert.Equal(V(1), V(1));
        Assert.NotEqual(V(1), V(2));
    }
}
