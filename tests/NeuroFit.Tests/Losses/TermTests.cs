using NeuroFit.Losses;
using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Tests.Losses;

public class TermTests
{
    private static SweepData Trace(double dt, params double[] v) => new() { Dt = dt, Traces = new Dictionary<string, double[]> { ["v"] = v } };

    private static SweepData Spikes(double duration, params double[] t) => new() { Dt = 1, SpikeTimesMs = t, DurationMs = duration };

    [Fact]
    public void Rmse_and_mse_with_and_without_window()
    {
        var target = Trace(1, 0, 0, 0, 0);
        var candidate = Trace(1, 1, 1, 1, 3);
        Assert.Equal(Math.Sqrt(3), new RmseLoss("v").Compute(target, candidate), 14);
        Assert.Equal(3.0, new MseLoss("v").Compute(target, candidate), 14);
        Assert.Equal(1.0, new RmseLoss("v", new TimeWindow(1, 3)).Compute(target, candidate), 14); // samples at 1 and 2 ms
        Assert.Equal(Math.Sqrt(5), new RmseLoss("v", new TimeWindow(2, null)).Compute(target, candidate), 14);
    }

    [Fact]
    public void Exploding_candidate_gives_the_maximum()
    {
        var target = Trace(1, 0, 0);
        Assert.Equal(1e6, new RmseLoss("v").Compute(target, Trace(1, 0, double.NaN)));
        Assert.Equal(1e6, new RmseLoss("v").Compute(target, Trace(1, 0, double.PositiveInfinity)));
        Assert.Equal(7.0, new MseLoss("v", MaxLoss: 7).Compute(target, Trace(1, 0, 100)));
    }

    [Fact]
    public void Configuration_mistakes_are_clear_loss_exceptions()
    {
        var missing = Assert.Throws<LossException>(() => new RmseLoss("u").Compute(Trace(1, 0), Trace(1, 0)));
        Assert.Contains("'u'", missing.Message);
        Assert.Contains("'v'", missing.Message);
        var lengths = Assert.Throws<LossException>(() => new RmseLoss("v").Compute(Trace(1, 0, 0, 0), Trace(1, 0, 0)));
        Assert.Contains("3 samples", lengths.Message);
        Assert.Contains("has 2", lengths.Message);
        var dt = Assert.Throws<LossException>(() => new RmseLoss("v").Compute(Trace(1, 0), Trace(0.5, 0)));
        Assert.Contains("resample", dt.Message);
        var noSpikes = Assert.Throws<LossException>(() => new SpikeCountLoss().Compute(Trace(1, 0), Trace(1, 0)));
        Assert.Contains("record 'spike'", noSpikes.Message);
        Assert.Throws<LossException>(() => new VanRossumLoss(0).Compute(Spikes(10), Spikes(10)));
    }

    [Fact]
    public void Spike_count_difference_with_window()
    {
        Assert.Equal(2.0, new SpikeCountLoss().Compute(Spikes(10, 1, 2, 3), Spikes(10, 1)));
        Assert.Equal(2.0, new SpikeCountLoss(new TimeWindow(1.5)).Compute(Spikes(10, 1, 2, 3), Spikes(10, 1)));
        Assert.Equal(0.0, new SpikeCountLoss(new TimeWindow(null, 1.5)).Compute(Spikes(10, 1, 2, 3), Spikes(10, 1)));
    }

    [Fact]
    public void Spike_distance_terms_use_the_window()
    {
        Assert.Equal(1.0, new VanRossumLoss(5).Compute(Spikes(100, 10), Spikes(100)), 14);
        Assert.Equal(0.0, new VanRossumLoss(5, new TimeWindow(20)).Compute(Spikes(100, 10), Spikes(100)), 14);
        Assert.Equal(1.1, new VictorPurpuraLoss(0.1).Compute(Spikes(100, 0, 10), Spikes(100, 1, 20)), 12);
    }

    [Fact]
    public void CompNeuroPy_spike_feature_term_uses_the_target_chunk_length()
    {
        // Target: 1000 samples at dt 1 → CompNeuroPy scales of 999 ms and 999 samples (see SpikeFeaturesTests).
        var target = new SweepData { Dt = 1, DurationMs = 1000, SpikeTimesMs = [5, 15, 35] };
        var candidate = new SweepData { Dt = 1, DurationMs = 1000, SpikeTimesMs = [10] };
        // count 2/5; first 5/50; second, third missing 999/50 each; last 25/50; ISI_CV: target 1/3, candidate missing → 10.
        Assert.Equal(50.96 / 6, new SpikeFeatureLossTerm().Compute(target, candidate), 12);
        Assert.Equal((0.4 + 0.1) / 2, new SpikeFeatureLossTerm([SpikeFeature.SpikeCount, SpikeFeature.TimeToFirstSpike]).Compute(target, candidate), 12);
    }

    [Fact]
    public void Weighted_sum_over_chunks()
    {
        SweepData Chunk(double[] v, params double[] spikes) => new() { Dt = 1, Traces = new Dictionary<string, double[]> { ["v"] = v }, SpikeTimesMs = spikes };
        SweepData[] target = [Chunk([0, 0], 1), Chunk([0, 0], 1, 2, 3)];
        SweepData[] candidate = [Chunk([3, 3]), Chunk([4, 4], 1)];
        var loss = new LossFunction([
            new WeightedTerm(new RmseLoss("v")),                        // 3 + 4
            new WeightedTerm(new SpikeCountLoss(), Weight: 0.5, Chunk: 1), // 0.5 · |3 − 1|
        ]);
        var breakdown = loss.Bind(target).Breakdown(candidate);
        Assert.Equal(new[] { 7.0, 1.0 }, breakdown.Terms);
        Assert.Equal(8.0, breakdown.Total);
        Assert.Equal(8.0, loss.Compute(target, candidate));
        var badChunk = Assert.Throws<LossException>(() => new LossFunction([new WeightedTerm(new RmseLoss("v"), Chunk: 2)]).Bind(target));
        Assert.Contains("chunk 2", badChunk.Message);
        Assert.Contains("2 chunk(s)", badChunk.Message);
        Assert.Throws<LossException>(() => loss.Bind(target).Compute([candidate[0]]));
        Assert.Throws<LossException>(() => new LossFunction([new WeightedTerm(new RmseLoss("v"), Weight: -1)]));
        Assert.Throws<LossException>(() => new LossFunction([]));
    }
}
