namespace NeuroFit.Simulation;

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
