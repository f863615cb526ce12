using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers.CmaEs;
using NeuroFit.Optimization.Tests.Support;

namespace NeuroFit.Optimization.Tests.Samplers;

public class CmaEngineTests
{
    [Fact]
    public void StrategyParametersFollowTheCmaesLibrary()
    {
        var e = new CmaEngine(new double[10], 1.0);
        Assert.Equal(10, e.PopulationSize); // 4 + floor(3 ln 10)
        Assert.Equal(5, e.Mu);
        Assert.Equal(6, new CmaEngine(new double[2], 1.0).PopulationSize);
        var w = e.Weights;
        Assert.Equal(1.0, w.Take(5).Sum(), 12);
        Assert.All(w.Skip(5), v => Assert.True(v < 0));
        // μ_eff from the positive weights
        var wp = Enumerable.Range(1, 10).Select(i => Math.Log(5.5) - Math.Log(i)).ToArray();
        var muEff = Math.Pow(wp.Take(5).Sum(), 2) / wp.Take(5).Sum(v => v * v);
        Assert.Equal(muEff, e.MuEff, 12);
        Assert.Equal(2 / (Math.Pow(11.3, 2) + muEff), e.C1, 12);
        Assert.Equal(Math.Min(1 - e.C1 - 1e-8, 2 * (muEff - 2 + 1 / muEff) / (144 + muEff)), e.CMu, 12);
        Assert.Equal((muEff + 2) / (10 + muEff + 5), e.CSigma, 12);
        Assert.Equal((4 + muEff / 10) / (14 + 2 * muEff / 10), e.Cc, 12);
    }

    [Fact]
    public void BoundsAreRespectedByResamplingThenClipping()
    {
        var e = new CmaEngine([0.95, 0.05], 0.5, [0, 0], [1, 1], maxResampling: 3);
        var rng = new Rng(1);
        for (var i = 0; i < 200; i++)
        {
            var x = e.Ask(rng);
            Assert.All(x, v => Assert.InRange(v, 0, 1));
        }
    }

    /// <summary>Evaluations until the best loss is below 1e-8 (unbounded, default λ).</summary>
    internal static int EvaluationsToTarget(Func<IReadOnlyList<double>, double> f, double[] mean, double sigma, long seed, int limit)
    {
        var e = new CmaEngine(mean, sigma);
        var evals = 0;
        while (evals < limit)
        {
            var sols = new List<(double[] X, double F)>();
            for (var k = 0; k < e.PopulationSize; k++)
            {
                var x = e.Ask(Rng.For(seed, e.Generation, k));
                var fx = f(x);
                evals++;
                if (fx < 1e-8) return evals;
                sols.Add((x, fx));
            }
            e.Tell(sols);
        }
        return int.MaxValue;
    }

    [Fact]
    public void SphereBudgetIsWithin25PercentOfTheCmaesLibrary()
    {
        var runs = Enumerable.Range(0, 5).Select(s => EvaluationsToTarget(TestFunctions.Sphere, Enumerable.Repeat(3.0, 10).ToArray(), 2.0, s, 20000)).Order().ToArray();
        Assert.InRange(runs[2], 1500 * 0.75, 1500 * 1.25);
    }

    [Fact]
    public void RosenbrockBudgetIsWithin25PercentOfTheCmaesLibrary()
    {
        var runs = Enumerable.Range(0, 5).Select(s => EvaluationsToTarget(TestFunctions.Rosenbrock, new double[10], 0.5, s, 40000)).Order().ToArray();
        Assert.InRange(runs[2], 4950 * 0.75, 4950 * 1.25);
    }

    [Fact]
    public void StopsByTolfunOnAFlatFunction()
    {
        var e = new CmaEngine(new double[3], 0.3);
        string? reason = null;
        for (var g = 0; g < 200 && reason is null; g++)
        {
            var sols = Enumerable.Range(0, e.PopulationSize).Select(k => (e.Ask(Rng.For(1, g, k)), 1.0)).ToList();
            e.Tell(sols);
            reason = e.ShouldStop();
        }
        Assert.NotNull(reason);
        Assert.StartsWith("tolfun", reason);
    }
}
