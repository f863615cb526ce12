using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Samplers.Tpe;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>field-anchors §2.1 test vectors and laws of hyperopt's estimators.</summary>
public class HyperoptParzenTests
{
    [Fact]
    public void AdaptiveParzenNormalMatchesTheReferenceVector()
    {
        var mix = new ParzenMixture();
        HyperoptParzen.AdaptiveParzenNormal([1.0, 2.0, 2.5, 7.0, 9.5], 1.0, 5.0, 10.0, 25, mix, new TpeScratch());
        Assert.Equal(6, mix.Count);
        Assert.Equal([1, 2, 2.5, 5, 7, 9.5], mix.M.ToArray());
        var expectedSigmas = new[] { 1.428571, 1.428571, 2.5, 10, 2.5, 2.5 };
        for (var i = 0; i < 6; i++) Assert.Equal(expectedSigmas[i], mix.Sigmas[i], 6);
        foreach (var w in mix.W) Assert.Equal(1.0 / 6, w, 12);
        Assert.Equal(3, mix.PriorPos);
    }

    [Fact]
    public void AdaptiveParzenNormalEdgeCasesFollowHyperopt()
    {
        var mix = new ParzenMixture();
        var s = new TpeScratch();
        HyperoptParzen.AdaptiveParzenNormal([], 1.0, 5.0, 10.0, 25, mix, s);
        Assert.Equal([5.0], mix.M.ToArray());
        Assert.Equal([10.0], mix.S.ToArray());
        // one observation above the prior mean: prior first, observation sigma = prior_sigma / 2 (then clipped to ≥ 10/3)
        HyperoptParzen.AdaptiveParzenNormal([8.0], 1.0, 5.0, 10.0, 25, mix, s);
        Assert.Equal([5.0, 8.0], mix.M.ToArray());
        Assert.Equal([10.0, 5.0], mix.S.ToArray());
        HyperoptParzen.AdaptiveParzenNormal([5.0], 1.0, 5.0, 10.0, 25, mix, s);
        Assert.Equal(1, mix.PriorPos); // prior_mu < obs is false on equality
        // prior weight 2 with two observations: weights 1, 2, 1 normalised
        HyperoptParzen.AdaptiveParzenNormal([1.0, 9.0], 2.0, 5.0, 10.0, 25, mix, s);
        Assert.Equal([0.25, 0.5, 0.25], mix.W.ToArray());
    }

    [Theory]
    [InlineData(20, 2, 2)]
    [InlineData(21, 2, 3)]
    [InlineData(36, 2, 4)]
    [InlineData(100, 3, 10)]
    [InlineData(400, 5, 25)]
    [InlineData(1000, 8, 25)]
    public void SplitSizesMatchBothReferences(int n, int hyperopt, int optuna)
    {
        Assert.Equal(hyperopt, TpeSettings.Hyperopt().BelowCount(n));
        Assert.Equal(optuna, TpeSettings.Optuna().BelowCount(n));
    }

    [Fact]
    public void LinearForgettingWeightsForN27()
    {
        var w = new double[27];
        HyperoptParzen.LinearForgettingWeights(27, 25, w);
        Assert.Equal(1.0 / 27, w[0], 12);
        Assert.Equal(0.037, w[0], 3);
        for (var i = 1; i < 27; i++) Assert.Equal(1.0, w[i]);
        var few = new double[10];
        HyperoptParzen.LinearForgettingWeights(10, 25, few);
        Assert.All(few, v => Assert.Equal(1.0, v));
    }

    [Fact]
    public void ForgettingWeightsFollowTheObservationsThroughTheSort()
    {
        // 30 observations given in trial order with decreasing values: the oldest (largest value) gets weight 1/30
        var obs = Enumerable.Range(0, 30).Select(i => 30.0 - i).ToArray();
        var mix = new ParzenMixture();
        HyperoptParzen.AdaptiveParzenNormal(obs, 1.0, 15.25, 40, 25, mix, new TpeScratch());
        var lf = new double[30];
        HyperoptParzen.LinearForgettingWeights(30, 25, lf);
        var total = lf.Sum() + 1.0;
        for (var k = 0; k < mix.Count; k++)
        {
            if (k == mix.PriorPos) { Assert.Equal(1.0 / total, mix.Weights[k], 12); continue; }
            var tid = (int)(30 - mix.Mus[k]);
            Assert.Equal(lf[tid] / total, mix.Weights[k], 12);
        }
    }

    [Fact]
    public void TruncatedMixtureDensityIntegratesToOne()
    {
        var mix = new ParzenMixture();
        var s = new TpeScratch();
        HyperoptParzen.AdaptiveParzenNormal([1.0, 2.0, 2.5, 7.0, 9.5], 1.0, 5.0, 10.0, 25, mix, s);
        var cache = new HyperoptParzen.LpdfCache();
        cache.Prepare(mix, 0, 10, false);
        var terms = new double[16];
        double integral = 0;
        const int steps = 20000;
        for (var i = 0; i < steps; i++)
        {
            var x = (i + 0.5) * 10.0 / steps;
            integral += Math.Exp(HyperoptParzen.Lpdf(x, mix, cache, 0, 10, null, false, terms)) * 10.0 / steps;
        }
        Assert.Equal(1.0, integral, 4);
    }

    [Fact]
    public void QuantisedMixtureProbabilitiesSumToOneOverTheGrid()
    {
        var mix = new ParzenMixture();
        HyperoptParzen.AdaptiveParzenNormal([1.0, 3.0, 3.0, 8.0], 1.0, 5.0, 10.0, 25, mix, new TpeScratch());
        var cache = new HyperoptParzen.LpdfCache();
        cache.Prepare(mix, 0, 10, false);
        var terms = new double[16];
        var sum = Enumerable.Range(0, 11).Sum(v => Math.Exp(HyperoptParzen.Lpdf(v, mix, cache, 0, 10, 1.0, false, terms)));
        Assert.Equal(1.0, sum, 9);
    }

    [Fact]
    public void RejectionSamplesStayInsideHalfOpenBoundsAndAreQuantised()
    {
        var mix = new ParzenMixture();
        HyperoptParzen.AdaptiveParzenNormal([0.1, 0.2, 9.9], 1.0, 5.0, 10.0, 25, mix, new TpeScratch());
        var rng = new Rng(3);
        for (var i = 0; i < 2000; i++)
        {
            var x = HyperoptParzen.Sample(mix, 0, 10, null, false, rng);
            Assert.True(x >= 0 && x < 10);
            var q = HyperoptParzen.Sample(mix, 0, 10, 0.5, false, rng);
            Assert.Equal(0, q % 0.5, 12);
            var l = HyperoptParzen.Sample(mix, Math.Log(0.1), Math.Log(10), null, true, rng);
            Assert.InRange(l, 0.1, 10);
        }
    }

    [Fact]
    public void CategoricalPseudocountsAddThePriorWeightPerCategory()
    {
        var p = new double[3];
        HyperoptParzen.CategoricalProbabilities([0.0, 0.0, 2.0], 3, 1.0, 25, p, new TpeScratch());
        Assert.Equal([3.0 / 6, 1.0 / 6, 2.0 / 6], p);
    }
}

public class NormalMathTests
{
    [Fact]
    public void SimdExpMatchesMathExpToOneInTenToThe15()
    {
        for (var x = -40.0; x <= 0; x += 0.0137)
        {
            var v = NeuroFit.Optimization.Numerics.NormalMath.ExpNonPositive(System.Runtime.Intrinsics.Vector256.Create(x, x / 2, x / 3, 0));
            Assert.Equal(1.0, v[0] / Math.Exp(x), 14);
            Assert.Equal(1.0, v[1] / Math.Exp(x / 2), 14);
            Assert.Equal(1.0, v[2] / Math.Exp(x / 3), 14);
            Assert.Equal(1.0, v[3]);
        }
    }

    [Fact]
    public void LogSumExpEqualsTheDirectSum()
    {
        var xs = Enumerable.Range(0, 1001).Select(i => Math.Sin(i) * 30 - 5).ToArray();
        var direct = Math.Log(xs.Sum(Math.Exp));
        Assert.Equal(direct, NeuroFit.Optimization.Numerics.NormalMath.LogSumExp(xs), 12);
        Assert.Equal(double.NegativeInfinity, NeuroFit.Optimization.Numerics.NormalMath.LogSumExp([double.NegativeInfinity, double.NegativeInfinity]));
    }
}

public class WindowedDensityTests
{
    [Fact]
    public void WindowedDensityEqualsTheFullSumOnLargeMixtures()
    {
        var rng = new NeuroFit.Optimization.Numerics.Rng(5);
        var obs = Enumerable.Range(0, 900).Select(_ => rng.NextDouble() < 0.2 ? rng.Uniform(-10, 10) : rng.NextGaussian() * 0.5 + 3).ToArray();
        var mix = new NeuroFit.Optimization.Samplers.Tpe.ParzenMixture();
        NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.AdaptiveParzenNormal(obs, 1, 0, 20, 25, mix, new NeuroFit.Optimization.Samplers.Tpe.TpeScratch());
        var cache = new NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.LpdfCache();
        cache.Prepare(mix, -10, 10, false);
        Assert.True(cache.Windowed);
        var terms = new double[mix.Count];
        for (var x = -10.0; x < 10; x += 0.0731)
        {
            double full = 0;
            for (var k = 0; k < mix.Count; k++)
            {
                var z = (x - mix.Mus[k]) * cache.InvSigma[k];
                full += Math.Exp(-0.5 * z * z + cache.LogCoef[k]);
            }
            var windowed = NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.Lpdf(x, mix, cache, -10, 10, null, false, terms);
            Assert.Equal(Math.Log(full), windowed, 12);
        }
    }
}
