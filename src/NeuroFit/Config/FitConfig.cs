using NeuroFit.Fitting;

namespace NeuroFit.Config;

/// <summary>A model as written in a config: a built-in name, a model file, or inline model text, with parameter overrides.</summary>
public abstract record ModelSpec(IReadOnlyDictionary<string, double> Set);

/// <summary>A built-in model by name.</summary>
public sealed record BuiltinModelSpec(string Name, IReadOnlyDictionary<string, double> Set) : ModelSpec(Set);

/// <summary>A model YAML file (path relative to the config file).</summary>
public sealed record FileModelSpec(string Path, IReadOnlyDictionary<string, double> Set) : ModelSpec(Set);

/// <summary>Model text given inline (same keys as a model file).</summary>
public sealed record InlineModelSpec(
    string Name, string Parameters, string Equations, string? Spike, string? Reset, string? Refractory, string? Functions,
    IReadOnlyDictionary<string, double> Set) : ModelSpec(Set);

/// <summary>What the fitted model must reproduce.</summary>
public abstract record TargetSpec;

/// <summary>Another model runs the same experiment and produces the target (OptNeuron's target mode).</summary>
public sealed record ModelTargetSpec(ModelSpec Model) : TargetSpec;

/// <summary>Recorded data: traces and/or spike times, per chunk.</summary>
public sealed record DataTargetSpec(IReadOnlyList<TraceDataSpec> Traces, IReadOnlyList<SpikeDataSpec> Spikes) : TargetSpec;

/// <summary>A recorded trace compared with model variable <paramref name="Variable"/> in chunk <paramref name="Chunk"/>.</summary>
/// <param name="File">Data file (CSV, NPY, NPZ or NWB), relative to the config file.</param>
/// <param name="Variable">Model variable the trace corresponds to.</param>
/// <param name="Column">Column / array / series name in the file (default: the variable name, or the only one).</param>
/// <param name="Chunk">Experiment chunk the trace belongs to.</param>
/// <param name="Dt">Sampling interval in ms when the file does not say.</param>
/// <param name="KeyPath">Where in the config this came from.</param>
public sealed record TraceDataSpec(string File, string Variable, string? Column, int Chunk, double? Dt, string KeyPath)
{
    /// <summary>Factor applied to the values (<c>scale: 1000</c> turns volts into mV).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Unit of the file's time column or key (<c>time_unit: s</c>); <see cref="Dt"/> is always in ms.</summary>
    public NeuroFit.Data.TimeUnit TimeUnit { get; init; } = NeuroFit.Data.TimeUnit.Milliseconds;
}

/// <summary>Recorded spike times for chunk <paramref name="Chunk"/> (ms, or seconds with <see cref="TimeUnit"/>).</summary>
public sealed record SpikeDataSpec(string File, string? Column, int Chunk, string KeyPath)
{
    /// <summary>Unit of the spike times in the file.</summary>
    public NeuroFit.Data.TimeUnit TimeUnit { get; init; } = NeuroFit.Data.TimeUnit.Milliseconds;
}

/// <summary>The stimulation protocol: chunks (each starting from the reset state) of phases.</summary>
/// <param name="Dt">Integration step in ms.</param>
/// <param name="Record">Recorded variables, <c>spike</c> for spikes.</param>
/// <param name="Period">Recording period in ms (default dt).</param>
/// <param name="Chunks">The chunks.</param>
public sealed record ExperimentSpec(double Dt, IReadOnlyList<string> Record, double? Period, IReadOnlyList<ChunkSpec> Chunks);

/// <summary>One chunk: phases run in order after a reset.</summary>
public sealed record ChunkSpec(IReadOnlyList<PhaseSpec> Phases);

/// <summary>One phase: set attributes (and/or inject a current array), then simulate <paramref name="Duration"/> ms.</summary>
public sealed record PhaseSpec(double Duration, IReadOnlyDictionary<string, double> Set, CurrentSpec? Current, string KeyPath);

/// <summary>An injected current read from a file, one value per step (resampled when its interval differs), written into <paramref name="Attribute"/>.</summary>
public sealed record CurrentSpec(string File, string Attribute, string? Column, double? Dt, string KeyPath)
{
    /// <summary>Factor applied to the values (<c>scale: 1000</c> turns nA into pA).</summary>
    public double Scale { get; init; } = 1;

    /// <summary>Unit of the file's time column or key; <see cref="Dt"/> is always in ms.</summary>
    public NeuroFit.Data.TimeUnit TimeUnit { get; init; } = NeuroFit.Data.TimeUnit.Milliseconds;
}

/// <summary>One loss term: its kind (<c>rmse</c>, <c>spike_count</c>, …), settings, weight and optional chunk.</summary>
public sealed record LossTermSpec(string Kind, IReadOnlyDictionary<string, string> Settings, double Weight, int? Chunk, string KeyPath, int Line);

/// <summary>A whole fit configuration (see docs/config.md).</summary>
public sealed record FitConfig(
    string SourcePath,
    string Name,
    ModelSpec Model,
    TargetSpec Target,
    ExperimentSpec Experiment,
    IReadOnlyList<LossTermSpec> Loss,
    VariablesBounds Parameters,
    string Method,
    int MaxEvals,
    int NumRepLoss,
    ulong Seed,
    IReadOnlyDictionary<string, string> MethodOptions,
    string? Output)
{
    /// <summary>
    /// <c>time_limit</c>: wall time of the search in seconds, or null for none; the fit stops at whichever comes first,
    /// <see cref="MaxEvals"/> or the limit. Without <c>max_evals</c> in the file a time limit alone bounds the fit.
    /// </summary>
    public double? TimeLimit { get; init; }

    /// <summary>False when the file gave no <c>max_evals</c> (<see cref="MaxEvals"/> is then the default, 1000).</summary>
    public bool MaxEvalsGiven { get; init; } = true;

    /// <summary>Whether the file named a <c>method</c>; without one a fit runs <c>auto</c> and a study (which cannot
    /// run auto) runs <c>cmaes</c>.</summary>
    public bool MethodGiven { get; init; } = true;

    /// <summary>The evaluation budget under <paramref name="timeLimit"/>: unlimited when the file gave no <c>max_evals</c>
    /// and a time limit bounds the fit, else <see cref="MaxEvals"/>.</summary>
    public int MaxEvalsUnder(double? timeLimit) => timeLimit is not null && !MaxEvalsGiven ? int.MaxValue : MaxEvals;

    /// <summary>Evaluations of method <c>auto</c> when the file gives neither <c>max_evals</c> nor a time limit: its
    /// stages need far more than the other methods' default of 1000, and the budget stays a count, so the fit is
    /// reproducible.</summary>
    public const int AutoDefaultMaxEvals = 200_000;

    /// <summary>The evaluation budget of <paramref name="method"/> under <paramref name="timeLimit"/>: as
    /// <see cref="MaxEvalsUnder"/>, but method auto without <c>max_evals</c> and without a limit gets
    /// <see cref="AutoDefaultMaxEvals"/>.</summary>
    public int MaxEvalsFor(string method, double? timeLimit) =>
        method == "auto" && !MaxEvalsGiven && timeLimit is null ? AutoDefaultMaxEvals : MaxEvalsUnder(timeLimit);

    /// <summary>Directory that relative paths in the config are resolved against.</summary>
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(SourcePath)) ?? ".";

    /// <summary>Resolves a path written in the config.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>
    /// A hash of what the loss is computed from: the <c>model</c>, <c>target</c>, <c>experiment</c> and <c>loss</c>
    /// sections, the fixed and computed <c>parameters</c> entries, <c>num_rep_loss</c>, and the contents of the files
    /// they name. Comments and layout do not count. A resumed study must have been run with the same key
    /// (<see cref="OptNeuronOptions.ObjectiveKey"/>). Null for configs built in code.
    /// </summary>
    public string? ObjectiveKey { get; init; }

    /// <summary>The 1-based line of every key path in the file (<c>target.data[0].variable</c> → 4); empty for configs built in code.</summary>
    public IReadOnlyDictionary<string, int> Lines { get; init; } = new Dictionary<string, int>();

    /// <summary>The line of <paramref name="keyPath"/>, else of its closest enclosing entry; 0 when unknown.</summary>
    public int LineOf(string keyPath)
    {
        for (var path = keyPath; path.Length > 0;)
        {
            if (Lines.TryGetValue(path, out var line)) return line;
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0) break;
            path = path[..cut];
        }
        return 0;
    }

    /// <summary><paramref name="e"/> with the line of its key path when it has none.</summary>
    internal ConfigException WithLine(ConfigException e) =>
        e.Line > 0 || LineOf(e.KeyPath) is not (> 0 and var line) ? e : new ConfigException(e.File, e.KeyPath, e.Problem, line);
}
