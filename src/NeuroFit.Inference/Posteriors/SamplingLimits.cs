namespace NeuroFit.Inference.Posteriors;

/// <summary>
/// When posterior sampling gives up with a <see cref="PosteriorSamplingException"/> instead of hanging: after
/// <see cref="MaxTime"/>, or once at least <see cref="MinDrawsBeforeRateCheck"/> draws were made and fewer than
/// <see cref="MinAcceptanceRate"/> of them fell inside the support.
/// </summary>
public sealed record SamplingLimits
{
    /// <summary>Wall-time limit of one sampling call.</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Smallest tolerated fraction of draws inside the support.</summary>
    public double MinAcceptanceRate { get; init; } = 1e-3;

    /// <summary>Draws made before the acceptance rate is judged.</summary>
    public int MinDrawsBeforeRateCheck { get; init; } = 10_000;

    /// <summary>Most draws taken from the estimator at once (sbi: 10,000).</summary>
    public int MaxBatchSize { get; init; } = 10_000;
}

/// <summary>Settings of <see cref="DirectPosterior.Map"/>.</summary>
public sealed record MapSettings
{
    /// <summary>Posterior draws scored to pick the starting points (sbi: 1,000).</summary>
    public int InitialSamples { get; init; } = 1000;

    /// <summary>Best draws refined by gradient ascent.</summary>
    public int Starts { get; init; } = 10;

    /// <summary>Adam iterations of the ascent.</summary>
    public int Iterations { get; init; } = 300;

    /// <summary>Adam step size in units of the spread of each θ dimension in the network's input space.</summary>
    public double LearningRate { get; init; } = 0.01;
}

/// <summary>A maximum-a-posteriori estimate.</summary>
/// <param name="Theta">The parameters.</param>
/// <param name="LogProb">log q(θ | x_o) there.</param>
public sealed record MapEstimate(double[] Theta, double LogProb);
