using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Losses;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

public class LossStatisticsTests
{
    private const string Config = """
        name: s
        model: Izhikevich2007
        target:
          model: {builtin: Izhikevich2007, set: {C: 80, k: 1.2}}
        experiment:
          dt: 0.1
          record: [v, spike]
          chunks:
            - [{duration: 20, set: {I_app: 0}}, {duration: 30, set: {I_app: 200}}]
            - [{duration: 40, set: {I_app: 100}}]
        loss:
          - {rmse: {variable: v, start: 20}, chunk: 0}
          - {van_rossum: 5, chunk: 1}
        parameters:
          C: [30, 300]
          k: [0.2, 3]
        method: sbi
        """;

    private static LossStatistics Statistics(IReadOnlyList<SweepData>? target)
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("c.yaml", Config)));
        return new LossStatistics(fit.Loss.Terms, fit.Plan, target);
    }

    /// <summary>Chunk 0: v = t (a ramp, 500 samples over 50 ms); chunk 1: the given spike times, 400 samples.</summary>
    private static List<SweepData> Sweeps(double[] spikes, double noise = 0, int seed = 0)
    {
        var rng = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var ramp = Enumerable.Range(0, 500).Select(k => k * 0.1 + noise * Gaussian()).ToArray();
        return
        [
            new SweepData { Dt = 0.1, Traces = new Dictionary<string, double[]> { ["v"] = ramp }, SpikeTimesMs = [] },
            new SweepData { Dt = 0.1, Traces = new Dictionary<string, double[]> { ["v"] = new double[400] }, SpikeTimesMs = spikes },
        ];
    }

    [Fact]
    public void TraceTermsGiveStretchMeansOverTheirWindowAndSpikeTermsTheCountAndPaddedTimes()
    {
        var x = Statistics(null).Of(Sweeps([3, 7.5, 12]));
        // rmse window 20–50 ms of chunk 0: three 10 ms stretches of v = t, samples at 20.0, 20.1, …, 29.9 → mean 24.95
        Assert.Equal(3 + 1 + LossStatistics.SpikeTimes, x.Length);
        Assert.Equal(24.95, x[0], 9);
        Assert.Equal(34.95, x[1], 9);
        Assert.Equal(44.95, x[2], 9);
        Assert.Equal(3, x[3]);
        Assert.Equal([3, 7.5, 12, 40, 40, 40, 40, 40], x[4..]); // missing spikes count as the window's end (40 ms)
    }

    [Fact]
    public void TheNoiseOfTheTargetIsEstimatedRobustlyDespiteSpikeJumps()
    {
        var rng = new Random(3);
        var trace = Enumerable.Range(0, 20_000).Select(k => -60 + 5 * Math.Sin(k / 500.0) + 0.7 * (Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()))).ToArray();
        for (var k = 100; k < trace.Length; k += 400) trace[k] = 30; // spikes: 50 jumps of 90 mV
        Assert.InRange(LossStatistics.NoiseSd(trace), 0.7 * 0.97, 0.7 * 1.03);
        Assert.Equal(0, LossStatistics.NoiseSd(Enumerable.Range(0, 100).Select(k => 0.1 * k).ToArray()), 12); // a noise-free ramp
    }

    [Fact]
    public void CandidatesGetTheTargetsNoiseScaledToTheirStretchesAndTheSameSeedGivesTheSameDraws()
    {
        var statistics = Statistics(Sweeps([], noise: 2, seed: 1));
        var clean = Sweeps([]);
        Assert.Equal(24.95, statistics.Of(clean)[0], 9); // without a noise source: as recorded (the target's statistics)
        var draws = Enumerable.Range(0, 4000).Select(_ => 0.0).ToArray();
        var rng = new Random(5);
        for (var i = 0; i < draws.Length; i++) draws[i] = statistics.Of(clean, rng)[0] - 24.95;
        var sd = Math.Sqrt(draws.Sum(d => d * d) / draws.Length);
        Assert.InRange(sd, 0.9 * 2 / Math.Sqrt(100), 1.1 * 2 / Math.Sqrt(100)); // σ/√samples, σ estimated from the target
        Assert.InRange(draws.Average(), -0.01, 0.01);
        Assert.Equal(statistics.Of(clean, new Random(9)), statistics.Of(clean, new Random(9)));
        Assert.All(statistics.Of(clean, rng)[4..], v => Assert.Equal(40, v)); // spike statistics get no noise
        var level = Assert.Single(statistics.NoiseLevels);
        Assert.StartsWith("v in chunk 0: ", level);
        Assert.InRange(double.Parse(level["v in chunk 0: ".Length..], System.Globalization.CultureInfo.InvariantCulture), 1.85, 2.15);
    }
}
