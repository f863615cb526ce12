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
    private readonly RowBuffer[] _buffers;
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
        _buffers = [.. indices.Select(j => new RowBuffer(population.Model.Variables[j].Locality == Locality.Global ? 1 : population.Size))];
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

    /// <summary>Stops sampling; <see cref="Start"/> resumes. Data is kept.</summary>
    public void Pause() => IsActive = false;

    /// <summary>Returns everything recorded since the last drain (or reset) and clears it.</summary>
    public RecordedData Drain()
    {
        var variables = new Dictionary<string, double[,]>(StringComparer.Ordinal);
        for (var k = 0; k < Variables.Count; k++) variables[Variables[k]] = _buffers[k].ToArrayAndClear(_steps.Count);
        var steps = _steps.ToArray();
        _steps.Clear();
        IReadOnlyList<int[]>? spikes = null;
        if (RecordsSpikes)
        {
            spikes = [.. _spikes!.Select((s, i) => s.AsSpan(0, _spikeCounts![i]).ToArray())];
            ClearSpikes();
        }
        return new RecordedData(variables, steps, spikes);
    }

    /// <summary>Detaches the recorder from its population; it records nothing afterwards.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        IsActive = false;
        _population.Detach(this);
    }

    internal bool Samples(long step) => IsActive && (step - _offset) % PeriodSteps == 0;

    internal void BeginRow(long step) => _steps.Add(checked((int)step));

    internal void AppendValues(int variable, ReadOnlySpan<double> values) => _buffers[variable].Append(values);

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
        foreach (var b in _buffers) b.Clear();
        _steps.Clear();
        if (RecordsSpikes) ClearSpikes();
        _offset = 0;
    }

    private void ClearSpikes()
    {
        _spikes = [.. Enumerable.Range(0, _population.Size).Select(_ => Array.Empty<int>())];
        _spikeCounts = new int[_population.Size];
    }

    /// <summary>Rows of a fixed width in one growing contiguous array.</summary>
    private sealed class RowBuffer(int width)
    {
        private double[] _data = [];
        private int _count;

        public void Append(ReadOnlySpan<double> row)
        {
            if (_count + width > _data.Length) Array.Resize(ref _data, Math.Max(_count + width, Math.Max(1024, _data.Length * 2)));
            row.CopyTo(_data.AsSpan(_count));
            _count += width;
        }

        public double[,] ToArrayAndClear(int rows)
        {
            var result = new double[rows, width];
            Buffer.BlockCopy(_data, 0, result, 0, rows * width * sizeof(double));
            Clear();
            return result;
        }

        public void Clear() => _count = 0;
    }
}

/// <summary>What a recorder collected.</summary>
/// <param name="Variables">Per variable a [samples, neurons] array (a global variable has one column).</param>
/// <param name="Steps">The step index of each row (ANNarchy's t: row taken after the update of that step).</param>
/// <param name="Spikes">Per neuron the steps at which it spiked (every neuron present), or null when spikes were not recorded.</param>
public sealed record RecordedData(IReadOnlyDictionary<string, double[,]> Variables, int[] Steps, IReadOnlyList<int[]>? Spikes);
