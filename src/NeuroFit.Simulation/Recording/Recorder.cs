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

    /// <summary>Stops sampling; <see cref="Start"/> resumes. Data is kept.</summary>
    public void Pause() => IsActive = false;

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

/// <summary>
/// What a recorder collected: for each variable one value per (sample, neuron) — a global variable has one neuron —,
/// the step of each sample, and each neuron's spike steps. Values are stored neuron-major; <see cref="NeuronMajor"/>
/// returns that array without copying, <see cref="Variables"/> gives [samples, neurons] arrays (converted on first use).
/// </summary>
public sealed class RecordedData
{
    private readonly Dictionary<string, (double[] Data, int Width)> _values;
    private readonly Dictionary<string, double[,]> _timeMajor = new(StringComparer.Ordinal);

    internal RecordedData(IReadOnlyList<string> variables, int[] steps, Dictionary<string, (double[] Data, int Width)> values, IReadOnlyList<int[]>? spikes)
    {
        VariableNames = variables;
        Steps = steps;
        Spikes = spikes;
        _values = values;
        Variables = new TimeMajorView(this);
    }

    /// <summary>The recorded variables.</summary>
    public IReadOnlyList<string> VariableNames { get; }

    /// <summary>The step index of each sample (ANNarchy's t: the sample was taken after the update of that step).</summary>
    public int[] Steps { get; }

    /// <summary>Number of samples.</summary>
    public int SampleCount => Steps.Length;

    /// <summary>Per neuron the steps at which it spiked (every neuron present), or null when spikes were not recorded.</summary>
    public IReadOnlyList<int[]>? Spikes { get; }

    /// <summary>Per variable a [samples, neurons] array (a global variable has one column).</summary>
    public IReadOnlyDictionary<string, double[,]> Variables { get; }

    /// <summary>Number of columns of <paramref name="variable"/>: the population size, or 1 for a global variable.</summary>
    public int Width(string variable) => Entry(variable).Width;

    /// <summary>The samples of <paramref name="variable"/> as <c>[neuron * SampleCount + sample]</c> (the stored array, not a copy).</summary>
    public double[] NeuronMajor(string variable) => Entry(variable).Data;

    /// <summary>The samples of <paramref name="variable"/> as a [samples, neurons] array (a copy, cached).</summary>
    public double[,] TimeMajor(string variable)
    {
        if (_timeMajor.TryGetValue(variable, out var cached)) return cached;
        var (data, width) = Entry(variable);
        var rows = SampleCount;
        var result = new double[rows, width];
        for (var n = 0; n < width; n++)
            for (var t = 0; t < rows; t++) result[t, n] = data[n * rows + t];
        _timeMajor[variable] = result;
        return result;
    }

    private (double[] Data, int Width) Entry(string variable) => _values.TryGetValue(variable, out var e) ? e
        : throw new SimulationException($"'{variable}' was not recorded; recorded: {string.Join(", ", VariableNames)}");

    private sealed class TimeMajorView(RecordedData owner) : IReadOnlyDictionary<string, double[,]>
    {
        public double[,] this[string key] => owner.TimeMajor(key);
        public IEnumerable<string> Keys => owner.VariableNames;
        public IEnumerable<double[,]> Values => owner.VariableNames.Select(owner.TimeMajor);
        public int Count => owner.VariableNames.Count;
        public bool ContainsKey(string key) => owner._values.ContainsKey(key);
        public bool TryGetValue(string key, out double[,] value)
        {
            if (ContainsKey(key)) { value = owner.TimeMajor(key); return true; }
            value = new double[0, 0];
            return false;
        }
        public IEnumerator<KeyValuePair<string, double[,]>> GetEnumerator() =>
            owner.VariableNames.Select(v => new KeyValuePair<string, double[,]>(v, owner.TimeMajor(v))).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
