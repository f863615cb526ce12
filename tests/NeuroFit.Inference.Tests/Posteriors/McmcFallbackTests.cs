using NeuroFit.Inference.Posteriors;

namespace NeuroFit.Inference.Tests.Posteriors;

/// <summary>Slice-sampling MCMC (issue 15: sbi must not give up when the density estimator leaks out of the prior).</summary>
public class McmcFallbackTests(UnitSquareFixture fixture) : IClassFixture<UnitSquareFixture>
{
    private DirectPosterior With(PosteriorSampling how) =>
        new(fixture.Posterior.Estimator, fixture.Prior, null, new SamplingLimits { SampleWith = how, Mcmc = new McmcSettings { WarmupSteps = 50 } });

    [Fact]
    public void AutoSwitchesToMcmcWhereDirectDrawsMissTheSupport()
    {
        // at x_o = (4, 4) direct sampling gives up (RejectionAndLimitsTests); auto samples the restricted posterior instead
        var draws = With(PosteriorSampling.Auto).Draw(2000, [4, 4], seed: 1);
        Assert.Equal(PosteriorSampling.Mcmc, draws.Method);
        Assert.True(draws.AcceptanceRate < 1e-3, $"direct acceptance {draws.AcceptanceRate}");
        double sum0 = 0, sum1 = 0;
        for (var r = 0; r < 2000; r++)
        {
            Assert.True(fixture.Prior.InSupport([draws.Theta[r, 0], draws.Theta[r, 1]]));
            sum0 += draws.Theta[r, 0];
            sum1 += draws.Theta[r, 1];
        }
        // the restricted posterior at (4, 4) piles up at the corner (1, 1)
        Assert.True(sum0 / 2000 > 0.7 && sum1 / 2000 > 0.7, $"mean ({sum0 / 2000}, {sum1 / 2000})");
    }

    [Fact]
    public void AutoDrawsDirectlyWhenTheDrawsFallInside()
    {
        var draws = With(PosteriorSampling.Auto).Draw(1000, [0.5, 0.5], seed: 2);
        Assert.Equal(PosteriorSampling.Direct, draws.Method);
        Assert.True(draws.AcceptanceRate > 0.5);
    }

    [Fact]
    public void DirectStillRefusesWithTheLimitNamed()
    {
        var e = Assert.Throws<PosteriorSamplingException>(() => With(PosteriorSampling.Direct).Draw(1000, [4, 4], seed: 1));
        Assert.Equal(SamplingLimit.AcceptanceRate, e.Limit);
    }

    [Fact]
    public void McmcIsReproducibleWithItsSeed()
    {
        var a = With(PosteriorSampling.Mcmc).Sample(300, [0.3, 0.6], seed: 5);
        var b = With(PosteriorSampling.Mcmc).Sample(300, [0.3, 0.6], seed: 5);
        Assert.Equal(a, b);
    }

    [Fact]
    public void SliceSamplingATruncatedNormalGivesItsMeanAndVariance()
    {
        // N(0, 1) restricted to [−1, 2]: mean (φ(−1) − φ(2)) / (Φ(2) − Φ(−1)) = 0.229637, variance 0.519763
        static double[] LogDensity(double[,] x)
        {
            var result = new double[x.GetLength(0)];
            for (var r = 0; r < result.Length; r++)
                result[r] = x[r, 0] is >= -1 and <= 2 ? -0.5 * x[r, 0] * x[r, 0] : double.NegativeInfinity;
            return result;
        }
        var start = new double[20, 1];
        for (var c = 0; c < 20; c++) start[c, 0] = -0.9 + 0.14 * c;
        var samples = SliceSampler.Run(LogDensity, start, [0.3], 40_000, new McmcSettings { WarmupSteps = 100 }, new Random(3), () => { });
        var values = Enumerable.Range(0, 40_000).Select(r => samples[r, 0]).ToArray();
        Assert.All(values, v => Assert.InRange(v, -1, 2));
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.Equal(0.229637, mean, 0.02);
        Assert.Equal(0.519763, variance, 0.02);
    }
}
