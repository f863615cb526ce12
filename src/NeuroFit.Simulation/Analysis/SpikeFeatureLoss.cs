namespace NeuroFit.Simulation.Analysis;

/// <summary>
/// CompNeuroPy's <c>get_spike_features_loss_of_chunk</c>: the mean over the chosen features of
/// <c>|f₁ − f₂| / diff_close</c>, where a feature missing in both results counts 0 and a feature missing in one counts
/// <c>diff_max</c>. The scales come from the chunk's recorded duration:
/// <list type="bullet">
/// <item><c>diff_max</c>: spike_count = duration in samples; spike times = duration in ms; ISI_CV = 1.</item>
/// <item><c>diff_close</c>: spike_count = ceil(ms / 200) (at least 1, see remarks); spike times =
/// clip(0.1 · ms, 5, 50); ISI_CV = 0.1.</item>
/// </list>
/// </summary>
/// <remarks>CompNeuroPy takes the duration as the sum over the chunk's recording periods of
/// <c>stop − start</c> of <c>time_lims</c> (ms) and of <c>idx_lims</c> (samples); for one period of n samples
/// recorded every p ms that is <c>(n − 1)·p</c> ms and <c>n − 1</c> samples. <see cref="FromPeriods"/> does that sum.
/// CompNeuroPy divides by zero for a chunk shorter than one sample; here the spike-count scale is at least 1 so the
/// loss stays finite.</remarks>
/// <param name="DurationMs">Recorded duration of the chunk in ms.</param>
/// <param name="DurationSamples">Recorded duration of the chunk in samples.</param>
public sealed record SpikeFeatureLoss(double DurationMs, double DurationSamples)
{
    /// <summary>All features, in CompNeuroPy's default order.</summary>
    public static IReadOnlyList<SpikeFeature> AllFeatures { get; } = Enum.GetValues<SpikeFeature>();

    /// <summary>Scales from the recording periods of a chunk, each given by its time limits (ms) and index
    /// limits (samples), as CompNeuroPy's <c>RecordingTimes.time_lims</c> / <c>idx_lims</c> per period.</summary>
    public static SpikeFeatureLoss FromPeriods(IEnumerable<(double StartMs, double StopMs, int StartIndex, int StopIndex)> periods)
    {
        ArgumentNullException.ThrowIfNull(periods);
        double ms = 0, samples = 0;
        foreach (var p in periods)
        {
            ms += Math.Abs(p.StopMs - p.StartMs);
            samples += Math.Abs(p.StopIndex - p.StartIndex);
        }
        return new SpikeFeatureLoss(ms, samples);
    }

    /// <summary>The plausible maximum difference of a feature.</summary>
    public double DiffMax(SpikeFeature feature) => feature switch
    {
        SpikeFeature.SpikeCount => DurationSamples,
        SpikeFeature.IsiCv => 1.0,
        _ => DurationMs,
    };

    /// <summary>The difference that counts as "close" (the unit of the loss) for a feature.</summary>
    public double DiffClose(SpikeFeature feature) => feature switch
    {
        SpikeFeature.SpikeCount => Math.Max(1.0, Math.Ceiling(DurationMs / 200.0)),
        SpikeFeature.IsiCv => 0.1,
        _ => Math.Clamp(DurationMs * 0.1, 5.0, 50.0),
    };

    /// <summary>The loss between two feature sets (mean over <paramref name="features"/>, default all six).</summary>
    /// <exception cref="ArgumentException">An empty feature list.</exception>
    public double Compute(SpikeFeatures first, SpikeFeatures second, IReadOnlyList<SpikeFeature>? features = null)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        features ??= AllFeatures;
        if (features.Count == 0) throw new ArgumentException("the feature list is empty", nameof(features));
        var loss = 0.0;
        foreach (var f in features)
        {
            var a = first.Get(f);
            var b = second.Get(f);
            var diff = (a, b) switch
            {
                (null, null) => 0.0,
                (null, _) or (_, null) => DiffMax(f),
                _ => Math.Abs(a.Value - b.Value),
            };
            loss += diff / DiffClose(f);
        }
        return loss / features.Count;
    }
}
