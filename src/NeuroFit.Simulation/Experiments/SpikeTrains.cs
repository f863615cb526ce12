using System.Collections;

namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// Recorded spikes of a population: neuron rank → step indices of its spikes (steps since the last reset; times in ms
/// are <c>step * dt</c>). Every recorded rank is present, possibly with an empty list (ANNarchy's spike dict).
/// </summary>
public sealed class SpikeTrains : IReadOnlyDictionary<int, IReadOnlyList<int>>
{
    private readonly IReadOnlyList<int>[] _trains;
    private readonly int _firstRank;

    /// <summary>Spike trains for ranks 0..trains.Count-1.</summary>
    public SpikeTrains(IReadOnlyList<IReadOnlyList<int>> trains)
        : this([.. trains], 0)
    {
    }

    private SpikeTrains(IReadOnlyList<int>[] trains, int firstRank)
    {
        _trains = trains;
        _firstRank = firstRank;
    }

    /// <summary>Number of neurons.</summary>
    public int Count => _trains.Length;

    /// <summary>Spike steps of neuron <paramref name="rank"/>.</summary>
    public IReadOnlyList<int> this[int rank] =>
        TryGetValue(rank, out var train) ? train : throw new KeyNotFoundException($"no spike train for neuron rank {rank} (ranks 0..{Count - 1})");

    /// <summary>Ranks present.</summary>
    public IEnumerable<int> Keys => Enumerable.Range(0, _trains.Length);

    /// <summary>The trains, by rank.</summary>
    public IEnumerable<IReadOnlyList<int>> Values => _trains;

    /// <summary>Total number of spikes over all neurons.</summary>
    public int TotalSpikes => _trains.Sum(t => t.Count);

    /// <summary>The train of neuron <paramref name="rank"/> as rank 0 of a one-neuron view (no copy).</summary>
    public SpikeTrains SelectNeuron(int rank) => new([this[rank]], 0);

    /// <inheritdoc />
    public bool ContainsKey(int key) => key >= 0 && key < _trains.Length;

    /// <inheritdoc />
    public bool TryGetValue(int key, out IReadOnlyList<int> value)
    {
        if (ContainsKey(key)) { value = _trains[key]; return true; }
        value = [];
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<int, IReadOnlyList<int>>> GetEnumerator()
    {
        for (var i = 0; i < _trains.Length; i++) yield return new(i + _firstRank, _trains[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
