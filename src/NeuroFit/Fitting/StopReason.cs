namespace NeuroFit.Fitting;

/// <summary>Why a search stopped (<see cref="OptNeuronResult.StopReason"/>; <c>stop_reason</c> in results.json).</summary>
public enum StopReason
{
    /// <summary>Every evaluation of the budget (<c>maxEvals</c>) was done.</summary>
    MaxEvals,

    /// <summary>The time limit was reached (checked between batches, so the last batch may end after it).</summary>
    TimeLimit,

    /// <summary>The optimiser finished before the budget was used (e.g. CMA-ES met its tolerances, Sobol ran out of points).</summary>
    Converged,

    /// <summary>The cancellation token (Ctrl-C) stopped the search.</summary>
    Interrupted,
}

/// <summary>The names of <see cref="StopReason"/> as results.json and the console write them.</summary>
public static class StopReasonNames
{
    /// <summary><c>max_evals</c>, <c>time_limit</c>, <c>converged</c> or <c>interrupted</c>.</summary>
    public static string ToName(this StopReason reason) => reason switch
    {
        StopReason.MaxEvals => "max_evals",
        StopReason.TimeLimit => "time_limit",
        StopReason.Converged => "converged",
        StopReason.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
