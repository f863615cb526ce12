using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers.Tpe;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>Optuna v4.9 bandwidth rule (field-anchors §2.2 vector) and normalisation laws of the truncated kernels.</summary>
public class OptunaParzenTests
{
    private static OptunaEstimator Fit(double[] obs, OptunaDim dim, bool multivariate = false)
    {
        var est = new OptunaEstimator([dim]);
        est.Fit(obs.Select(v => new[] { v }).ToList(), 1.0, multivariate, 25, new TpeScratch());
        return est;
    }

    [Fact]
    public void UnivariateBandwidthsMatchTheV49Vector()
    {
        var est = Fit([1.0, 2.0, 2.5, 7.0, 9.5], new OptunaDim(0, 10, 0, 0));
        Assert.Equal(6, est.Kernels);
        var expected = new[] { 1.428571, 1.428571, 4.5, 4.5, 2.5, 10 };
        var mus = new[] { 1, 2, 2.5, 7, 9.5, 5 };
        for (var k = 0; k < 6; k++)
        {
            Assert.Equal(expected[k], est.Sigma(0, k), 6);
            Assert.Equal(mus[k], est.Mu(0, k));
            Assert.Equal(1.0 / 6, est.Weight(k), 12);
        }
    }

    [Fact]
    public void MultivariateUsesTheScottLikeBandwidth()
    {
        var est = Fit([1.0, 2.0, 2.5, 7.0, 9.5], new OptunaDim(0, 10, 0, 0), multivariate: true);
        var s = 0.2 * Math.Pow(5, -1.0 / 5) * 10;
        for (var k = 0; k < 5; k++) Assert.Equal(s, est.Sigma(0, k), 12);
    }

    [Fact]
    public void ContinuousDensityIntegratesToOne()
    {
        var est = Fit([0.5, 1.0, 9.9], new OptunaDim(0, 10, 0, 0));
        var terms = new double[8];
        double integral = 0;
        const int steps = 20000;
        for (var i = 0; i < steps; i++)
            integral += Math.Exp(est.LogPdf([(i + 0.5) * 10.0 / steps], terms)) * 10.0 / steps;
        Assert.Equal(1.0, integral, 4);
    }

    [Fact]
    public void SteppedAndCategoricalProbabilitiesSumToOne()
    {
        var stepped = Fit([2, 2, 5], new OptunaDim(0, 6, 1, 0));
        var terms = new double[8];
        Assert.Equal(1.0, Enumerable.Range(0, 7).Sum(v => Math.Exp(stepped.LogPdf([v], terms))), 9);
        var cat = Fit([0, 2, 2], new OptunaDim(0, 0, 0, 4));
        Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(c => Math.Exp(cat.LogPdf([c], terms))), 12);
        // category 2 observed twice: (1/4/2 + 1/2)·2/4 + (1/8)/4 + … > category 1 never observed
        Assert.True(cat.LogPdf([2], terms) > cat.LogPdf([1], terms));
    }

    [Fact]
    public void SamplesRespectBoundsAndGrid()
    {
        var est = Fit([0.1, 5.9], new OptunaDim(0, 6, 1, 0));
        var rng = new Rng(9);
        var x = new double[1];
        for (var i = 0; i < 1000; i++)
        {
            est.Sample(rng, x);
            Assert.InRange(x[0], 0, 6);
            Assert.Equal(Math.Round(x[0]), x[0]);
        }
    }
}
