using System.Diagnostics;
using NeuroFit.Models;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Reference;

namespace NeuroFit.Simulation.Benchmarks;

/// <summary>What <see cref="SimulationBenchmark.Run(SimulationBenchmarkOptions)"/> measures.</summary>
public sealed record SimulationBenchmarkOptions
{
    /// <summary>Population size.</summary>
    public int Neurons { get; init; } = 10_000;

    /// <summary>Simulated time in ms.</summary>
    public double DurationMs { get; init; } = 1000;

    /// <summary>Time step in ms.</summary>
    public double Dt { get; init; } = 0.1;

    /// <summary>Threads of the generated kernel (the baselines and the C loop run on one).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Timed runs of each contender (the best counts), interleaved so that load changes hit all alike.</summary>
    public int Repeats { get; init; } = 3;

    /// <summary>Vector width of the kernel.</summary>
    public VectorWidth Width { get; init; } = VectorWidth.Auto;

    /// <summary>The model; null = the Izhikevich workload (<see cref="SimulationBenchmark.Model"/>) with its hand-written scalar C# loop as the baseline.</summary>
    public AnalysedModel? Model { get; init; }

    /// <summary>The parameter spread over the neurons; null = <see cref="BenchmarkSpread.DefaultFor"/> the model.</summary>
    public BenchmarkSpread? Spread { get; init; }

    /// <summary>Also build and time the C Izhikevich loop (needs gcc).</summary>
    public bool CLoop { get; init; } = true;

    /// <summary>Neurons the scalar reference interpreter runs (evenly picked from the population; it is slow).</summary>
    public int ReferenceNeurons { get; init; } = 32;
}

/// <summary>The baseline a benchmark compares the kernel with.</summary>
public enum BenchmarkBaseline
{
    /// <summary>The hand-written scalar C# loop of the Izhikevich workload (same neurons, same steps).</summary>
    ScalarLoop,

    /// <summary>The engine's scalar reference interpreter (a subset of the neurons, the same steps).</summary>
    ReferenceInterpreter,
}

/// <summary>Figures of one benchmark run.</summary>
/// <param name="ModelName">The model's name.</param>
/// <param name="VectorBits">Bits per vector of the kernel.</param>
/// <param name="Threads">Threads of the kernel.</param>
/// <param name="Spread">The parameter spread over the population, or null.</param>
/// <param name="Spikes">Total spikes of the generated kernel.</param>
/// <param name="NeuronStepsPerSecond">Generated kernel, loop only (best run).</param>
/// <param name="CompileMilliseconds">Model analysis plus kernel generation and JIT of a fresh cache.</param>
/// <param name="Baseline">What the baseline is.</param>
/// <param name="BaselineNeurons">Neurons the baseline simulated.</param>
/// <param name="BaselineSpikes">Total spikes of the baseline.</param>
/// <param name="BaselineNeuronStepsPerSecond">The baseline's speed, same process.</param>
/// <param name="BaselineAgrees">The kernel computed what the baseline computed: the same spike total (scalar loop), or bit-identical final states and spike counts on the baseline's neurons (reference).</param>
/// <param name="CLoop">The C Izhikevich loop's best run (same neurons, steps and dt; one thread), or null.</param>
/// <param name="CLoopSkipped">Why the C loop was not run, or null.</param>
/// <param name="CLoopFlags">The gcc options the C loop was built with, or null.</param>
public sealed record SimulationBenchmarkResult(string ModelName, int VectorBits, int Threads, BenchmarkSpread? Spread,
    long Spikes, double NeuronStepsPerSecond, double CompileMilliseconds,
    BenchmarkBaseline Baseline, int BaselineNeurons, long BaselineSpikes, double BaselineNeuronStepsPerSecond, bool BaselineAgrees,
    CLoopRun? CLoop, string? CLoopSkipped, string? CLoopFlags)
{
    /// <summary>Kernel speed over baseline speed.</summary>
    public double Ratio => NeuronStepsPerSecond / BaselineNeuronStepsPerSecond;

    /// <summary>Kernel speed over the C loop's, or null without it.</summary>
    public double? CLoopRatio => CLoop is null ? null : NeuronStepsPerSecond / CLoop.NeuronStepsPerSecond;
}

/// <summary>
/// The simulation workload of <c>neurofit bench simulate</c>: a population whose neurons get a parameter spread from
/// low to high (the Izhikevich default: a=0.02, b=0.2, c=−65, d=8, explicit Euler, neuron i of N gets
/// <c>I = 20·i/(N−1)</c>, v0=−65, u0=b·v0, spike <c>v &gt;= 30</c> → <c>v = c; u += d</c>), timed against a
/// baseline and the C Izhikevich loop in the same process.
/// </summary>
public static class SimulationBenchmark
{
    /// <summary>The default workload's model in the model language.</summary>
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

    /// <summary>Input current of neuron <paramref name="i"/> of <paramref name="n"/> in the default workload.</summary>
    public static double Current(int i, int n) => n == 1 ? 0.0 : 20.0 * i / (n - 1);

    /// <summary>The default workload with the given size and duration.</summary>
    public static SimulationBenchmarkResult Run(int neurons, double durationMs, double dt = 0.1, int threads = 1, int repeats = 3) =>
        Run(new SimulationBenchmarkOptions { Neurons = neurons, DurationMs = durationMs, Dt = dt, Threads = threads, Repeats = repeats });

    /// <summary>Runs the kernel, the baseline and the C loop, interleaved, each timed <see cref="SimulationBenchmarkOptions.Repeats"/> times.</summary>
    public static SimulationBenchmarkResult Run(SimulationBenchmarkOptions options)
    {
        var n = options.Neurons;
        if (n < 1) throw new SimulationException($"--neurons must be at least 1, got {n}");
        if (options.Threads < 1) throw new SimulationException($"--threads must be at least 1, got {options.Threads}");
        if (options.Repeats < 1) throw new SimulationException($"--repeats must be at least 1, got {options.Repeats}");
        var steps = Network.StepsFor(options.DurationMs, options.Dt);
        if (steps < 1) throw new SimulationException("the duration is shorter than one step");

        var compile = Stopwatch.StartNew();
        var isDefault = options.Model is null;
        var model = options.Model ?? Model.Analyse();
        var spread = options.Spread ?? BenchmarkSpread.DefaultFor(model);
        spread?.Check(model);
        var cache = new KernelCache(options.Width);
        var network = new Network(options.Dt, seed: 0, threads: options.Threads, cache: cache);
        var population = network.AddPopulation("bench", model, n);
        population.WarmKernels();
        compile.Stop();
        var spreadValues = spread?.Values(n);

        long spikes = 0;
        var kernel = new Contender(() =>
        {
            network.Reset();
            if (spread is not null) population.Set(spread.Parameter, spreadValues!);
            var sw = Stopwatch.StartNew();
            network.RunSteps(steps);
            sw.Stop();
            spikes = population.GetSpikeCounts().Sum(c => (long)c);
            return sw.Elapsed.TotalSeconds;
        });

        long baselineSpikes = 0;
        int baselineNeurons;
        Contender baseline;
        ReferenceRun? reference = null;
        if (isDefault)
        {
            baselineNeurons = n;
            baseline = new Contender(() =>
            {
                var sw = Stopwatch.StartNew();
                baselineSpikes = Baseline(n, steps, options.Dt);
                sw.Stop();
                return sw.Elapsed.TotalSeconds;
            });
        }
        else
        {
            reference = new ReferenceRun(model, n, Math.Min(n, options.ReferenceNeurons), spread, options.Dt, steps);
            baselineNeurons = reference.Neurons;
            baseline = new Contender(() => reference.Time(out baselineSpikes));
        }

        CIzhikevichLoop? cLoop = null;
        string? skipped = null;
        if (options.CLoop) cLoop = CIzhikevichLoop.TryBuild(out skipped);
        else skipped = "not asked for";
        try
        {
            CLoopRun? bestC = null;
            kernel.Measure(); // warm-up: first touch of the state, tiered code of the run loop
            for (var r = 0; r < options.Repeats; r++)
            {
                kernel.Measure();
                if (isDefault || r < 2) baseline.Measure(); // the slow reference is timed at most twice
                if (cLoop is not null)
                {
                    var run = cLoop.Run(n, steps, options.Dt);
                    if (bestC is null || run.NeuronStepsPerSecond > bestC.NeuronStepsPerSecond) bestC = run;
                }
            }
            var work = (double)n * steps;
            var agrees = isDefault ? spikes == baselineSpikes : reference!.AgreesWithKernel(cache, options.Threads);
            return new SimulationBenchmarkResult(model.Name, cache.VectorBits, options.Threads, spread,
                spikes, work / kernel.Best, compile.Elapsed.TotalMilliseconds,
                isDefault ? BenchmarkBaseline.ScalarLoop : BenchmarkBaseline.ReferenceInterpreter, baselineNeurons, baselineSpikes,
                (double)baselineNeurons * steps / baseline.Best, agrees,
                bestC, skipped, cLoop?.CompilerFlags);
        }
        finally
        {
            cLoop?.Dispose();
        }
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

    /// <summary>A timed action and its best time.</summary>
    private sealed class Contender(Func<double> run)
    {
        public double Best { get; private set; } = double.PositiveInfinity;

        public void Measure() => Best = Math.Min(Best, run());
    }

    /// <summary>
    /// The scalar reference interpreter on an evenly spaced subset of the population (with those neurons' spread
    /// values), and the check that the kernel computes the same bits for them.
    /// </summary>
    private sealed class ReferenceRun
    {
        private readonly AnalysedModel _model;
        private readonly BenchmarkSpread? _spread;
        private readonly double _dt;
        private readonly long _steps;
        private readonly double[]? _values;
        private ReferenceSimulator? _last;

        public ReferenceRun(AnalysedModel model, int population, int neurons, BenchmarkSpread? spread, double dt, long steps)
        {
            _model = model;
            _spread = spread;
            _dt = dt;
            _steps = steps;
            Neurons = neurons;
            if (spread is not null)
                _values = [.. Enumerable.Range(0, neurons).Select(k => spread.ValueOf(Pick(k, neurons, population), population))];
        }

        public int Neurons { get; }

        private static int Pick(int k, int count, int population) => count == 1 ? 0 : (int)((long)k * (population - 1) / (count - 1));

        public double Time(out long spikes)
        {
            var sim = new ReferenceSimulator(_model, Neurons, _dt, seed: 0);
            if (_spread is not null) _values!.CopyTo(sim.Parameters[_model.ParameterIndex(_spread.Parameter)], 0);
            var sw = Stopwatch.StartNew();
            for (long s = 0; s < _steps; s++) sim.Advance();
            sw.Stop();
            spikes = sim.Spikes.Sum(l => (long)l.Count);
            _last = sim;
            return sw.Elapsed.TotalSeconds;
        }

        /// <summary>The kernel on the same neurons: bit-identical final variables and the same spike counts.</summary>
        public bool AgreesWithKernel(KernelCache cache, int threads)
        {
            var sim = _last ?? throw new InvalidOperationException("the reference has not run");
            var network = new Network(_dt, seed: 0, threads: threads, cache: cache);
            var population = network.AddPopulation("check", _model, Neurons);
            if (_spread is not null) population.Set(_spread.Parameter, _values!);
            network.RunSteps(_steps);
            var counts = population.GetSpikeCounts();
            for (var i = 0; i < Neurons; i++)
                if (counts[i] != sim.Spikes[i].Count) return false;
            for (var j = 0; j < _model.Variables.Length; j++)
            {
                var kernel = population.Get(_model.Variables[j].Name);
                var reference = sim.Variables[j];
                for (var i = 0; i < kernel.Length; i++)
                    if (BitConverter.DoubleToInt64Bits(kernel[i]) != BitConverter.DoubleToInt64Bits(reference[i]) && !(double.IsNaN(kernel[i]) && double.IsNaN(reference[i])))
                        return false;
            }
            return true;
        }
    }
}
