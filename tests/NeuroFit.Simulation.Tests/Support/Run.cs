using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Reference;

namespace NeuroFit.Simulation.Tests.Support;

/// <summary>Helpers to run a model in the engine (with a recorder on every variable) and in the scalar reference.</summary>
internal static class Run
{
    public sealed record Result(Dictionary<string, double[,]> Variables, int[] Steps, IReadOnlyList<int[]>? Spikes);

    /// <summary>Runs <paramref name="steps"/> steps recording every variable (and spikes for spiking models).</summary>
    public static Result Engine(AnalysedModel model, int size, int steps, double dt = 1.0, ulong seed = 0, int threads = 1,
        Action<Population>? setup = null, KernelCache? cache = null, VectorWidth width = VectorWidth.Auto)
    {
        var net = new Network(dt, seed, threads, cache ?? new KernelCache(width));
        var pop = net.AddPopulation("pop", model, size);
        setup?.Invoke(pop);
        var rec = pop.CreateRecorder([.. model.Variables.Select(v => v.Name)], model.Kind == NeuronKind.Spiking);
        rec.Start();
        net.RunSteps(steps);
        var data = rec.Drain();
        return new Result(new Dictionary<string, double[,]>(data.Variables), data.Steps, data.Spikes);
    }

    /// <summary>The same with the scalar reference: [step][variable][neuron] as a dictionary of [T, N] arrays.</summary>
    public static Result Reference(AnalysedModel model, int size, int steps, double dt = 1.0, ulong seed = 0,
        Action<ReferenceSimulator>? setup = null)
    {
        var sim = new ReferenceSimulator(model, size, dt, seed);
        setup?.Invoke(sim);
        var variables = model.Variables.Select(v => new double[steps, v.Locality == Locality.Global ? 1 : size]).ToArray();
        for (var s = 0; s < steps; s++)
        {
            var after = sim.RunStep();
            for (var j = 0; j < after.Length; j++)
                for (var i = 0; i < after[j].Length; i++) variables[j][s, i] = after[j][i];
        }
        var dict = model.Variables.Select((v, j) => (v.Name, variables[j])).ToDictionary(x => x.Name, x => x.Item2);
        IReadOnlyList<int[]>? spikes = model.Kind == NeuronKind.Spiking ? [.. sim.Spikes.Select(l => l.ToArray())] : null;
        return new Result(dict, [.. Enumerable.Range(0, steps)], spikes);
    }

    public static double[] Column(double[,] a, int neuron) => [.. Enumerable.Range(0, a.GetLength(0)).Select(t => a[t, neuron])];

    /// <summary>Asserts bit-identical results (any NaN equals any NaN: payloads are not part of the semantics).</summary>
    public static void AssertIdentical(Result expected, Result actual)
    {
        Assert.Equal(expected.Steps, actual.Steps);
        foreach (var (name, e) in expected.Variables)
        {
            var a = actual.Variables[name];
            Assert.Equal(e.GetLength(0), a.GetLength(0));
            Assert.Equal(e.GetLength(1), a.GetLength(1));
            for (var t = 0; t < e.GetLength(0); t++)
                for (var i = 0; i < e.GetLength(1); i++)
                    if (BitConverter.DoubleToInt64Bits(e[t, i]) != BitConverter.DoubleToInt64Bits(a[t, i]) && !(double.IsNaN(e[t, i]) && double.IsNaN(a[t, i])))
                        Assert.Fail($"{name}[step {t}, neuron {i}]: expected {e[t, i]:R}, got {a[t, i]:R}");
        }
        if (expected.Spikes is null) Assert.Null(actual.Spikes);
        else
        {
            Assert.NotNull(actual.Spikes);
            Assert.Equal(expected.Spikes.Count, actual.Spikes!.Count);
            for (var i = 0; i < expected.Spikes.Count; i++) Assert.Equal(expected.Spikes[i], actual.Spikes[i]);
        }
    }
}
