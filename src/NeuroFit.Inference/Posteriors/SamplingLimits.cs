namespace NeuroFit.Inference.Posteriors;

/// <summary>
/// How posterior sampling draws (<see cref="SampleWith"/>) and when it gives up with a
/// <see cref="PosteriorSamplingException"/> instead of hanging: after <see cref="MaxTime"/>, or, drawing directly, once
/// at least <see cref="MinDrawsBeforeRateCheck"/> draws were made and fewer than <see cref="MinAcceptanceRate"/> of them
/// fell inside the support (with <see cref="PosteriorSampling.Auto"/> that switches to MCMC instead).
/// </summary>
public sealed record SamplingLimits
{
    /// <summary>Direct draws with rejection (sbi's default), MCMC on the posterior restricted to the support (sbi's
    /// <c>sample_with="mcmc"</c>), or direct with MCMC when the acceptance is too low.</summary>
    public PosteriorSampling SampleWith { get; init; } = PosteriorSampling.Direct;

    /// <summary>Settings of the MCMC sampler.</summary>
    public McmcSettings Mcmc { get; init; } = new();

    /// <summary>Wall-time limit of one sampling call.</summary>
    public TimeSpan MaxTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Smallest tolerated fraction of draws inside the support.</summary>
    public double MinAcceptanceRate { get; init; } = 1e-3;

    /// <summary>Draws made before the acceptance rate is judged.</summary>
    public int MinDrawsBeforeRateCheck { get; init; } = 10_000;

    /// <summary>Most draws taken from the estimator at once (sbi: 10,000).</summary>
    public int MaxBatchSize { get; init; } = 10_000;
}

/// <summary>How <see cref="DirectPosterior.Sample"/> draws.</summary>
public enum PosteriorSampling
{
    /// <summary>Draws from the estimator, those outside the support rejected; too low an acceptance throws.</summary>
    Direct,

    /// <summary>Slice-sampling MCMC on q(θ | x_o)·1[θ in the support].</summary>
    Mcmc,

    /// <summary>Direct; when fewer than <see cref="SamplingLimits.MinAcceptanceRate"/> of the draws fall inside the
    /// support, MCMC instead (the draws kept so far are discarded, so every draw comes from one sampler).</summary>
    Auto,
}

/// <summary>
/// Slice-sampling MCMC (sbi's <c>slice_np_vectorized</c> defaults: 20 chains, 200 warm-up sweeps, no thinning,
/// chains started by sampling-importance-resampling from the prior).
/// </summary>
public sealed record McmcSettings
{
    /// <summary>Chains run side by side; the draws interleave them.</summary>
    public int Chains { get; init; } = 20;

    /// <summary>Sweeps over all coordinates discarded at the start of each chain; the bracket widths are tuned in them.</summary>
    public int WarmupSteps { get; init; } = 200;

    /// <summary>Keep every Thin-th sweep.</summary>
    public int Thin { get; init; } = 1;

    /// <summary>Prior draws weighted by the posterior to pick the chains' starting points (sbi: 10,000).</summary>
    public int InitialCandidates { get; init; } = 10_000;

    /// <summary>Most widenings of a bracket end during stepping out.</summary>
    public int MaxStepOut { get; init; } = 50;

    internal void Validate()
    {
        if (Chains < 1 || WarmupSteps < 0 || Thin < 1 || InitialCandidates < 1 || MaxStepOut < 0)
            throw new InferenceException($"MCMC settings need Chains ≥ 1, WarmupSteps ≥ 0, Thin ≥ 1, InitialCandidates ≥ 1 and MaxStepOut ≥ 0 " +
                $"(got {Chains}, {WarmupSteps}, {Thin}, {InitialCandidates}, {MaxStepOut}).");
    }
}

/// <summary>Posterior draws and how they were made.</summary>
/// <param name="Theta">The draws, one per row.</param>
/// <param name="Method">The sampler that made them: <see cref="PosteriorSampling.Direct"/> or <see cref="PosteriorSampling.Mcmc"/>.</param>
/// <param name="Proposed">Direct draws taken from the estimator (0 when MCMC was chosen from the start).</param>
/// <param name="Accepted">Of those, inside the support.</param>
public sealed record PosteriorDraws(double[,] Theta, PosteriorSampling Method, long Proposed, long Accepted)
{
    /// <summary>Fraction of the direct draws inside the support (NaN when none were taken).</summary>
    public double AcceptanceRate => Proposed == 0 ? double.NaN : (double)Accepted / Proposed;
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
