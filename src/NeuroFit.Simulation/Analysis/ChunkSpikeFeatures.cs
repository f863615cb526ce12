using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Analysis;

/// <summary>
/// CompNeuroPy's chunk-level spike helpers on an experiment's results: <c>get_spike_features_of_chunk(chunk, results)</c>
/// and <c>get_spike_features_loss_of_chunk(chunk, results1, results2, chunk2=None, feature_list=None)</c>. The population
/// is read from <c>results.Data["pop_name"]</c> (CompNeuroPy) or <c>results.Data["population_name"]</c> (the wiki's
/// experiments); its spikes must have been recorded.
/// </summary>
public static class ChunkSpikeFeatures
{
    /// <summary>The spike features of the population of <paramref name="results"/> in chunk <paramref name="chunk"/>
    /// (spike times in ms since the chunk's reset).</summary>
    public static SpikeFeatures Of(int chunk, ExperimentResults results)
    {
        var (recording, population) = Chunk(chunk, results, nameof(results));
        return SpikeFeatures.OfPopulation(recording.Spikes(population), recording.Dt);
    }

    /// <summary>The spike-feature loss between chunk <paramref name="chunk"/> of <paramref name="results1"/> and chunk
    /// <paramref name="chunk2"/> (default the same) of <paramref name="results2"/>; the scales come from the recording
    /// periods of <paramref name="results1"/>'s chunk (<see cref="SpikeFeatureLoss.FromPeriods"/>).</summary>
    public static double Loss(int chunk, ExperimentResults results1, ExperimentResults results2, int? chunk2 = null, IReadOnlyList<SpikeFeature>? features = null)
    {
        var (_, population) = Chunk(chunk, results1, nameof(results1));
        var times = results1.RecordingTimes
            ?? throw new ArgumentException("results1 has no recording times (the experiment ran without monitors)", nameof(results1));
        var periods = times.All()[chunk].TryGetValue(population, out var p)
            ? p
            : throw new ArgumentException($"population '{population}' was not recorded in chunk {chunk} of results1", nameof(results1));
        var scale = SpikeFeatureLoss.FromPeriods(periods.Select(r => (r.StartMs, r.StopMs, r.StartIndex, r.StopIndex)));
        return scale.Compute(Of(chunk, results1), Of(chunk2 ?? chunk, results2), features);
    }

    private static (RecordingChunk Recording, string Population) Chunk(int chunk, ExperimentResults results, string parameter)
    {
        ArgumentNullException.ThrowIfNull(results, parameter);
        if (chunk < 0 || chunk >= results.Recordings.Count)
            throw new ArgumentOutOfRangeException(parameter, $"chunk {chunk} not available; {parameter} has {results.Recordings.Count} chunk(s)");
        var population = (results.Data.TryGetValue("pop_name", out var a) ? a : null) as string
            ?? (results.Data.TryGetValue("population_name", out var b) ? b : null) as string
            ?? throw new ArgumentException(
                $"{parameter}.Data names no population: store it in Run with Data[\"population_name\"] = populationName", parameter);
        var recording = results.Recordings[chunk];
        if (!recording.ContainsKey($"{population};spike"))
            throw new ArgumentException($"the spikes of '{population}' were not recorded in chunk {chunk}: record \"spike\" (record: [..., \"spike\"])", parameter);
        return (recording, population);
    }
}
