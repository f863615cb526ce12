using NeuroFit.Models;

namespace NeuroFit.Simulation.Tests.Support;

/// <summary>Runs model-language models through the engine.</summary>
internal static class Dsl
{
    public static (Network Net, Population Pop, Recorder Rec) Create(NeuronModel model, int size = 1, double dt = 1.0, ulong seed = 0,
        int threads = 1, IReadOnlyList<string>? record = null)
    {
        var analysed = model.Analyse();
        var net = new Network(dt, seed, threads, new KernelCache());
        var pop = net.AddPopulation("pop", analysed, size);
        var rec = pop.CreateRecorder(record ?? [.. analysed.Variables.Select(v => v.Name)], analysed.Kind == Models.Analysis.NeuronKind.Spiking);
        rec.Start();
        return (net, pop, rec);
    }

    /// <summary>Recorded values of <paramref name="variable"/> for neuron 0 over <paramref name="steps"/> steps.</summary>
    public static double[] Trace(NeuronModel model, string variable, int steps, double dt = 1.0, Action<Population>? setup = null)
    {
        var (net, pop, rec) = Create(model, dt: dt);
        setup?.Invoke(pop);
        net.RunSteps(steps);
        return Run.Column(rec.Drain().Variables[variable], 0);
    }
}
