namespace NeuroFit.Simulation.Analysis;

/// <summary>Every recorded spike of a population as (time step, neuron rank) pairs, CompNeuroPy's
/// <c>my_raster_plot</c>: times are simulation step indices (multiply by dt for ms).</summary>
/// <param name="Steps">Spike time of each spike in steps.</param>
/// <param name="Ranks">Neuron rank of each spike.</param>
public sealed record RasterData(int[] Steps, int[] Ranks)
{
    /// <summary>Number of spikes.</summary>
    public int Count => Steps.Length;

    /// <summary>Flattens a spike dictionary {rank → step indices}. Ranks are visited in ascending order and each
    /// rank's steps are kept in their recorded order (ANNarchy's <c>raster_plot</c> order).</summary>
    public static RasterData From(IReadOnlyDictionary<int, IReadOnlyList<int>> spikes) => From(ToArrays(spikes));

    /// <summary>A spike dictionary as recorded (<c>rec[chunk].Spikes(pop)</c>, a <see cref="Experiments.SpikeTrains"/>)
    /// in the {rank → int[]} form the analysis functions take.</summary>
    internal static IReadOnlyDictionary<int, int[]> ToArrays(IReadOnlyDictionary<int, IReadOnlyList<int>> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        return spikes.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    /// <summary>Flattens a spike dictionary {rank → step indices} given as arrays.</summary>
    public static RasterData From(IReadOnlyDictionary<int, int[]> spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var total = spikes.Values.Sum(s => s.Length);
        var steps = new int[total];
        var ranks = new int[total];
        var k = 0;
        foreach (var rank in spikes.Keys.Order())
        {
            foreach (var step in spikes[rank])
            {
                steps[k] = step;
                ranks[k++] = rank;
            }
        }
        return new RasterData(steps, ranks);
    }

    /// <summary>Spike times in ms (<c>step · dt</c>).</summary>
    public double[] TimesMs(double dt) => Array.ConvertAll(Steps, s => s * dt);
}
