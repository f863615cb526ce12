using NeuroFit.Config;
using NeuroFit.Fitting;
using NeuroFit.Losses;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.ConfigFit;

/// <summary>
/// The <c>loss:</c> section as OptNeuron's <c>getLoss</c>: the candidate's results become per-chunk sweeps of neuron 0,
/// compared with the target sweeps by the weighted terms; the components are the weighted value of each term.
/// </summary>
internal sealed class ConfigLoss
{
    private readonly ExperimentPlan _plan;
    private readonly IReadOnlyList<ConfiguredTerm> _terms;
    private readonly LossFunction _function;
    private readonly object _gate = new();
    private (object Target, BoundLossFunction Bound)? _bound;

    private ConfigLoss(ExperimentPlan plan, IReadOnlyList<ConfiguredTerm> terms)
    {
        _plan = plan;
        _terms = terms;
        _function = new LossFunction(terms.Select(t => t.Term));
    }

    /// <summary>The configured terms.</summary>
    public IReadOnlyList<ConfiguredTerm> Terms => _terms;

    /// <summary>One label per term, in order (the components of the loss): kind, main setting, chunk, weight.</summary>
    public IReadOnlyList<string> Labels => _terms.Select(t => Label(t.Spec)).ToList();

    internal static string Label(LossTermSpec spec)
    {
        var text = new System.Text.StringBuilder(spec.Kind);
        if (FitConfigLoader.LossKinds[spec.Kind] is { } main && spec.Settings.TryGetValue(main, out var value) && value.Length > 0)
            text.Append(' ').Append(value);
        if (spec.Chunk is { } chunk) text.Append(", chunk ").Append(chunk);
        if (spec.Weight != 1) text.Append(", × ").Append(FitConfigLoader.Format(spec.Weight));
        return text.ToString();
    }

    /// <summary>Builds the terms and checks that what each compares is recorded (and, for data targets, given).</summary>
    /// <exception cref="ConfigException">A bad setting, or a term comparing something that is not recorded or has no data.</exception>
    public static ConfigLoss Create(FitConfig config, ExperimentPlan plan, TargetData? data)
    {
        var recorded = plan.TraceVariables.ToList();
        var defaultVariable = recorded.Count == 1 ? recorded[0] : null;
        var terms = new List<ConfiguredTerm>();
        foreach (var spec in config.Loss)
        {
            var term = LossTermFactory.Create(spec, config.SourcePath, defaultVariable);
            if (term.TraceVariable is { } variable && !recorded.Contains(variable))
                throw new ConfigException(config.SourcePath, spec.KeyPath,
                    $"compares '{variable}', which is not recorded; add it to experiment.record (recorded: {string.Join(", ", plan.Record)})", spec.Line);
            if (term.NeedsSpikes && !plan.RecordsSpikes)
                throw new ConfigException(config.SourcePath, spec.KeyPath, "compares spike times: add 'spike' to experiment.record", spec.Line);
            CheckWindow(config, plan, spec);
            if (data is not null) CheckAgainstData(config, plan, data, term);
            terms.Add(term);
        }
        return new ConfigLoss(plan, terms);
    }

    /// <summary>
    /// The loss of the experiment cut after <paramref name="horizonMs"/> (<paramref name="truncated"/>): the terms whose
    /// window starts before the horizon, or null when there is none.
    /// </summary>
    public ConfigLoss? Truncated(ExperimentPlan truncated, double horizonMs)
    {
        var active = _terms.Where(t => WindowStart(t.Spec) < horizonMs).ToList();
        return active.Count == 0 ? null : new ConfigLoss(truncated, active);
    }

    private static double WindowStart(LossTermSpec spec) =>
        spec.Settings.TryGetValue("start", out var text) &&
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var start)
            ? start
            : 0;

    /// <summary>The loss of one candidate against <paramref name="target"/> (a <see cref="TargetData"/>'s sweeps or a target model's results).</summary>
    public LossValue Compute(ExperimentResults candidate, IReadOnlyList<SweepData> target)
    {
        var bound = Bind(target, () => target);
        return Value(bound, ConfigExperiment.Sweeps(candidate, _plan));
    }

    /// <summary>OptNeuron's getLoss for a target model: the target's results are converted (once) to sweeps.</summary>
    public LossValue Compute(ExperimentResults candidate, ExperimentResults target)
    {
        var bound = Bind(target, () => ConfigExperiment.Sweeps(target, _plan));
        return Value(bound, ConfigExperiment.Sweeps(candidate, _plan));
    }

    /// <summary>The weighted terms; when every weighted term is rmse or mse, also the residuals (computed only when asked
    /// for: Σr² = Σ weight · mse, see <see cref="BoundLossFunction.Residuals"/>).</summary>
    private static LossValue Value(BoundLossFunction bound, IReadOnlyList<SweepData> sweeps)
    {
        var terms = bound.Breakdown(sweeps).Terms.ToArray();
        return bound.ProvidesResiduals ? LossValue.WithResidualSource(terms, () => bound.Residuals(sweeps)) : terms;
    }

    private BoundLossFunction Bind(object key, Func<IReadOnlyList<SweepData>> sweeps)
    {
        lock (_gate)
        {
            if (_bound is { } b && ReferenceEquals(b.Target, key)) return b.Bound;
            var bound = _function.Bind(sweeps());
            _bound = (key, bound);
            return bound;
        }
    }

    /// <summary>A window that starts at or after the end of a chunk the term compares holds nothing there.</summary>
    private static void CheckWindow(FitConfig config, ExperimentPlan plan, LossTermSpec spec)
    {
        if (!spec.Settings.TryGetValue("start", out var text) ||
            !double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var start))
            return;
        var chunks = spec.Chunk is { } only ? [only] : Enumerable.Range(0, plan.Chunks.Count);
        foreach (var c in chunks)
        {
            var duration = plan.ChunkDurationMs(c);
            if (start < duration) continue;
            var scope = spec.Chunk is null && plan.Chunks.Count > 1 ? "; give the term 'chunk: N' to compare only longer chunks" : "";
            throw new ConfigException(config.SourcePath, $"{spec.KeyPath}.start",
                $"the window starts at {FitConfigLoader.Format(start)} ms, but chunk {c} lasts {FitConfigLoader.Format(duration)} ms: the window holds nothing there{scope}",
                spec.Line);
        }
    }

    /// <summary>Each term must find its target data in every chunk it applies to, and accept it.</summary>
    private static void CheckAgainstData(FitConfig config, ExperimentPlan plan, TargetData data, ConfiguredTerm term)
    {
        var spec = term.Spec;
        var chunks = spec.Chunk is { } only ? [only] : Enumerable.Range(0, plan.Chunks.Count);
        foreach (var c in chunks)
        {
            var scope = spec.Chunk is null && plan.Chunks.Count > 1 ? $"; give the term 'chunk: N' to compare only chunks with data" : "";
            if (term.TraceVariable is { } variable && !data.TraceOrigins[c].ContainsKey(variable))
                throw new ConfigException(config.SourcePath, spec.KeyPath,
                    $"compares '{variable}' in chunk {c}, but target.data has no trace of '{variable}' for chunk {c}{scope}", spec.Line);
            if (term.NeedsSpikes && data.SpikeOrigins[c] is null)
                throw new ConfigException(config.SourcePath, spec.KeyPath,
                    $"compares spike times in chunk {c}, but target.spikes has no spike times for chunk {c}{scope}", spec.Line);
            try
            {
                term.Term.Term.Bind(data.Sweeps[c]);
            }
            catch (LossException e)
            {
                throw new ConfigException(config.SourcePath, spec.KeyPath, e.Message, spec.Line);
            }
        }
    }
}
