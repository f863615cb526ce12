using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Tests.Support;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>
/// IPOP/BIPOP-CMA-ES on the multimodal functions plain CMA-ES fails on (issue 13): Rastrigin 10-D in [−5.12, 5.12]
/// has ~10¹⁰ local minima; pycma's BIPOP solves it to 1e-8 within ~10⁵–10⁶ evaluations in most runs.
/// </summary>
public class CmaEsRestartTests
{
    private const int Dimension = 10;
    private const long Budget = 2_000_000;

    private static RestartRunResult Rastrigin(CmaEsRestarts restarts, int seed) =>
        RestartRuns.Run(new CmaEsSettings { Seed = seed, Restarts = restarts, RandomInitialMean = true }, TestFunctions.Rastrigin, Dimension, -5.12, 5.12, Budget);

    [Fact]
    public void BipopSolvesRastrigin10DInAtLeastFourOfFiveSeedsWithinTwoMillionEvaluations()
    {
        var runs = Enumerable.Range(0, 5).Select(seed => Rastrigin(CmaEsRestarts.Bipop, seed)).ToList();
        var solved = runs.Count(r => r.EvaluationsToTarget is not null);
        Assert.True(solved >= 4, $"BIPOP reached f < 1e-8 in {solved} of 5 seeds: {string.Join("; ", runs.Select(r => $"best {r.Best:G3} after {r.Evaluations}"))}");
        Assert.All(runs.Where(r => r.EvaluationsToTarget is not null), r => Assert.True(r.Runs > 1, "a single run does not solve Rastrigin: restarts must have happened"));
    }

    [Fact]
    public void IpopDoublesThePopulationAtEachRestartAndSolvesRastrigin()
    {
        var r = Rastrigin(CmaEsRestarts.Ipop, 2);
        Assert.NotNull(r.EvaluationsToTarget);
        var defaultLambda = 4 + (int)(3 * Math.Log(Dimension));
        Assert.Equal(defaultLambda << (r.Runs - 1), r.LargestLambda);
    }

    [Fact]
    public void PlainCmaEsStaysInALocalMinimumOfRastrigin()
    {
        // the reason for restarts: without them the first converged run is all there is
        var r = RestartRuns.Run(new CmaEsSettings { Seed = 0, RandomInitialMean = true }, TestFunctions.Rastrigin, Dimension, -5.12, 5.12, 50_000);
        Assert.Null(r.EvaluationsToTarget);
        Assert.True(r.Best > 0.5, $"plain CMA-ES reached {r.Best}");
    }

    [Fact]
    public void TheSameSeedRestartsTheSameWay()
    {
        var a = Rastrigin(CmaEsRestarts.Bipop, 1);
        var b = Rastrigin(CmaEsRestarts.Bipop, 1);
        Assert.Equal((a.EvaluationsToTarget, a.Runs, a.LargestLambda, a.Best), (b.EvaluationsToTarget, b.Runs, b.LargestLambda, b.Best));
    }
}
