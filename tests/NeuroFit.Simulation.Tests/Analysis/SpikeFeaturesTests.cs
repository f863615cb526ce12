using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Simulation.Tests.Analysis;

public class SpikeFeaturesTests
{
    [Fact]
    public void Features_of_three_spikes()
    {
        // Steps 10, 30, 70 at dt 0.5 → 5, 15, 35 ms; ISIs 10 and 20 ms: mean 15, population SD 5 → CV 1/3.
        var f = SpikeFeatures.OfSteps([10, 30, 70], 0.5);
        Assert.Equal(3, f.SpikeCount);
        Assert.Equal(5.0, f.TimeToFirstSpike);
        Assert.Equal(15.0, f.TimeToSecondSpike);
        Assert.Equal(35.0, f.TimeToThirdSpike);
        Assert.Equal(35.0, f.TimeToLastSpike);
        Assert.Equal(1.0 / 3.0, f.IsiCv!.Value, 15);
    }

    [Fact]
    public void Missing_features_are_null()
    {
        var none = SpikeFeatures.OfSteps([], 1);
        Assert.Equal(new SpikeFeatures(0, null, null, null, null, null), none);
        var one = SpikeFeatures.OfSteps([42], 1);
        Assert.Equal(new SpikeFeatures(1, 42, null, null, 42, null), one);
        var two = SpikeFeatures.OfSteps([10, 20], 1);
        Assert.Equal(0.0, two.IsiCv);
        Assert.Null(two.TimeToThirdSpike);
    }

    [Fact]
    public void Population_features_concatenate_ranks_like_compneuropy()
    {
        var f = SpikeFeatures.OfPopulation(new Dictionary<int, int[]> { [0] = [50], [1] = [10, 20] }, 1);
        Assert.Equal(3, f.SpikeCount);
        Assert.Equal(50.0, f.TimeToFirstSpike); // rank order, not time order (CompNeuroPy's raster order)
        Assert.Equal(20.0, f.TimeToLastSpike);
    }

    [Fact]
    public void Feature_names_round_trip_and_unknown_names_list_the_supported_ones()
    {
        foreach (var feature in Enum.GetValues<SpikeFeature>())
            Assert.Equal(feature, SpikeFeatures.Parse(SpikeFeatures.NameOf(feature)));
        var e = Assert.Throws<ArgumentException>(() => SpikeFeatures.Parse("isi_cv"));
        Assert.Contains("ISI_CV", e.Message);
    }

    [Fact]
    public void Spike_feature_loss_matches_hand_computation()
    {
        // A 1000-sample chunk at period 1 ms: time_lims (0, 999), idx_lims (0, 999) → 999 ms, 999 samples.
        var scale = SpikeFeatureLoss.FromPeriods([(0, 999, 0, 999)]);
        Assert.Equal(999, scale.DurationMs);
        Assert.Equal(5, scale.DiffClose(SpikeFeature.SpikeCount));       // ceil(999/200)
        Assert.Equal(50, scale.DiffClose(SpikeFeature.TimeToFirstSpike)); // clip(99.9, 5, 50)
        Assert.Equal(0.1, scale.DiffClose(SpikeFeature.IsiCv));
        Assert.Equal(999, scale.DiffMax(SpikeFeature.SpikeCount));
        Assert.Equal(1, scale.DiffMax(SpikeFeature.IsiCv));

        var a = new SpikeFeatures(3, 5, 15, 35, 35, 1.0 / 3.0);
        var b = new SpikeFeatures(1, 10, null, null, 10, null);
        // count 2/5 = 0.4; first 5/50 = 0.1; second and third missing in b: 999/50 = 19.98 each;
        // last 25/50 = 0.5; ISI_CV missing in b: 1/0.1 = 10 → sum 50.96, mean over 6 features.
        Assert.Equal(50.96 / 6, scale.Compute(a, b), 12);
        Assert.Equal(0.0, scale.Compute(b, b));
        Assert.Equal((0.4 + 10) / 2, scale.Compute(a, b, [SpikeFeature.SpikeCount, SpikeFeature.IsiCv]), 12);
    }

    [Fact]
    public void Spike_feature_loss_scales_sum_over_periods_and_short_chunks_stay_finite()
    {
        var scale = SpikeFeatureLoss.FromPeriods([(0, 499, 0, 499), (600, 999, 500, 899)]);
        Assert.Equal(898, scale.DurationMs);
        Assert.Equal(898, scale.DurationSamples);
        Assert.Equal(5, scale.DiffClose(SpikeFeature.SpikeCount));
        var empty = new SpikeFeatureLoss(0, 0);
        Assert.Equal(5, empty.DiffClose(SpikeFeature.TimeToLastSpike));
        Assert.True(double.IsFinite(empty.Compute(new SpikeFeatures(2, 0, 0, null, 0, 0), new SpikeFeatures(0, null, null, null, null, null))));
    }
}
