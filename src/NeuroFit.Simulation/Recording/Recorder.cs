using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Kernels;

namespace NeuroFit.Simulation;

/// <summary>
/// Records variables and/or spikes of one population, the way ANNarchy's monitors do: a sample is taken after each
/// step's update and spike reset (row k after k+1 updates from the start), every <see cref="PeriodSteps"/> steps
/// starting with the step at which <see cref="Start"/> was called. Data accumulates until <see cref="Drain"/>.
/// </summary>
public sealed class Recorder : IDisposable
{
    private readonly Population _population;
    private readonly TraceBuffer[] _buffers;
    private readonly List<int> _steps = [];
    private int[][]? _spikes;
    private int[]? _spikeCounts;
    private long _offset;
    private bool _disposed;

    internal Recorder(Population population, string[] variables, int[] indices, bool spikes)
    {
        _population = population;
        Variables = variables;
        VariableIndices = indices;
        RecordsSpikes = spikes;
        _buffers = [.. indices.Select(j => new TraceBuffer(population.Model.Variables[j].Locality == Locality.Global ? 1 : population.Size))];
        if (spikes) ClearSpikes();
    }

    /// <summary>The recorded variables.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>True when spikes are recorded.</summary>
    public bool RecordsSpikes { get; }

    /// <summary>True between <see cref="Start"/> and <see cref="Pause"/>.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Sampling period in steps.</summary>
    public int PeriodSteps { get; private set; } = 1;

    internal int[] VariableIndices { get; }

    /// <summary>
    /// Starts (or restarts) recording with the given period: the next step to run is sampled first, then every
    /// <paramref name="periodSteps"/> steps (ANNarchy: sample when <c>(t − offset) % period == 0</c>, offset = <c>t_start % period</c>).
    /// </summary>
    public void Start(int periodSteps = 1)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (periodSteps < 1) throw new SimulationException($"recorder of population '{_population.Name}': the period must be at least 1 step, got {periodSteps}");
        PeriodSteps = periodSteps;
        _offset = _population.Network.CurrentStep % periodSteps;
        IsActive = true;
    }

    /// <summary>Stops sampling; <see cref="Start"/> or <see cref="Resume"/> continue. Data is kept.</summary>
    public void Pause() => IsActive = false;

    /// <summary>Continues sampling on the grid of the last <see cref="Start"/> (ANNarchy's <c>resume()</c>): the phase is kept.</summary>
    public void Resume()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IsActive = true;
    }

    /// <summary>Returns everything recorded since the last drain (or reset) and clears it.</summary>
    public RecordedData Drain()
    {
        var steps = _steps.ToArray();
        _steps.Clear();
        var neuronMajor = new Dictionary<string, (double[] Data, int Width)>(StringComparer.Ordinal);
        for (var k = 0; k < Variables.Count; k++) neuronMajor[Variables[k]] = (_buffers[k].Take(), _buffers[k].Width);
        IReadOnlyList<int[]>? spikes = null;
        if (RecordsSpikes)
        {
            spikes = [.. _spikes!.Select((s, i) => s.AsSpan(0, _spikeCounts![i]).ToArray())];
            ClearSpikes();
        }
        return new RecordedData(Variables, steps, neuronMajor, spikes);
    }

    /// <summary>Detaches the recorder from its population; it records nothing afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        IsActive = false;
        _population.Detach(this);
    }


    /// <summary>Number of steps in [step0, step0 + steps) this recorder samples.</summary>
    internal int CountSamples(long step0, int steps) => Sampled(step0, steps).Count;

    /// <summary>The sampled steps of [step0, step0 + steps): offsets First, First + PeriodSteps, … (Count of them).</summary>
    internal (int First, int Count) Sampled(long step0, int steps)
    {
        if (!IsActive || steps <= 0) return (0, 0);
        var first = (int)Mod(_offset - step0, PeriodSteps);
        return first >= steps ? (first, 0) : (first, (steps - 1 - first) / PeriodSteps + 1);
    }

    private static long Mod(long a, long m) => ((a % m) + m) % m;

    /// <summary>Samples this recorder would take in [step0, step0 + steps), for any length of run.</summary>
    internal long SamplesIn(long step0, long steps)
    {
        if (!IsActive || steps <= 0) return 0;
        var first = Mod(_offset - step0, PeriodSteps);
        return first >= steps ? 0 : (steps - 1 - first) / PeriodSteps + 1;
    }

    /// <summary>Bytes of trace data held after <paramref name="moreSamples"/> more samples (every recorded variable).</summary>
    internal double BytesAfter(long moreSamples)
    {
        double width = 0;
        foreach (var b in _buffers) width += b.Width;
        return (double)(SampleCount + moreSamples) * width * sizeof(double);
    }

    internal TraceBuffer Buffer(int variable) => _buffers[variable];

    /// <summary>Makes room for <paramref name="rows"/> more samples of every variable.</summary>
    internal void Reserve(int rows)
    {
        foreach (var b in _buffers) b.Reserve(rows);
    }

    /// <summary>Number of samples taken so far (the row the next sample goes to).</summary>
    internal int SampleCount => _steps.Count;

    /// <summary>Registers samples at <c>step0 + first + q·PeriodSteps</c> (q &lt; count) whose values are written.</summary>
    internal void AddSamples(long step0, int first, int count)
    {
        for (var q = 0; q < count; q++) _steps.Add(checked((int)(step0 + first + (long)q * PeriodSteps)));
        foreach (var b in _buffers) b.Count = _steps.Count;
    }

    internal void AppendSpikes(SpikeLog log)
    {
        for (var i = 0; i < log.Size; i++)
        {
            var steps = log.Of(i);
            if (steps.IsEmpty) continue;
            ref var list = ref _spikes![i];
            var count = _spikeCounts![i];
            if (count + steps.Length > list.Length) Array.Resize(ref list, Math.Max(count + steps.Length, list.Length * 2));
            steps.CopyTo(list.AsSpan(count));
            _spikeCounts[i] = count + steps.Length;
        }
    }

    /// <summary>A network reset discards the data and restarts the sampling phase at step 0.</summary>
    internal void OnNetworkReset()
    {
        foreach (var b in _buffers) b.Take();
        _steps.Clear();
        if (RecordsSpikes) ClearSpikes();
        _offset = 0;
    }

    private void ClearSpikes()
    {
        _spikes = [.. Enumerable.Range(0, _population.Size).Select(_ => Array.Empty<int>())];
        _spikeCounts = new int[_population.Size];
    }
}
