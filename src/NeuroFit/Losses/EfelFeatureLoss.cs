namespace NeuroFit.Losses;

/// <summary>
/// eFEL-style feature loss with z-scoring, as BluePyOpt scores features: for each feature the score is
/// <c>mean_i |f_i − μ| / σ</c> over the candidate's values f_i (one per spike for AP_amplitude and AHP_depth), where μ
/// is the target value (the mean of the target trace's values, or <see cref="TargetValues"/>) and σ the feature's
/// scale (<see cref="Sigmas"/>, else <see cref="DefaultSigma"/>). Each score is capped at <see cref="MaxLoss"/>
/// (BluePyOpt's <c>max_score</c>, 250); the loss is the mean score over <see cref="Features"/>. A feature missing in
/// the candidate only (or in the target only) scores <see cref="MaxLoss"/>, in both 0. A candidate trace with NaN/±∞
/// or outside <see cref="ValidRangeMv"/> (CompNeuroPy's exploding-trace rule) scores <see cref="MaxLoss"/> for every
/// feature. So the loss lies in [0, MaxLoss].
/// </summary>
/// <param name="Features">Features to compare (at least one).</param>
/// <param name="Variable">The voltage variable (default <c>v</c>).</param>
/// <param name="Settings">eFEL settings (threshold, stimulus window, …).</param>
/// <param name="Sigmas">σ per feature; missing ones use <see cref="DefaultSigma"/>.</param>
/// <param name="TargetValues">Target value per feature instead of computing it from the target trace.</param>
/// <param name="ValidRangeMv">Voltage range outside which a candidate counts as exploded; null = no check.</param>
/// <param name="MaxLoss">Score cap and value of a missing feature (250).</param>
public sealed record EfelFeatureLoss(
    IReadOnlyList<VoltageFeature> Features,
    string Variable = "v",
    VoltageFeatureSettings? Settings = null,
    IReadOnlyDictionary<VoltageFeature, double>? Sigmas = null,
    IReadOnlyDictionary<VoltageFeature, double>? TargetValues = null,
    (double Min, double Max)? ValidRangeMv = null,
    double MaxLoss = 250) : ILossTerm
{
    /// <summary>CompNeuroPy's range outside which a voltage trace counts as exploded: [−200, 100] mV.</summary>
    public static readonly (double Min, double Max) CompNeuroPyValidRange = (-200, 100);

    /// <inheritdoc />
    public string Name => "efel";

    /// <summary>σ used when <see cref="Sigmas"/> has no entry: spike_count 1, mean_frequency 2 Hz,
    /// time_to_first_spike 5 ms, ISI_CV 0.1, AP_amplitude 5 mV, AHP_depth 5 mV, adaptation_index 0.05,
    /// voltage_base 2 mV.</summary>
    public static double DefaultSigma(VoltageFeature feature) => feature switch
    {
        VoltageFeature.SpikeCount => 1,
        VoltageFeature.MeanFrequency => 2,
        VoltageFeature.TimeToFirstSpike => 5,
        VoltageFeature.IsiCv => 0.1,
        VoltageFeature.ApAmplitude => 5,
        VoltageFeature.AhpDepth => 5,
        VoltageFeature.AdaptationIndex => 0.05,
        VoltageFeature.VoltageBase => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate) => ((ILossTerm)this).Bind(target).Compute(candidate);

    /// <summary>Computes the target's feature values once.</summary>
    public IBoundLossTerm Bind(SweepData target)
    {
        if (Features.Count == 0) throw new LossException("loss term 'efel' needs at least one feature");
        var settings = Settings ?? new VoltageFeatureSettings();
        var sigmas = Features.ToDictionary(f => f, f => Sigmas is not null && Sigmas.TryGetValue(f, out var s) ? s : DefaultSigma(f));
        foreach (var (f, s) in sigmas) LossGuards.CheckPositive(s, Name, $"sigma of {VoltageFeatures.NameOf(f)}");
        var targets = new Dictionary<VoltageFeature, double?>();
        double[]? trace = null;
        foreach (var f in Features)
        {
            if (TargetValues is not null && TargetValues.TryGetValue(f, out var given))
            {
                targets[f] = given;
                continue;
            }
            trace ??= target.Trace(Variable, Name);
            var values = VoltageFeatures.Compute(f, trace, target.Dt, settings);
            targets[f] = values is { Length: > 0 } ? values.Average() : null;
        }
        return new Bound(this, settings, sigmas, targets);
    }

    IBoundLossTerm ILossTerm.Bind(SweepData target) => Bind(target);

    private sealed class Bound(EfelFeatureLoss term, VoltageFeatureSettings settings, Dictionary<VoltageFeature, double> sigmas,
        Dictionary<VoltageFeature, double?> targets) : IBoundLossTerm
    {
        public ILossTerm Term => term;

        public double Compute(SweepData candidate)
        {
            var v = candidate.Trace(term.Variable, term.Name);
            if (Exploded(v)) return term.MaxLoss;
            var aps = SpikeDetection.Find(v, settings.ThresholdMv);
            var total = 0.0;
            foreach (var f in term.Features)
            {
                var values = VoltageFeatures.Compute(f, v, candidate.Dt, settings, aps);
                var t = targets[f];
                double score;
                if (values is not { Length: > 0 }) score = t is null ? 0 : term.MaxLoss;
                else if (t is null) score = term.MaxLoss;
                else score = values.Average(x => Math.Abs(x - t.Value)) / sigmas[f];
                total += LossGuards.Finite(score, term.MaxLoss);
            }
            return total / term.Features.Count;
        }

        private bool Exploded(double[] v)
        {
            var range = term.ValidRangeMv;
            foreach (var x in v)
            {
                if (!double.IsFinite(x)) return true;
                if (range is { } r && (x < r.Min || x > r.Max)) return true;
            }
            return false;
        }
    }
}
