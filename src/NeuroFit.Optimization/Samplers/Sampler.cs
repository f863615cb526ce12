using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers;

/// <summary>
/// A sampler proposes parameters from the study's trials. Its state may only follow from the trials themselves:
/// caches and incremental state (fed by <see cref="Observe"/>) must give the same results whatever order the changes
/// arrive in, so a resumed study or another worker that sees the same trials proposes the same. Two shapes exist: per-trial samplers (random, Sobol, TPE) fill one
/// created trial whose number is known; generational samplers (CMA-ES) enqueue a whole generation as WAITING trials.
/// </summary>
internal abstract class Sampler
{
    protected Sampler(SearchSpace space, long seed)
    {
        Space = space;
        Seed = seed;
    }

    public SearchSpace Space { get; }
    public long Seed { get; }

    /// <summary>Batch size the method works in (CMA-ES: λ; others 1).</summary>
    public virtual int NaturalBatchSize => 1;

    /// <summary>True for samplers that enqueue generations instead of filling single trials.</summary>
    public virtual bool IsGenerational => false;

    /// <summary>What the method is doing now, for a progress line (CMA-ES with restarts: "restart 2, λ = 40"); null when
    /// it has no stages.</summary>
    public virtual string? Stage => null;

    /// <summary>Generational samplers: take in every generation that is complete in the observed trials (so that
    /// <see cref="NaturalBatchSize"/> and <see cref="Stage"/> describe the next generation).</summary>
    public virtual void CatchUp() { }

    /// <summary>A trial appeared or changed (state, attempt, parameters, loss). Called by the owning study for every
    /// such change, possibly more than once per change; records of one trial arrive in the order they were made.</summary>
    public virtual void Observe(Trial trial) { }

    /// <summary>Parameters for trial <paramref name="number"/>. <paramref name="others"/> are all other trials of the
    /// study ordered by number (any state; trials without parameters included).</summary>
    public virtual IReadOnlyDictionary<string, double> SampleTrial(IReadOnlyList<Trial> others, int number) =>
        throw new NotSupportedException($"{GetType().Name} samples whole generations");

    /// <summary>The next step of a generational sampler given all trials of the study.</summary>
    public virtual GenerationStep NextGeneration(IReadOnlyList<Trial> trials) =>
        throw new NotSupportedException($"{GetType().Name} samples single trials");
}

/// <summary>What a generational sampler wants next.</summary>
internal abstract record GenerationStep
{
    /// <summary>The current generation still has pending trials.</summary>
    public sealed record Wait : GenerationStep;

    /// <summary>The method stopped (e.g. CMA-ES tolerances reached).</summary>
    public sealed record Finished(string Reason) : GenerationStep;

    /// <summary>Enqueue these trials as one batch, identified by <paramref name="Key"/> (idempotent across workers).</summary>
    public sealed record Enqueue(string Key, IReadOnlyList<NewTrial> Trials) : GenerationStep;
}
