namespace NeuroFit.Inference;

/// <summary>A mistake in how inference was set up or called: wrong shapes, too few valid simulations, bad settings.
/// The message says what is wrong and how to fix it.</summary>
public class InferenceException(string message) : Exception(message);

/// <summary>Posterior sampling gave up (acceptance inside the prior support too low, or the time limit reached)
/// instead of running forever.</summary>
public sealed class PosteriorSamplingException(string message, long proposed, long accepted, SamplingLimit limit) : InferenceException(message)
{
    /// <summary>The limit that stopped sampling.</summary>
    public SamplingLimit Limit { get; } = limit;

    /// <summary>Draws taken from the density estimator before giving up.</summary>
    public long Proposed { get; } = proposed;

    /// <summary>Draws that fell inside the support.</summary>
    public long Accepted { get; } = accepted;
}

/// <summary>Which <see cref="Posteriors.SamplingLimits"/> limit stopped posterior sampling.</summary>
public enum SamplingLimit
{
    /// <summary>Too few direct draws inside the support (<see cref="Posteriors.SamplingLimits.MinAcceptanceRate"/>).</summary>
    AcceptanceRate,

    /// <summary>The wall-time limit (<see cref="Posteriors.SamplingLimits.MaxTime"/>).</summary>
    Time,
}
