namespace NeuroFit.Optimization.Trials;

/// <summary>Life cycle of a trial (Optuna's states; the numeric values match Optuna's).</summary>
public enum TrialState
{
    /// <summary>Handed to a worker and being evaluated.</summary>
    Running = 0,
    /// <summary>Evaluated; has a loss.</summary>
    Complete = 1,
    /// <summary>Stopped early by a pruner (reserved; no pruner yet).</summary>
    Pruned = 2,
    /// <summary>Evaluation failed (exception, NaN/Inf loss, diverging model, a worker that went stale twice).</summary>
    Failed = 3,
    /// <summary>Queued, waiting for a worker: a CMA-ES generation member, an enqueued point, or a re-queued stale trial.</summary>
    Waiting = 4,
}

/// <summary>Helpers on <see cref="TrialState"/>.</summary>
public static class TrialStateExtensions
{
    /// <summary>True for Complete, Pruned and Failed.</summary>
    public static bool IsFinished(this TrialState state) => state is TrialState.Complete or TrialState.Pruned or TrialState.Failed;

    /// <summary>True for Running and Waiting (the constant-liar "pending" trials).</summary>
    public static bool IsPending(this TrialState state) => state is TrialState.Running or TrialState.Waiting;
}
