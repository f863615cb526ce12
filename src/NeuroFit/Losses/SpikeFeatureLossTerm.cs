using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Losses;

/// <summary>
/// CompNeuroPy's spike-feature loss (<c>get_spike_features_loss_of_chunk</c>, see
/// <see cref="SpikeFeatureLoss"/>): mean over the features of |difference| / diff_close, a feature missing in one
/// sweep counting diff_max and in both 0. Features are those of <see cref="SpikeFeatures"/> on the sweep's spike times.
/// The scales come from the target sweep as CompNeuroPy takes them from a chunk recorded every dt:
/// <c>(DurationMs − Dt)</c> ms and <c>(DurationMs/Dt − 1)</c> samples. Always computable; <see cref="MaxLoss"/> caps it.
/// </summary>
/// <param name="Features">Features to use; null = all six.</param>
/// <param name="MaxLoss">Cap. Default 1e6.</param>
public sealed record SpikeFeatureLossTerm(IReadOnlyList<SpikeFeature>? Features = null, double MaxLoss = 1e6) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "spike_features";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate)
    {
        var durationMs = Math.Max(0, target.DurationMs - target.Dt);
        var samples = Math.Max(0, Math.Round(target.DurationMs / target.Dt) - 1);
        var scale = new SpikeFeatureLoss(durationMs, samples);
        var loss = scale.Compute(SpikeFeatures.OfTimes(target.Spikes(Name)), SpikeFeatures.OfTimes(candidate.Spikes(Name)), Features);
        return LossGuards.Finite(loss, MaxLoss);
    }
}
