using NeuroFit.Models;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation;

/// <summary>
/// A set of independent populations advanced together in steps of <see cref="Dt"/> ms (ANNarchy's <c>Network</c>).
/// Everything that affects results lives in the instance: two networks in one process never interact.
/// </summary>
public sealed class Network
{
    private readonly List<Population> _populations = [];
    private readonly KernelCache _cache;

    /// <summary>Creates an empty network.</summary>
    /// <param name="dt">Integration step in ms.</param>
    /// <param name="seed">Seed of every random draw (with each neuron's key, stream and step).</param>
    /// <param name="threads">Threads used for large populations; 0 = one per processor.</param>
    /// <param name="cache">Where compiled kernels are kept; null = <see cref="KernelCache.Shared"/>.</param>
    public Network(double dt = 1.0, ulong seed = 0, int threads = 0, KernelCache? cache = null)
    {
        if (!(dt > 0) || !double.IsFinite(dt)) throw new SimulationException($"dt must be a positive number of ms, got {dt}");
        if (threads < 0) throw new SimulationException($"threads must be 0 (automatic) or positive, got {threads}");
        Dt = dt;
        Seed = seed;
        Threads = threads == 0 ? Environment.ProcessorCount : threads;
        _cache = cache ?? KernelCache.Shared;
    }

    /// <summary>Integration step in ms.</summary>
    public double Dt { get; }

    /// <summary>The random seed.</summary>
    public ulong Seed { get; }

    /// <summary>Threads used to run large populations.</summary>
    public int Threads { get; }

    /// <summary>Steps run since creation or the last reset (ANNarchy's <c>get_current_step()</c>).</summary>
    public long CurrentStep { get; private set; }

    /// <summary>Current time in ms: <c>CurrentStep · Dt</c>.</summary>
    public double Time => CurrentStep * Dt;

    /// <summary>The populations, in creation order.</summary>
    public IReadOnlyList<Population> Populations => _populations;

    /// <summary>Adds a population of <paramref name="size"/> neurons of a model written in the model language.</summary>
    public Population AddPopulation(string name, NeuronModel model, int size) => AddPopulation(name, model.Analyse(), size);

    /// <summary>Adds a population of <paramref name="size"/> neurons of an analysed model.</summary>
    public Population AddPopulation(string name, AnalysedModel model, int size)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new SimulationException("a population needs a non-empty name");
        if (_populations.Any(p => p.Name == name)) throw new SimulationException($"the network already has a population named '{name}'");
        var population = new Population(this, name, model, size, _cache.Get(model));
        _populations.Add(population);
        return population;
    }

    /// <summary>The population called <paramref name="name"/>.</summary>
    public Population GetPopulation(string name) => _populations.FirstOrDefault(p => p.Name == name)
        ?? throw new SimulationException($"the network has no population named '{name}'; it has: {string.Join(", ", _populations.Select(p => p.Name))}");

    /// <summary>The number of steps ANNarchy runs for a duration: <c>ceil(duration / dt)</c> in double arithmetic (0.3/0.1 → 3).</summary>
    public static long StepsFor(double durationMs, double dt)
    {
        if (!(durationMs >= 0) || !double.IsFinite(durationMs)) throw new SimulationException($"the duration must be a non-negative number of ms, got {durationMs}");
        var steps = Math.Ceiling(durationMs / dt);
        // (long) of a larger double saturates at long.MaxValue, and the step counter then overflows: refuse it up front
        if (!(steps <= MaxSteps))
            throw new SimulationException($"{durationMs:G6} ms at dt = {dt:G6} ms is {steps:G3} steps, more than the {MaxSteps:G3} steps a run can count; simulate a shorter duration or use a larger dt");
        return (long)steps;
    }

    /// <summary>The most steps <see cref="StepsFor"/> accepts for one run (2^62).</summary>
    public const long MaxSteps = 1L << 62;

    /// <summary>Runs <c>ceil(durationMs / Dt)</c> steps.</summary>
    public void Simulate(double durationMs) => RunSteps(StepsFor(durationMs, Dt));

    /// <summary>Runs exactly one step.</summary>
    public void Step() => RunSteps(1);

    /// <summary>Runs <paramref name="steps"/> steps.</summary>
    public void RunSteps(long steps)
    {
        if (steps < 0) throw new SimulationException($"cannot run a negative number of steps ({steps})");
        CheckRecordingFits(steps);
        while (steps > 0)
        {
            var chunk = (int)Math.Min(steps, int.MaxValue / 2);
            foreach (var p in _populations) p.Run(CurrentStep, chunk);
            CurrentStep += chunk;
            steps -= chunk;
        }
    }

    /// <summary>The most samples one recording holds, and the last step number it can store.</summary>
    public const long MaxRecordedSamples = int.MaxValue;

    /// <summary>
    /// Refuses a run whose recordings could not be held, before it starts (instead of failing hours in, or being
    /// killed for lack of memory): more than <see cref="MaxRecordedSamples"/> samples or step numbers, or more trace
    /// data than the process may allocate.
    /// </summary>
    private void CheckRecordingFits(long steps)
    {
        double bytes = 0;
        foreach (var population in _populations)
        {
            foreach (var recorder in population.Recorders)
            {
                var samples = recorder.SamplesIn(CurrentStep, steps);
                if (samples == 0) continue;
                // written so that no sum can overflow, whatever the step counts
                if (samples > MaxRecordedSamples - recorder.SampleCount || steps > MaxRecordedSamples + 1 - CurrentStep)
                    throw new SimulationException(
                        $"recording {string.Join(", ", recorder.Variables.DefaultIfEmpty("spike"))} of '{population.Name}' over {steps * Dt:G6} ms would take {(decimal)recorder.SampleCount + samples:N0} samples up to step {(decimal)CurrentStep + steps:N0}; " +
                        $"a recording holds at most {MaxRecordedSamples:N0} of either ({SimulatedTime(MaxRecordedSamples * Dt)} of simulated time at dt = {Dt:G6} ms): " +
                        "simulate shorter durations, or record with a longer period");
                bytes += recorder.BytesAfter(samples);
            }
        }
        if (bytes < 1e8) return; // asking the GC is not free, and Step() runs this for every step
        // half: a growing buffer briefly holds its old and its new array, and taking the results copies them once
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2.0;
        if (bytes > available)
            throw new SimulationException(
                $"the recordings of this run would need {bytes / 1e9:G3} GB, more than the {available / 1e9:G3} GB (half of what this process may use) that recordings may take: " +
                "simulate shorter durations, record fewer variables or with a longer period, or run fewer neurons at a time");
    }

    private static string SimulatedTime(double ms) => ms >= 3.6e6 ? $"{ms / 3.6e6:G3} h" : ms >= 1000 ? $"{ms / 1000:G3} s" : $"{ms:G3} ms";

    /// <summary>
    /// Time back to 0; every population back to its initial values (see <see cref="Population.SetInitial(string, double)"/>),
    /// refractoriness, last spikes and divergence flags cleared; recorders emptied and re-phased to step 0. The noise
    /// restarts too (draws depend on the step), so a noisy run after a reset repeats exactly.
    /// </summary>
    public void Reset()
    {
        CurrentStep = 0;
        foreach (var p in _populations) p.Reset();
    }

    /// <summary>A copy of the full state (time, variables, parameters, refractory counters, last spikes, keys).</summary>
    public NetworkState Snapshot() => new(this, CurrentStep, [.. _populations.Select(p => p.Snapshot())]);

    /// <summary>Returns to a state taken by <see cref="Snapshot"/> on this network.</summary>
    public void Restore(NetworkState state)
    {
        if (!ReferenceEquals(state.Owner, this)) throw new SimulationException("the snapshot was taken on another network");
        if (state.Populations.Count != _populations.Count)
            throw new SimulationException($"the snapshot has {state.Populations.Count} populations, the network now has {_populations.Count}");
        CurrentStep = state.Step;
        for (var i = 0; i < _populations.Count; i++) _populations[i].Restore(state.Populations[i]);
    }
}
