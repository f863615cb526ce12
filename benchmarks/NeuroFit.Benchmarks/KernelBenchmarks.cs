using BenchmarkDotNet.Attributes;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Benchmarks;

namespace NeuroFit.Benchmarks;

/// <summary>
/// The Izhikevich workload of <c>neurofit bench simulate</c> (explicit Euler, dt 0.1 ms, I = 20·i/(N−1)) for
/// 1, 100 and 10,000 neurons: the generated kernel (reset + 100 ms) against the hand-written scalar loop.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Steps = 1000;
    private Network _network = null!;
    private Population _population = null!;
    private double[] _currents = [];

    [Params(1, 100, 10_000)]
    public int Neurons { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _network = new Network(dt: 0.1, threads: Threads, cache: new KernelCache());
        _population = _network.AddPopulation("bench", SimulationBenchmark.Model, Neurons);
        _population.WarmKernels();
        _currents = [.. Enumerable.Range(0, Neurons).Select(i => SimulationBenchmark.Current(i, Neurons))];
    }

    [Benchmark(Description = "generated kernel")]
    public long Kernel()
    {
        _network.Reset();
        _population.Set("I", _currents);
        _network.RunSteps(Steps);
        return _population.GetSpikeCounts().Sum(c => (long)c);
    }

    [Benchmark(Baseline = true, Description = "scalar C# loop")]
    public long Baseline() => SimulationBenchmark.Baseline(Neurons, Steps, 0.1);
}
