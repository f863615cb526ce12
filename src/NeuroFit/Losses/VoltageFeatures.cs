namespace NeuroFit.Losses;

/// <summary>The eFEL-style features NeuroFit computes from a voltage trace (eFEL's names in brackets).</summary>
public enum VoltageFeature
{
    /// <summary>Number of action potentials in the whole trace (<c>spike_count</c> / <c>Spikecount</c>).</summary>
    SpikeCount,
    /// <summary>1000 · n / (last peak − stimulus start) over peaks strictly inside the stimulus, Hz (<c>mean_frequency</c>).</summary>
    MeanFrequency,
    /// <summary>First peak at or after the stimulus start, minus the stimulus start, ms (<c>time_to_first_spike</c>).</summary>
    TimeToFirstSpike,
    /// <summary>Sample standard deviation / mean of the inter-peak intervals, the first interval dropped (<c>ISI_CV</c>).</summary>
    IsiCv,
    /// <summary>Per spike: peak voltage − voltage at the AP begin, mV (<c>AP_amplitude</c>).</summary>
    ApAmplitude,
    /// <summary>Per spike: minimum voltage after the peak (up to the next peak or the stimulus end) − voltage base, mV
    /// (<c>AHP_depth</c>).</summary>
    AhpDepth,
    /// <summary>Mean of (ISIₖ₊₁ − ISIₖ)/(ISIₖ₊₁ + ISIₖ) over the peaks in the stimulus after skipping the first ones
    /// (<c>adaptation_index</c>).</summary>
    AdaptationIndex,
    /// <summary>Mean voltage for t in [0.9, 1.0] · stimulus start, mV (<c>voltage_base</c>).</summary>
    VoltageBase,
}

/// <summary>eFEL's settings that the features use (defaults = eFEL's).</summary>
/// <param name="ThresholdMv">Spike detection threshold (eFEL <c>Threshold</c>, −20 mV).</param>
/// <param name="DerivativeThreshold">dV/dt that marks the AP begin, mV/ms (eFEL <c>DerivativeThreshold</c>, 10).</param>
/// <param name="DerivativeWindow">Samples in a row that must exceed the derivative threshold at the AP begin (5).</param>
/// <param name="StimulusStartMs">Stimulus start; null = 0.</param>
/// <param name="StimulusEndMs">Stimulus end; null = end of the trace.</param>
/// <param name="IgnoreFirstIsi">Drop the first ISI in ISI_CV (eFEL <c>ignore_first_ISI</c>, true).</param>
/// <param name="SpikeSkipFraction">Fraction of spikes skipped by adaptation_index (eFEL <c>spike_skipf</c>, 0.1).</param>
/// <param name="MaxSpikeSkip">At most this many spikes skipped (eFEL <c>max_spike_skip</c>, 2).</param>
/// <param name="VoltageBaseStart">voltage_base window start as a fraction of the stimulus start (0.9).</param>
/// <param name="VoltageBaseEnd">voltage_base window end as a fraction of the stimulus start (1.0).</param>
public sealed record VoltageFeatureSettings(
    double ThresholdMv = -20,
    double DerivativeThreshold = 10,
    int DerivativeWindow = 5,
    double? StimulusStartMs = null,
    double? StimulusEndMs = null,
    bool IgnoreFirstIsi = true,
    double SpikeSkipFraction = 0.1,
    int MaxSpikeSkip = 2,
    double VoltageBaseStart = 0.9,
    double VoltageBaseEnd = 1.0);

/// <summary>
/// eFEL-style feature extraction on a voltage trace sampled every dt ms (sample k at k·dt). Definitions follow eFEL's
/// documented pseudocode on the samples as given (eFEL first interpolates to 0.1 ms; NeuroFit does not), with dV/dt by
/// central differences (one-sided at the ends). A feature that cannot be computed (too few spikes, empty window) is
/// null; vector features (one value per spike) are returned per spike.
/// </summary>
public static class VoltageFeatures
{
    /// <summary>eFEL's name of a feature.</summary>
    public static string NameOf(VoltageFeature feature) => feature switch
    {
        VoltageFeature.SpikeCount => "spike_count",
        VoltageFeature.MeanFrequency => "mean_frequency",
        VoltageFeature.TimeToFirstSpike => "time_to_first_spike",
        VoltageFeature.IsiCv => "ISI_CV",
        VoltageFeature.ApAmplitude => "AP_amplitude",
        VoltageFeature.AhpDepth => "AHP_depth",
        VoltageFeature.AdaptationIndex => "adaptation_index",
        VoltageFeature.VoltageBase => "voltage_base",
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    /// <summary>Parses an eFEL feature name (exact spelling; <c>Spikecount</c> is accepted for spike_count).</summary>
    /// <exception cref="LossException">Unknown name; the message lists the supported names.</exception>
    public static VoltageFeature Parse(string name)
    {
        if (name == "Spikecount") return VoltageFeature.SpikeCount;
        foreach (var f in Enum.GetValues<VoltageFeature>())
            if (NameOf(f) == name) return f;
        throw new LossException(
            $"eFEL feature '{name}' is not supported; use one of {string.Join(", ", Enum.GetValues<VoltageFeature>().Select(NameOf))}");
    }

    /// <summary>The values of <paramref name="feature"/> (one for scalar features, one per spike for AP_amplitude
    /// and AHP_depth), or null when it cannot be computed.</summary>
    public static double[]? Compute(VoltageFeature feature, ReadOnlySpan<double> v, double dt, VoltageFeatureSettings? settings = null)
    {
        settings ??= new VoltageFeatureSettings();
        var aps = SpikeDetection.Find(v, settings.ThresholdMv);
        return Compute(feature, v, dt, settings, aps);
    }

    internal static double[]? Compute(VoltageFeature feature, ReadOnlySpan<double> v, double dt, VoltageFeatureSettings s, ActionPotential[] aps)
    {
        var stimStart = s.StimulusStartMs ?? 0;
        var stimEnd = s.StimulusEndMs ?? (v.Length - 1) * dt;
        var peakTimes = aps.Select(ap => ap.PeakIndex * dt).ToArray();
        switch (feature)
        {
            case VoltageFeature.SpikeCount:
                return [aps.Length];
            case VoltageFeature.MeanFrequency:
            {
                var inside = peakTimes.Where(t => t > stimStart && t < stimEnd).ToArray();
                if (inside.Length == 0 || !(inside[^1] > stimStart)) return null;
                return [1000.0 * inside.Length / (inside[^1] - stimStart)];
            }
            case VoltageFeature.TimeToFirstSpike:
            {
                var first = peakTimes.Where(t => t >= stimStart).Cast<double?>().FirstOrDefault();
                return first is { } f ? [f - stimStart] : null;
            }
            case VoltageFeature.IsiCv:
            {
                var isi = Differences(peakTimes).Skip(s.IgnoreFirstIsi ? 1 : 0).ToArray();
                if (isi.Length < 2) return null;
                var mean = isi.Average();
                var sd = Math.Sqrt(isi.Sum(x => (x - mean) * (x - mean)) / (isi.Length - 1));
                return mean > 0 ? [sd / mean] : null;
            }
            case VoltageFeature.AdaptationIndex:
            {
                var inStim = peakTimes.Where(t => t >= stimStart && t <= stimEnd).ToArray();
                var skip = Math.Min(s.MaxSpikeSkip, (int)Math.Round(inStim.Length * s.SpikeSkipFraction, MidpointRounding.ToEven));
                var isi = Differences(inStim.Skip(skip).ToArray());
                if (isi.Length < 2) return null;
                var ratios = new double[isi.Length - 1];
                for (var k = 0; k + 1 < isi.Length; k++) ratios[k] = (isi[k + 1] - isi[k]) / (isi[k + 1] + isi[k]);
                return [ratios.Average()];
            }
            case VoltageFeature.ApAmplitude:
            {
                if (aps.Length == 0) return null;
                var dvdt = Derivative(v, dt);
                var amplitudes = new double[aps.Length];
                var searchFrom = StimulusIndex(stimStart, dt, v.Length);
                for (var k = 0; k < aps.Length; k++)
                {
                    var from = k == 0 ? Math.Min(searchFrom, aps[0].CrossingIndex) : AhpIndex(v, aps, k - 1, v.Length);
                    amplitudes[k] = v[aps[k].PeakIndex] - v[ApBegin(dvdt, from, aps[k], s)];
                }
                return amplitudes;
            }
            case VoltageFeature.AhpDepth:
            {
                if (aps.Length == 0) return null;
                var baseline = VoltageBase(v, dt, stimStart, s);
                if (baseline is null) return null;
                var end = Math.Min(v.Length, StimulusIndex(stimEnd, dt, v.Length) + 1);
                var depths = new List<double>();
                for (var k = 0; k < aps.Length; k++)
                {
                    var stop = k + 1 < aps.Length ? aps[k + 1].PeakIndex : end;
                    if (stop <= aps[k].PeakIndex + 1) continue; // no sample after the peak to look at
                    depths.Add(v[AhpIndex(v, aps, k, end)] - baseline.Value);
                }
                return depths.Count == 0 ? null : depths.ToArray();
            }
            case VoltageFeature.VoltageBase:
                return VoltageBase(v, dt, stimStart, s) is { } vb ? [vb] : null;
            default:
                throw new ArgumentOutOfRangeException(nameof(feature));
        }
    }

    private static double? VoltageBase(ReadOnlySpan<double> v, double dt, double stimStart, VoltageFeatureSettings s)
    {
        double lo = s.VoltageBaseStart * stimStart, hi = s.VoltageBaseEnd * stimStart, sum = 0;
        var n = 0;
        for (var i = 0; i < v.Length; i++)
        {
            var t = i * dt;
            if (t < lo - 1e-9 || t > hi + 1e-9) continue;
            sum += v[i];
            n++;
        }
        return n == 0 ? null : sum / n;
    }

    /// <summary>Index of the minimum after spike k's peak, before the next peak (or <paramref name="end"/>).</summary>
    private static int AhpIndex(ReadOnlySpan<double> v, ActionPotential[] aps, int k, int end)
    {
        var from = aps[k].PeakIndex + 1;
        var stop = k + 1 < aps.Length ? aps[k + 1].PeakIndex : end;
        if (from >= stop) return aps[k].PeakIndex;
        var best = from;
        for (var i = from + 1; i < stop; i++)
            if (v[i] < v[best]) best = i;
        return best;
    }

    /// <summary>First index in [from, peak) where dV/dt exceeds the threshold for DerivativeWindow samples in a row;
    /// the threshold crossing when there is none.</summary>
    private static int ApBegin(double[] dvdt, int from, ActionPotential ap, VoltageFeatureSettings s)
    {
        var run = 0;
        for (var i = Math.Max(0, from); i < ap.PeakIndex; i++)
        {
            run = dvdt[i] > s.DerivativeThreshold ? run + 1 : 0;
            if (run >= s.DerivativeWindow) return i - s.DerivativeWindow + 1;
        }
        return ap.CrossingIndex;
    }

    private static double[] Derivative(ReadOnlySpan<double> v, double dt)
    {
        var d = new double[v.Length];
        if (v.Length < 2) return d;
        d[0] = (v[1] - v[0]) / dt;
        d[^1] = (v[^1] - v[^2]) / dt;
        for (var i = 1; i + 1 < v.Length; i++) d[i] = (v[i + 1] - v[i - 1]) / (2 * dt);
        return d;
    }

    private static int StimulusIndex(double timeMs, double dt, int length) =>
        Math.Clamp((int)Math.Ceiling(Math.Round(timeMs / dt, 9)), 0, Math.Max(0, length - 1));

    private static double[] Differences(double[] t)
    {
        var d = new double[Math.Max(0, t.Length - 1)];
        for (var i = 0; i < d.Length; i++) d[i] = t[i + 1] - t[i];
        return d;
    }
}
