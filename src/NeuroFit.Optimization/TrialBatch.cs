using System.Collections;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization;

/// <summary>Why <see cref="Study.Ask(int)"/> returned what it did.</summary>
public enum AskStatus
{
    /// <summary>Trials to evaluate.</summary>
    Ready,
    /// <summary>Nothing to hand out now: the sampler waits for pending trials (a CMA-ES generation), or the budget is
    /// used but other workers' trials are still pending and may be re-queued. Ask again after a while.</summary>
    Waiting,
    /// <summary>The budget is used and every trial is finished.</summary>
    BudgetExhausted,
    /// <summary>The sampler stopped (CMA-ES tolerances); see the message.</summary>
    SamplerFinished,
}

/// <summary>A batch of Running trials handed to this worker (one simulated population), with the reason when empty.</summary>
public sealed class TrialBatch : IReadOnlyList<Trial>
{
    private readonly IReadOnlyList<Trial> _trials;

    internal TrialBatch(IReadOnlyList<Trial> trials, AskStatus status, string? message)
    {
        _trials = trials;
        Status = status;
        Message = message;
    }

    /// <summary>Ready when the batch holds trials.</summary>
    public AskStatus Status { get; }

    /// <summary>Explanation for an empty batch.</summary>
    public string? Message { get; }

    /// <inheritdoc/>
    public Trial this[int index] => _trials[index];

    /// <inheritdoc/>
    public int Count => _trials.Count;

    /// <inheritdoc/>
    public IEnumerator<Trial> GetEnumerator() => _trials.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
