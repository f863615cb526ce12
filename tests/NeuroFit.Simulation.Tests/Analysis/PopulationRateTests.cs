using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Simulation.Tests.Analysis;

public class PopulationRateTests
{
    [Fact]
    public void Two_spikes_give_one_adaptive_bin_and_a_constant_rate()
    {
        // Spikes at 0 and 100 ms, window [0, 100] = 0.1 s. Costs for n = 2…20 bins are (2/n + 4/n²)/0.01, min 11 at
        // n = 20, but with < 5 spikes the window stays one bin. Every sample window is [0, 0.1) holding 1 spike:
        // 1 / (0.1 s · 1 neuron) = 10 Hz; the added zero-rate points fall outside the window.
        var result = PopulationRate.Compute(new Dictionary<int, int[]> { [0] = [0, 100] })!;
        Assert.Equal(100, result.TimeMs.Length);
        Assert.Equal(0, result.TimeMs[0]);
        Assert.Equal(99, result.TimeMs[^1]);
        Assert.All(result.RateHz, r => Assert.Equal(10.0, r, 9));
        // A silent second neuron halves the rate per neuron.
        var two = PopulationRate.Compute(new Dictionary<int, int[]> { [0] = [0, 100], [1] = [] })!;
        Assert.All(two.RateHz, r => Assert.Equal(5.0, r, 9));
    }

    [Fact]
    public void Adaptive_rate_of_a_regular_population_is_its_firing_rate()
    {
        // 10 neurons, each every 20 ms (50 Hz), staggered by 2 ms.
        var spikes = Enumerable.Range(0, 10).ToDictionary(i => i, i => Enumerable.Range(0, 50).Select(k => 2 * i + 20 * k).ToArray());
        var result = PopulationRate.Compute(spikes, 0, 1000, 1)!;
        Assert.Equal(1000, result.TimeMs.Length);
        for (var k = 100; k < 900; k++) Assert.InRange(result.RateHz[k], 47, 53);
    }

    [Fact]
    public void Fixed_window_matches_hand_computed_histograms()
    {
        // Spikes at steps 0 and 10, window 10 ms, dt 1, [0, 20): bin shifts −5…4. Shifts ≤ 0 count one spike in each
        // bin (centres 0…5 and 10…15 → 100 Hz); shifts 1…4 count 10 in the first bin (centres 6…9 → 100 Hz) and
        // nothing in the second (centres 16…19 → 0).
        var result = PopulationRate.Compute(new Dictionary<int, int[]> { [0] = [0, 10] }, 0, 20, 1, tSmoothMs: 10)!;
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), result.TimeMs);
        Assert.Equal(Enumerable.Repeat(100.0, 16).Concat(Enumerable.Repeat(0.0, 4)), result.RateHz);
    }

    [Fact]
    public void Fewer_than_two_spikes_give_zeros_or_null()
    {
        var zeros = PopulationRate.Compute(new Dictionary<int, int[]> { [0] = [5] }, 0, 50, 0.5)!;
        Assert.Equal(100, zeros.RateHz.Length);
        Assert.All(zeros.RateHz, r => Assert.Equal(0.0, r));
        Assert.Null(PopulationRate.Compute(new Dictionary<int, int[]> { [0] = [5] }));
    }

    [Fact]
    public void Histogram_matches_numpy_binning()
    {
        // numpy.histogram([0, 0.1, 0.25, 0.5, 1.0], 4, range=(0, 1)) → [2, 1, 1, 1] (last bin closed).
        Assert.Equal(new double[] { 2, 1, 1, 1 }, AdaptiveBins.Histogram([0, 0.1, 0.25, 0.5, 1.0], 4, 0, 1));
        Assert.Equal(new double[] { 1, 1 }, AdaptiveBins.Histogram([-1, 0.2, 0.7, 2], 2, 0, 1));
    }
}
