namespace NeuroFit.Fitting;

/// <summary>What a search method hands back to <see cref="OptNeuron.Run"/>.</summary>
internal sealed record SearchOutcome(
    double[] BestValues, long BestTrialNumber, double BestLoss, double? BestStd, IReadOnlyList<string> Notes, double[,]? PosteriorSamples = null)
{
    /// <summary>Seconds spent by the optimiser proposing candidates.</summary>
    public double SuggestSeconds { get; init; }

    /// <summary>The search was stopped by the cancellation token before it finished.</summary>
    public bool Interrupted { get; init; }

    /// <summary>What ended the search.</summary>
    public StopReason StopReason { get; init; } = StopReason.MaxEvals;
}
