using System.Collections;

namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// The recordings of one chunk (the stretch between two resets), keyed as CompNeuroPy keys them:
/// <c>"pop;var"</c> → <see cref="TraceMatrix"/> [time, neuron]; <c>"pop;spike"</c> → <see cref="SpikeTrains"/>;
/// <c>"pop;period"</c> → recording period in ms (double); <c>"pop;parameter_dict"</c> → parameter name → per-neuron
/// values (double[]); <c>"dt"</c> → time step in ms. Typed accessors sit beside the string keys.
/// </summary>
public sealed class RecordingChunk : IReadOnlyDictionary<string, object>
{
    private readonly Dictionary<string, object> _entries;

    /// <summary>Creates a chunk from its entries (see the class summary for the key scheme).</summary>
    public RecordingChunk(IReadOnlyDictionary<string, object> entries)
    {
        _entries = new Dictionary<string, object>(entries, StringComparer.Ordinal);
    }

    /// <summary>Time step of the simulation in ms.</summary>
    public double Dt => _entries.TryGetValue("dt", out var dt) ? (double)dt : throw new KeyNotFoundException("the chunk has no \"dt\" entry");

    /// <summary>Recorded variable <paramref name="variable"/> of population <paramref name="population"/>.</summary>
    public TraceMatrix Var(string population, string variable) => Get<TraceMatrix>($"{population};{variable}");

    /// <summary>Recorded spikes of <paramref name="population"/>.</summary>
    public SpikeTrains Spikes(string population) => Get<SpikeTrains>($"{population};spike");

    /// <summary>Recording period of <paramref name="population"/> in ms.</summary>
    public double Period(string population) => Get<double>($"{population};period");

    /// <summary>Parameter values of <paramref name="population"/> when the chunk was collected.</summary>
    public IReadOnlyDictionary<string, double[]> ParameterDict(string population) =>
        Get<IReadOnlyDictionary<string, double[]>>($"{population};parameter_dict");

    /// <summary>
    /// The view of one neuron as rank 0 (CompNeuroPy's per-neuron split): traces become [time, 1] views,
    /// spikes <c>{0: spikes[neuron]}</c>, parameter arrays <c>[value]</c>; period and dt are kept. No trace data is copied.
    /// </summary>
    public RecordingChunk SelectNeuron(int neuron)
    {
        var entries = new Dictionary<string, object>(_entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in _entries)
        {
            entries[key] = value switch
            {
                TraceMatrix trace when trace.Neurons > 1 => trace.SelectNeuron(neuron),
                SpikeTrains spikes when spikes.Count > 1 => spikes.SelectNeuron(neuron),
                IReadOnlyDictionary<string, double[]> parameters => SelectParameters(parameters, neuron),
                _ => value,
            };
        }
        return new RecordingChunk(entries);
    }

    private static IReadOnlyDictionary<string, double[]> SelectParameters(IReadOnlyDictionary<string, double[]> parameters, int neuron) =>
        parameters.ToDictionary(p => p.Key, p => p.Value.Length > 1 ? [p.Value[neuron]] : p.Value);

    private T Get<T>(string key)
    {
        if (!_entries.TryGetValue(key, out var value))
            throw new KeyNotFoundException($"the chunk has no entry \"{key}\"; it has: {string.Join(", ", _entries.Keys.Order(StringComparer.Ordinal))}");
        return value is T typed ? typed : throw new InvalidCastException($"entry \"{key}\" is a {value.GetType().Name}, not a {typeof(T).Name}");
    }

    /// <inheritdoc />
    public object this[string key] => Get<object>(key);

    /// <inheritdoc />
    public IEnumerable<string> Keys => _entries.Keys;

    /// <inheritdoc />
    public IEnumerable<object> Values => _entries.Values;

    /// <inheritdoc />
    public int Count => _entries.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _entries.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out object value) => _entries.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
