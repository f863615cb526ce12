using NeuroFit.Config;
using NeuroFit.Data;
using NeuroFit.Losses;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.ConfigFit;

/// <summary>
/// Recorded target data per chunk, on the simulation's recording grid: traces resampled to the recording period and
/// the chunk's number of samples, spike times checked to lie within the chunk.
/// </summary>
internal sealed class TargetData
{
    /// <summary>Name the data carry in the results file and figures (<c>target/chunk0/data;v</c>).</summary>
    public const string PopulationName = "data";

    private TargetData(IReadOnlyList<SweepData> sweeps, ExperimentResults results, IReadOnlyList<Dictionary<string, string>> traceOrigins, IReadOnlyList<string?> spikeOrigins)
    {
        Sweeps = sweeps;
        Results = results;
        TraceOrigins = traceOrigins;
        SpikeOrigins = spikeOrigins;
    }

    /// <summary>One sweep per chunk.</summary>
    public IReadOnlyList<SweepData> Sweeps { get; }

    /// <summary>The data as experiment results (written to the NPZ under <c>target/</c> and drawn in the figures).</summary>
    public ExperimentResults Results { get; }

    /// <summary>Per chunk: variable → key path of the data entry it came from.</summary>
    public IReadOnlyList<Dictionary<string, string>> TraceOrigins { get; }

    /// <summary>Per chunk: key path of the spike entry, or null when the chunk has no spike data.</summary>
    public IReadOnlyList<string?> SpikeOrigins { get; }

    /// <summary>Loads and resamples every data entry of <paramref name="spec"/>.</summary>
    public static TargetData Load(FitConfig config, DataTargetSpec spec, ExperimentPlan plan)
    {
        var chunks = plan.Chunks.Count;
        var traces = Enumerable.Range(0, chunks).Select(_ => new Dictionary<string, double[]>()).ToList();
        var origins = Enumerable.Range(0, chunks).Select(_ => new Dictionary<string, string>()).ToList();
        var spikes = new double[]?[chunks];
        var spikeOrigins = new string?[chunks];
        var recorded = plan.TraceVariables.ToList();

        foreach (var t in spec.Traces)
        {
            if (!recorded.Contains(t.Variable))
                throw new ConfigException(config.SourcePath, $"{t.KeyPath}.variable",
                    $"'{t.Variable}' is not recorded; add it to experiment.record (recorded: {string.Join(", ", plan.Record)})");
            if (origins[t.Chunk].TryGetValue(t.Variable, out var earlier))
                throw new ConfigException(config.SourcePath, t.KeyPath, $"chunk {t.Chunk} already has data for '{t.Variable}' (from {earlier}); give each chunk one trace per variable");
            var trace = DataFiles.ReadTrace(config, t.File, t.Column, t.Variable, t.Dt, t.KeyPath, t.Scale, t.TimeUnit);
            try
            {
                traces[t.Chunk][t.Variable] = trace.ToSimulationGrid(plan.SampleInterval, plan.Samples(t.Chunk));
            }
            catch (DataFormatException e)
            {
                throw new ConfigException(config.SourcePath, t.KeyPath, $"the data do not match chunk {t.Chunk} of the experiment: {e.Message}");
            }
            origins[t.Chunk][t.Variable] = t.KeyPath;
        }

        foreach (var s in spec.Spikes)
        {
            if (!plan.RecordsSpikes)
                throw new ConfigException(config.SourcePath, s.KeyPath, "spike data need spikes of the model: add 'spike' to experiment.record");
            if (spikeOrigins[s.Chunk] is { } earlier)
                throw new ConfigException(config.SourcePath, s.KeyPath, $"chunk {s.Chunk} already has spike data (from {earlier}); give each chunk one spike file");
            var times = DataFiles.ReadSpikes(config, s.File, s.Column, s.KeyPath, s.TimeUnit);
            try
            {
                SpikeImport.CheckWithin(config.Resolve(s.File), times, plan.ChunkDurationMs(s.Chunk));
            }
            catch (DataFormatException e)
            {
                throw new ConfigException(config.SourcePath, s.KeyPath, $"the spikes do not fit chunk {s.Chunk}: {e.Message}");
            }
            spikes[s.Chunk] = times;
            spikeOrigins[s.Chunk] = s.KeyPath;
        }

        var sweeps = new List<SweepData>(chunks);
        var recordings = new List<RecordingChunk>(chunks);
        for (var c = 0; c < chunks; c++)
        {
            sweeps.Add(new SweepData { Dt = plan.SampleInterval, Traces = traces[c], SpikeTimesMs = spikes[c], DurationMs = plan.ChunkDurationMs(c) });
            var entries = new Dictionary<string, object> { ["dt"] = plan.Dt, [$"{PopulationName};period"] = plan.SampleInterval };
            foreach (var (variable, values) in traces[c]) entries[$"{PopulationName};{variable}"] = TraceMatrix.FromTrace(values);
            if (spikes[c] is { } times)
                entries[$"{PopulationName};spike"] = new SpikeTrains([times.Select(t => (int)Math.Round(t / plan.Dt)).ToArray()]);
            recordings.Add(new RecordingChunk(entries));
        }
        var results = new ExperimentResults(recordings, null, new Dictionary<string, IReadOnlyList<string>>(),
            new Dictionary<string, object?> { ["population_name"] = PopulationName });
        return new TargetData(sweeps, results, origins, spikeOrigins);
    }
}
