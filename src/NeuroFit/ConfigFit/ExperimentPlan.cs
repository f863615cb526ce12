using NeuroFit.Config;
using NeuroFit.Data;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation;

namespace NeuroFit.ConfigFit;

/// <summary>One phase ready to run: attributes to set, then <see cref="Steps"/> steps, optionally with a current written before every step.</summary>
/// <param name="Steps">Steps of the phase (<c>ceil(duration / dt)</c>, as <see cref="Network.Simulate"/>).</param>
/// <param name="Set">Attributes set at the start of the phase.</param>
/// <param name="CurrentAttribute">Attribute the current is written into, or null.</param>
/// <param name="Current">One value per step, or null.</param>
internal sealed record PhasePlan(long Steps, IReadOnlyList<KeyValuePair<string, double>> Set, string? CurrentAttribute, double[]? Current);

/// <summary>
/// The <c>experiment:</c> section checked against a model and with its current files loaded: steps per phase, samples
/// per chunk (what the recorders will produce, so that data can be resampled to it before anything runs).
/// </summary>
internal sealed class ExperimentPlan
{
    private ExperimentPlan(double dt, IReadOnlyList<string> record, double? period, int periodSteps, IReadOnlyList<IReadOnlyList<PhasePlan>> chunks)
    {
        Dt = dt;
        Record = record;
        Period = period;
        PeriodSteps = periodSteps;
        Chunks = chunks;
    }

    /// <summary>Integration step in ms.</summary>
    public double Dt { get; }

    /// <summary>Recorded variables (and <c>spike</c>).</summary>
    public IReadOnlyList<string> Record { get; }

    /// <summary>The configured recording period, or null for dt.</summary>
    public double? Period { get; }

    /// <summary>Steps between two recorded samples (ANNarchy: <c>int(period / dt)</c>).</summary>
    public int PeriodSteps { get; }

    /// <summary>Sampling interval of recorded traces in ms.</summary>
    public double SampleInterval => PeriodSteps * Dt;

    /// <summary>The chunks and their phases.</summary>
    public IReadOnlyList<IReadOnlyList<PhasePlan>> Chunks { get; }

    /// <summary>Recorded trace variables (without <c>spike</c>).</summary>
    public IEnumerable<string> TraceVariables => Record.Where(r => r != "spike");

    /// <summary>Whether spikes are recorded.</summary>
    public bool RecordsSpikes => Record.Contains("spike");

    /// <summary>Steps of chunk <paramref name="chunk"/>.</summary>
    public long ChunkSteps(int chunk) => Chunks[chunk].Sum(p => p.Steps);

    /// <summary>Length of chunk <paramref name="chunk"/> in ms.</summary>
    public double ChunkDurationMs(int chunk) => ChunkSteps(chunk) * Dt;

    /// <summary>Samples a recorder takes in chunk <paramref name="chunk"/>: one at steps 0, p, 2p, … below the chunk's steps.</summary>
    public int Samples(int chunk) => (int)((ChunkSteps(chunk) + PeriodSteps - 1) / PeriodSteps);

    /// <summary>
    /// The same experiment cut after <paramref name="horizonMs"/> in every chunk (the phases that start later are dropped,
    /// the phase running at the horizon is shortened), for fitting the first milliseconds of a long experiment first.
    /// A chunk shorter than the horizon is unchanged.
    /// </summary>
    public ExperimentPlan Truncate(double horizonMs)
    {
        var limit = Math.Max(1, Network.StepsFor(horizonMs, Dt));
        var chunks = new List<IReadOnlyList<PhasePlan>>(Chunks.Count);
        foreach (var phases in Chunks)
        {
            var kept = new List<PhasePlan>();
            var left = limit;
            foreach (var phase in phases)
            {
                if (left <= 0) break;
                if (phase.Steps <= left) kept.Add(phase);
                else kept.Add(phase with { Steps = left, Current = phase.Current?[..(int)left] });
                left -= phase.Steps;
            }
            chunks.Add(kept);
        }
        return new ExperimentPlan(Dt, Record, Period, PeriodSteps, chunks);
    }

    /// <summary>Start times (ms from the chunk start) of every phase after the first, over all chunks.</summary>
    public IEnumerable<double> PhaseBoundariesMs()
    {
        foreach (var phases in Chunks)
        {
            long steps = 0;
            for (var i = 0; i < phases.Count - 1; i++)
            {
                steps += phases[i].Steps;
                yield return steps * Dt;
            }
        }
    }

    /// <summary>Checks the experiment against <paramref name="model"/> and loads its current files.</summary>
    /// <exception cref="ConfigException">A recorded name, set attribute or current that does not fit the model, or a bad current file.</exception>
    public static ExperimentPlan Create(FitConfig config, AnalysedModel model)
    {
        var spec = config.Experiment;
        var variables = model.Variables.Select(v => v.Name).ToList();
        var attributes = model.Parameters.Select(p => p.Name).Concat(variables).ToList();
        for (var i = 0; i < spec.Record.Count; i++)
        {
            var name = spec.Record[i];
            if (name == "spike")
            {
                if (model.Kind != NeuronKind.Spiking)
                    throw new ConfigException(config.SourcePath, $"experiment.record[{i}]", $"model '{model.Name}' is rate-coded and does not spike; record its variables ({string.Join(", ", variables)})");
                continue;
            }
            if (!variables.Contains(name))
                throw new ConfigException(config.SourcePath, $"experiment.record[{i}]", model.ParameterIndex(name) >= 0
                    ? $"'{name}' is a parameter of model '{model.Name}'; only variables (and 'spike') can be recorded: {string.Join(", ", variables)}"
                    : $"model '{model.Name}' has no variable '{name}'{NameHints.DidYouMean(name, [.. variables, "spike"])}; record one of {string.Join(", ", variables)}{(model.Kind == NeuronKind.Spiking ? " or 'spike'" : "")}");
        }
        var periodSteps = (int)Math.Floor((spec.Period ?? spec.Dt) / spec.Dt + 1e-9);
        var chunks = new List<IReadOnlyList<PhasePlan>>();
        for (var c = 0; c < spec.Chunks.Count; c++)
        {
            var phases = new List<PhasePlan>();
            foreach (var phase in spec.Chunks[c].Phases)
            {
                foreach (var name in phase.Set.Keys)
                    if (!attributes.Contains(name))
                        throw new ConfigException(config.SourcePath, $"{phase.KeyPath}.set.{name}",
                            $"model '{model.Name}' has no parameter or variable '{name}'{NameHints.DidYouMean(name, attributes)}; it has: {string.Join(", ", attributes)}");
                var steps = Network.StepsFor(phase.Duration, spec.Dt);
                double[]? current = null;
                if (phase.Current is { } cur)
                {
                    if (!attributes.Contains(cur.Attribute))
                        throw new ConfigException(config.SourcePath, $"{cur.KeyPath}.into",
                            $"model '{model.Name}' has no parameter or variable '{cur.Attribute}' to inject the current into{NameHints.DidYouMean(cur.Attribute, attributes)}; it has: {string.Join(", ", attributes)}");
                    current = LoadCurrent(config, cur, steps);
                }
                phases.Add(new PhasePlan(steps, [.. phase.Set], phase.Current?.Attribute, current));
            }
            chunks.Add(phases);
            var chunkSteps = phases.Sum(p => (double)p.Steps);
            if (chunkSteps > Network.MaxRecordedSamples)
                throw new ConfigException(config.SourcePath, $"experiment.chunks[{c}]",
                    $"the chunk lasts {chunkSteps * spec.Dt:G6} ms = {chunkSteps:G6} steps of {spec.Dt:G6} ms; a chunk may have at most {Network.MaxRecordedSamples:N0} steps " +
                    $"({Network.MaxRecordedSamples * spec.Dt / 3.6e6:G3} h at this dt): give shorter durations");
        }
        return new ExperimentPlan(spec.Dt, spec.Record, spec.Period, periodSteps, chunks);
    }

    private static double[] LoadCurrent(FitConfig config, CurrentSpec spec, long steps)
    {
        var trace = DataFiles.ReadTrace(config, spec.File, spec.Column, spec.Attribute, spec.Dt ?? config.Experiment.Dt, spec.KeyPath, spec.Scale, spec.TimeUnit,
            dtGiven: spec.Dt is not null);
        try
        {
            return trace.ToSimulationGrid(config.Experiment.Dt, checked((int)steps));
        }
        catch (DataFormatException e)
        {
            throw new ConfigException(config.SourcePath, spec.KeyPath, $"the current does not fit the phase: {e.Message}");
        }
    }
}
