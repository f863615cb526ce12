using NeuroFit.Losses;

namespace NeuroFit.Tests.Losses;

public class EfelFeatureTests
{
    private const double Dt = 0.1;

    /// <summary>
    /// A 300 ms trace at −70 mV with stereotyped spikes: from 1 ms before the peak a linear rise of 10 mV per sample to
    /// +30 mV, a fall of 11 mV per sample to −80 mV (1 ms), then a recovery of 0.2 mV per sample back to −70 mV (5 ms).
    /// </summary>
    internal static double[] SpikingTrace(params double[] peakTimes)
    {
        var v = Enumerable.Repeat(-70.0, 3000).ToArray();
        foreach (var peakTime in peakTimes)
        {
            var p = (int)Math.Round(peakTime / Dt);
            for (var k = 0; k <= 10; k++) v[p - 10 + k] = -70 + 10 * k;
            for (var k = 0; k <= 10; k++) v[p + k] = 30 - 11 * k;
            for (var k = 0; k <= 50; k++) v[p + 10 + k] = -80 + 0.2 * k;
        }
        return v;
    }

    private static readonly VoltageFeatureSettings Stimulus = new(StimulusStartMs: 100, StimulusEndMs: 300);

    private static double[]? Feature(VoltageFeature f, double[] v) => VoltageFeatures.Compute(f, v, Dt, Stimulus);

    [Fact]
    public void Features_of_a_hand_built_trace()
    {
        var v = SpikingTrace(120, 150, 190, 240);
        Assert.Equal(new[] { 4.0 }, Feature(VoltageFeature.SpikeCount, v));
        Assert.Equal(20.0, Feature(VoltageFeature.TimeToFirstSpike, v)![0], 9);
        Assert.Equal(1000.0 * 4 / 140, Feature(VoltageFeature.MeanFrequency, v)![0], 9);
        // ISIs 30, 40, 50 ms; the first dropped: 40 and 50 → sample SD √50, mean 45.
        Assert.Equal(Math.Sqrt(50) / 45, Feature(VoltageFeature.IsiCv, v)![0], 9);
        // No spike skipped (round(4·0.1) = 0): ((40−30)/70 + (50−40)/90)/2.
        Assert.Equal((10.0 / 70 + 10.0 / 90) / 2, Feature(VoltageFeature.AdaptationIndex, v)![0], 9);
        // AP begins where the rise starts (−70 mV); peaks at +30.
        Assert.Equal(new[] { 100.0, 100, 100, 100 }, Feature(VoltageFeature.ApAmplitude, v)!.Select(x => Math.Round(x, 9)));
        // AHP minimum −80 mV against the base −70 mV (mean over 90 … 100 ms).
        Assert.Equal(-70.0, Feature(VoltageFeature.VoltageBase, v)![0], 9);
        Assert.Equal(new[] { -10.0, -10, -10, -10 }, Feature(VoltageFeature.AhpDepth, v)!.Select(x => Math.Round(x, 9)));
    }

    [Fact]
    public void Features_needing_spikes_are_missing_on_a_silent_trace()
    {
        var v = SpikingTrace();
        Assert.Equal(new[] { 0.0 }, Feature(VoltageFeature.SpikeCount, v));
        Assert.Null(Feature(VoltageFeature.TimeToFirstSpike, v));
        Assert.Null(Feature(VoltageFeature.MeanFrequency, v));
        Assert.Null(Feature(VoltageFeature.IsiCv, v));
        Assert.Null(Feature(VoltageFeature.ApAmplitude, v));
        Assert.Null(Feature(VoltageFeature.AhpDepth, v));
        Assert.Null(Feature(VoltageFeature.AdaptationIndex, v));
        Assert.Equal(-70.0, Feature(VoltageFeature.VoltageBase, v)![0], 9);
    }

    private static SweepData Sweep(double[] v) => new() { Dt = Dt, Traces = new Dictionary<string, double[]> { ["v"] = v } };

    [Fact]
    public void Z_scored_loss_against_hand_values()
    {
        var target = Sweep(SpikingTrace(120, 150, 190, 240));
        var shifted = Sweep(SpikingTrace(125, 155, 195, 245));
        var loss = new EfelFeatureLoss([VoltageFeature.TimeToFirstSpike, VoltageFeature.SpikeCount], Settings: Stimulus);
        Assert.Equal(0.0, loss.Compute(target, target));
        Assert.Equal((5.0 / 5 + 0) / 2, loss.Compute(target, shifted), 9);           // |25 − 20| / 5 ms
        var silent = Sweep(SpikingTrace());
        Assert.Equal((250 + 4.0 / 1) / 2, loss.Compute(target, silent), 9);          // missing → 250; count |0 − 4| / 1
        Assert.Equal(0.0, loss.Compute(silent, silent));                               // missing in both → 0
        var custom = loss with { Sigmas = new Dictionary<VoltageFeature, double> { [VoltageFeature.TimeToFirstSpike] = 2.5 } };
        Assert.Equal(1.0, custom.Compute(target, shifted), 9);
        var given = loss with { TargetValues = new Dictionary<VoltageFeature, double> { [VoltageFeature.TimeToFirstSpike] = 30, [VoltageFeature.SpikeCount] = 4 } };
        Assert.Equal((5.0 / 5 + 0) / 2, given.Compute(silent, shifted), 9);
    }

    [Fact]
    public void Exploding_candidates_score_the_maximum()
    {
        var target = Sweep(SpikingTrace(120));
        var wild = SpikingTrace(120);
        wild[2000] = 150;
        var loss = new EfelFeatureLoss([VoltageFeature.SpikeCount], ValidRangeMv: EfelFeatureLoss.CompNeuroPyValidRange);
        Assert.Equal(250.0, loss.Compute(target, Sweep(wild)));
        wild[2000] = double.NaN;
        Assert.Equal(250.0, new EfelFeatureLoss([VoltageFeature.SpikeCount]).Compute(target, Sweep(wild)));
    }

    [Fact]
    public void Feature_names_parse_and_unknown_ones_are_listed()
    {
        foreach (var f in Enum.GetValues<VoltageFeature>()) Assert.Equal(f, VoltageFeatures.Parse(VoltageFeatures.NameOf(f)));
        Assert.Equal(VoltageFeature.SpikeCount, VoltageFeatures.Parse("Spikecount"));
        Assert.Contains("AHP_depth", Assert.Throws<LossException>(() => VoltageFeatures.Parse("ahp")).Message);
    }

    [Fact]
    public void Spike_detection_finds_threshold_crossings_and_peaks()
    {
        var aps = SpikeDetection.Find(SpikingTrace(120, 150), -20);
        Assert.Equal(2, aps.Length);
        Assert.Equal(1200, aps[0].PeakIndex);
        Assert.Equal(1195, aps[0].CrossingIndex);
        Assert.Equal(new[] { 120.0, 150.0 }, SpikeDetection.PeakTimes(SpikingTrace(120, 150), Dt));
    }
}
