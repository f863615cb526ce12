using System.Diagnostics;
using NeuroFit.Models;

namespace NeuroFit.Simulation.Benchmarks;

/// <summary>Figures of one benchmark run.</summary>
/// <param name="Spikes">Total spikes of the generated kernel.</param>
/// <param name="NeuronStepsPerSecond">Generated kernel, loop only.</param>
/// <param name="CompileMilliseconds">Model analysis plus kernel generation and JIT of a fresh cache.</param>
/// <param name="BaselineSpikes">Total spikes of the hand-written scalar loop.</param>
/// <param name="BaselineNeuronStepsPerSecond">Hand-written scalar C# loop of the same workload, same process.</param>
public sealed record SimulationBenchmarkResult(long Spikes, double NeuronStepsPerSecond, double CompileMilliseconds,
    long BaselineSpikes, double BaselineNeuronStepsPerSecond)
{
    /// <summary>Kernel speed over baseline speed.</summary>
    public double Ratio => NeuronStepsPerSecond / BaselineNeuronStepsPerSecond;
}

/// <summary>
/// The fixed simulation workload of <c>neurofit bench simulate</c>: Izhikevich (a=0.02, b=0.2, c=−65, d=8), explicit
/// Euler, neuron i of N gets <c>I = 20·i/(N−1)</c>, v0=−65, u0=b·v0, spike <c>v &gt;= 30</c> → <c>v = c; u += d</c>.
/// </summary>
public static class SimulationBenchmark
{
    /// <summary>The workload's model in the model language.</summary>
    public static NeuronModel Model { get; } = new(
        Parameters: """
            a = 0.02
            b = 0.2
            c = -65.0
            d = 8.0
            I = 0.0
            """,
        Equations: """
            dv/dt = 0.04*v^2 + 5.0*v + 140.0 - u + I : init = -65.0
            du/dt = a*(b*v - u) : init = -13.0
            """,
        Spike: "v >= 30.0",
        Reset: "v = c\nu += d",
        Name: "bench_izhikevich");

    /// <summary>Input current of neuron <paramref name="i"/> of <paramref name="n"/>.</summary>
    public static double Current(int i, int n) => n == 1 ? 0.0 : 20.0 * i / (n - 1);

    /// <summary>Runs the generated kernel (best of <paramref name="repeats"/> timed runs after a warm-up) and the baseline.</summary>
    public static SimulationBenchmarkResult Run(int neurons, double durationMs, double dt = 0.1, int threads = 1, int repeats = 3)
    {
        if (neurons < 1) throw new SimulationException($"--neurons must be at least 1, got {neurons}");
        var steps = Network.StepsFor(durationMs, dt);
        var compile = Stopwatch.StartNew();
        var model = Model.Analyse();
        var network = new Network(dt, seed: 0, threads: threads, cache: new KernelCache());
        var population = network.AddPopulation("bench", model, neurons);
        population.WarmKernels();
        compile.Stop();

        var currents = Enumerable.Range(0, neurons).Select(i => Current(i, neurons)).ToArray();
        long spikes = 0;
        var best = double.MaxValue;
        for (var r = 0; r <= repeats; r++)
        {
            network.Reset();
            population.Set("I", currents);
            var sw = Stopwatch.StartNew();
            network.RunSteps(steps);
            sw.Stop();
            if (r > 0) best = Math.Min(best, sw.Elapsed.TotalSeconds);
            spikes = population.GetSpikeCounts().Sum(c => (long)c);
        }

        long baselineSpikes = 0;
        var baselineBest = double.MaxValue;
        for (var r = 0; r < Math.Max(1, repeats - 1); r++)
        {
            var sw = Stopwatch.StartNew();
            baselineSpikes = Baseline(neurons, steps, dt);
            sw.Stop();
            baselineBest = Math.Min(baselineBest, sw.Elapsed.TotalSeconds);
        }
        var work = (double)neurons * steps;
        return new SimulationBenchmarkResult(spikes, work / best, compile.Elapsed.TotalMilliseconds, baselineSpikes, work / baselineBest);
    }

    /// <summary>The hand-written scalar loop: step by step over all neurons, state in arrays (compiled fully optimised at once).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static long Baseline(int n, long steps, double dt)
    {
        var v = new double[n];
        var u = new double[n];
        var current = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = -65.0;
            u[i] = 0.2 * -65.0;
            current[i] = Current(i, n);
        }
        const double a = 0.02, b = 0.2, c = -65.0, d = 8.0;
        long spikes = 0;
        for (long s = 0; s < steps; s++)
        {
            for (var i = 0; i < n; i++)
            {
                var vi = v[i];
                var ui = u[i];
                var nv = vi + dt * (0.04 * (vi * vi) + 5.0 * vi + 140.0 - ui + current[i]);
                var nu = ui + dt * (a * (b * vi - ui));
                if (nv >= 30.0)
                {
                    nv = c;
                    nu += d;
                    spikes++;
                }
                v[i] = nv;
                u[i] = nu;
            }
        }
        return spikes;
    }
}
