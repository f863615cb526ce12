namespace NeuroFit.Optimization.Trials;

/// <summary>
/// Immutable record of one trial as stored (Optuna's FrozenTrial). Parameter values are internal representations
/// (see <see cref="Space.Distribution"/>): for numeric parameters simply the value.
/// </summary>
/// <param name="Id">Storage-wide unique id.</param>
/// <param name="StudyId">Owning study.</param>
/// <param name="Number">0-based position in the study; it orders the trials and seeds their randomness.</param>
/// <param name="State">Current state.</param>
/// <param name="Params">Internal parameter values (empty while a new trial is being sampled).</param>
/// <param name="Loss">Loss of a complete trial.</param>
/// <param name="LossSd">Standard deviation of the loss over repeats, if reported.</param>
/// <param name="FailureReason">Why the trial failed, or notes about re-queued attempts.</param>
/// <param name="WorkerId">Worker holding (or last holding) the trial.</param>
/// <param name="Batch">Batch the trial belongs to (number of the batch's first trial, or a CMA-ES generation's).</param>
/// <param name="Attempt">How many times the trial was handed out (0 while waiting for the first time).</param>
/// <param name="Started">When the current attempt started.</param>
/// <param name="Completed">When the trial finished.</param>
/// <param name="Heartbeat">Last sign of life of the worker evaluating it.</param>
/// <param name="SystemAttrs">Sampler bookkeeping (e.g. CMA-ES generation, member and raw vector).</param>
public sealed record Trial(
    long Id,
    long StudyId,
    int Number,
    TrialState State,
    IReadOnlyDictionary<string, double> Params,
    double? Loss,
    double? LossSd,
    string? FailureReason,
    string? WorkerId,
    int Batch,
    int Attempt,
    DateTimeOffset? Started,
    DateTimeOffset? Completed,
    DateTimeOffset? Heartbeat,
    IReadOnlyDictionary<string, string> SystemAttrs)
{
    /// <summary>True when the trial has a full parameter set.</summary>
    public bool HasParams => Params.Count > 0;

    /// <summary>The loss a sampler sees: the loss when complete, +∞ otherwise (failed counts as worst; pending
    /// trials are constant liars).</summary>
    public double SamplerLoss => State == TrialState.Complete && Loss is { } l ? l : double.PositiveInfinity;

    /// <summary>Elapsed evaluation time of a finished trial.</summary>
    public TimeSpan? Duration => Started is { } s && Completed is { } c ? c - s : null;

    /// <summary>Value of one parameter (internal representation).</summary>
    public double this[string name] => Params.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"trial {Number} has no parameter '{name}'");
}

/// <summary>A trial to insert: parameters may be empty (sampled after creation, once its number is known).</summary>
/// <param name="State">Running (created by a worker for itself) or Waiting (queued for any worker).</param>
/// <param name="Params">Parameters, or empty.</param>
/// <param name="WorkerId">Worker for a Running trial.</param>
/// <param name="Batch">Batch number; null means "the trial's own number".</param>
/// <param name="SystemAttrs">Sampler bookkeeping.</param>
public sealed record NewTrial(
    TrialState State,
    IReadOnlyDictionary<string, double> Params,
    string? WorkerId,
    int? Batch,
    IReadOnlyDictionary<string, string> SystemAttrs);

/// <summary>A stored study.</summary>
/// <param name="Id">Storage-wide id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="SearchSpaceJson">The search space (<see cref="Space.SearchSpace.ToJson"/>).</param>
/// <param name="SamplerJson">The sampler settings (<see cref="Samplers.SamplerSettings.ToJson"/>).</param>
/// <param name="Created">Creation time.</param>
public sealed record StudyRecord(long Id, string Name, string SearchSpaceJson, string SamplerJson, DateTimeOffset Created);

/// <summary>Parameters (and sampler attributes, merged) for a Running trial held at <paramref name="Attempt"/>.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Attempt">The attempt the caller holds.</param>
/// <param name="Params">Internal parameter values.</param>
/// <param name="SystemAttrs">Sampler attributes to merge.</param>
public sealed record TrialParamsUpdate(long TrialId, int Attempt, IReadOnlyDictionary<string, double> Params, IReadOnlyDictionary<string, string> SystemAttrs);

/// <summary>The end of a Running trial held at <paramref name="Attempt"/>.</summary>
/// <param name="TrialId">The trial.</param>
/// <param name="Attempt">The attempt the caller holds.</param>
/// <param name="State">Complete, Failed or Pruned.</param>
/// <param name="Loss">Loss of a Complete trial.</param>
/// <param name="LossSd">Its standard deviation over repeats, if known.</param>
/// <param name="Reason">Why it failed (appended to the trial's notes).</param>
public sealed record TrialFinish(long TrialId, int Attempt, TrialState State, double? Loss, double? LossSd, string? Reason);

/// <summary>What a worker reports for one trial it evaluated (<see cref="Study.Tell(IReadOnlyList{TrialOutcome})"/>).</summary>
/// <param name="Trial">The trial as handed out.</param>
/// <param name="Loss">Its loss; null, NaN or infinite marks it failed.</param>
/// <param name="LossSd">Standard deviation of the loss over repeats, if known.</param>
/// <param name="FailureReason">Why the evaluation failed; given, the trial is failed whatever the loss.</param>
public sealed record TrialOutcome(Trial Trial, double? Loss, double? LossSd = null, string? FailureReason = null);
