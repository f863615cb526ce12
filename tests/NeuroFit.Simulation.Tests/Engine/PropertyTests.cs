using FsCheck;
using FsCheck.Fluent;
using NeuroFit.Models;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>Laws of the engine: batch independence, reset/rerun, snapshot/restore, split runs, thread counts.</summary>
public class PropertyTests
{
    /// <summary>The built-in Izhikevich shape with noise and a refractory period.</summary>
    public static readonly NeuronModel NoisyIzhikevich = new(
        Parameters: "a = 0.02\nb = 0.2\nc = -65.0\nd = 8.0\nv_thresh = 30.0\ni_offset = 5.0\nnoise = 3.0\ntau_refrac = 1.0",
        Equations: "I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset\n" +
                   "dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = c\n" +
                   "du/dt = a * (b*v - u) : init = b*c",
        Spike: "v > v_thresh",
        Reset: "v = c\nu += d",
        Refractory: "tau_refrac",
        Name: "NoisyIzhikevich");

    private static readonly KernelCache Cache = new();

    private sealed record Trace(double[] V, int[] Spikes);

    private static Trace[] Simulate(int size, int threads, ulong seed, Action<Population> setup, int steps = 400)
    {
        var net = new Network(dt: 0.25, seed: seed, threads: threads, cache: Cache);
        var pop = net.AddPopulation("p", NoisyIzhikevich, size);
        setup(pop);
        var rec = pop.CreateRecorder(["v"], spikes: true);
        rec.Start();
        net.RunSteps(steps);
        var data = rec.Drain();
        return [.. Enumerable.Range(0, size).Select(i => new Trace(Run.Column(data.Variables["v"], i), data.Spikes![i]))];
    }

    private static bool SameBits(Trace a, Trace b) =>
        a.Spikes.SequenceEqual(b.Spikes) && a.V.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.V.Select(BitConverter.DoubleToInt64Bits));

    [Fact]
    public void ANeuronAloneEqualsTheSameNeuronInABatchOf1000_With1Or2Threads()
    {
        var gen =
            from index in Gen.Choose(0, 999)
            from key in Gen.Choose(0, 1_000_000)
            from current in Gen.Choose(0, 150)
            from threads in Gen.Elements(1, 2)
            from seed in Gen.Choose(0, 1000)
            select (index, key: (ulong)key, current: current / 10.0, threads, seed: (ulong)seed);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var alone = Simulate(1, 1, c.seed, p =>
            {
                p.Set("i_offset", c.current);
                p.SetRngKeys([c.key]);
            })[0];
            var batch = Simulate(1000, c.threads, c.seed, p =>
            {
                var currents = Enumerable.Range(0, 1000).Select(i => (i * 7 % 150) / 10.0).ToArray();
                currents[c.index] = c.current;
                p.Set("i_offset", currents);
                var keys = Enumerable.Range(0, 1000).Select(i => (ulong)i + 5_000_000).ToArray();
                keys[c.index] = c.key;
                p.SetRngKeys(keys);
            });
            return SameBits(alone, batch[c.index]);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(8));
    }

    [Fact]
    public void OneThreadAndTwoThreadsGiveIdenticalBatches()
    {
        var one = Simulate(333, 1, 3, p => p.Set("i_offset", Enumerable.Range(0, 333).Select(i => i / 20.0).ToArray()));
        var two = Simulate(333, 2, 3, p => p.Set("i_offset", Enumerable.Range(0, 333).Select(i => i / 20.0).ToArray()));
        for (var i = 0; i < 333; i++) Assert.True(SameBits(one[i], two[i]), $"neuron {i}");
        Assert.True(one.Sum(t => t.Spikes.Length) > 100);
    }

    [Fact]
    public void ResetThenRerunIsBitIdentical()
    {
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (seed, size) =>
        {
            var net = new Network(dt: 0.5, seed: (ulong)seed, cache: Cache);
            var pop = net.AddPopulation("p", NoisyIzhikevich, size);
            var rec = pop.CreateRecorder(["v", "u", "I"], spikes: true);
            rec.Start();
            net.Simulate(120);
            var first = rec.Drain();
            net.Reset();
            net.Simulate(120);
            var second = rec.Drain();
            return first.Variables.All(kv => kv.Value.Cast<double>().SequenceEqual(second.Variables[kv.Key].Cast<double>()))
                   && first.Spikes!.Zip(second.Spikes!).All(p => p.First.SequenceEqual(p.Second));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(10));
    }

    [Fact]
    public void SnapshotRestoreContinuesExactlyLikeTheOriginal_AndSplitRunsEqualOneRun()
    {
        var net = new Network(dt: 0.25, seed: 9, cache: Cache);
        var pop = net.AddPopulation("p", NoisyIzhikevich, 21);
        pop.Set("tau_refrac", 2.0);
        net.Simulate(37.5);
        var state = net.Snapshot();
        net.Simulate(50);
        var v1 = pop.Get("v");
        var counts1 = pop.GetSpikeCounts();
        net.Restore(state);
        Assert.Equal(150, net.CurrentStep);
        net.Simulate(20);
        net.Simulate(30);
        Assert.Equal(v1, pop.Get("v"));
        Assert.Equal(counts1, pop.GetSpikeCounts());
    }

    [Fact]
    public void TwoNetworksInOneProcessAreIndependent()
    {
        var a = new Network(dt: 0.25, seed: 1);
        var b = new Network(dt: 0.25, seed: 1);
        var pa = a.AddPopulation("p", NoisyIzhikevich, 5);
        var pb = b.AddPopulation("p", NoisyIzhikevich, 5);
        a.Simulate(10);
        pb.Set("noise", 0.0);
        b.Simulate(30);
        a.Simulate(20);
        var fresh = new Network(dt: 0.25, seed: 1);
        var pf = fresh.AddPopulation("p", NoisyIzhikevich, 5);
        fresh.Simulate(30);
        Assert.Equal(pf.Get("v"), pa.Get("v"));
        Assert.NotEqual(pa.Get("v"), pb.Get("v"));
    }
}
