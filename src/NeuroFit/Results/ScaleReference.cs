namespace NeuroFit.Results;

/// <summary>
/// Losses that give the best loss its scale: the centre of the bounds (where a fit without information would start)
/// and a fixed sample of random candidates (what guessing achieves). A best loss far below both is a real fit; one close
/// to the random median is not. With known true parameters, their loss is the floor a perfect fit reaches.
/// </summary>
public sealed record ScaleReference
{
    /// <summary>Loss at the centre of every range (+∞ when that evaluation failed).</summary>
    public required double CentreLoss { get; init; }

    /// <summary>Loss components at the centre (the terms of a config loss), in the order of <see cref="FitSummary.LossTerms"/>.</summary>
    public IReadOnlyList<double> CentreComponents { get; init; } = [];

    /// <summary>Why the centre evaluation failed, or null.</summary>
    public string? CentreFailure { get; init; }

    /// <summary>Random candidates behind <see cref="RandomMedian"/> and <see cref="RandomBest"/> (0: not computed).</summary>
    public required int RandomCount { get; init; }

    /// <summary>How many of them failed (counted as +∞ in the median).</summary>
    public int RandomFailed { get; init; }

    /// <summary>Median loss of the random candidates, failures counted as +∞.</summary>
    public double? RandomMedian { get; init; }

    /// <summary>Lowest loss of the random candidates (null when all failed or none ran).</summary>
    public double? RandomBest { get; init; }

    /// <summary>Where the random candidates come from, in words (a separate batch with its seed, or the fit's first evaluations).</summary>
    public required string RandomSource { get; init; }

    /// <summary>
    /// Loss of the true parameters, when every fitted parameter has a known value (null otherwise): the floor that noise
    /// in the data or a model mismatch sets. A best loss at this level is as good as the data allow.
    /// </summary>
    public double? TrueLoss { get; init; }

    /// <summary>Loss components at the true parameters (empty when <see cref="TrueLoss"/> is null or failed).</summary>
    public IReadOnlyList<double> TrueComponents { get; init; } = [];

    /// <summary>Seconds spent on the extra evaluations (not part of the fit's time).</summary>
    public double Seconds { get; init; }
}
