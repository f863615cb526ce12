using NeuroFit.Examples;
using NeuroFit.Fitting;

namespace NeuroFit.Tests.Fitting;

/// <summary>method "bads" (CompNeuroPy HEAD's PyBADS) through OptNeuron: CompNeuroPy's example A, plausible bounds
/// (variables_bounds_guess) checked against the ranges, and the minimum budget.</summary>
public class OptNeuronBadsTests
{
    private static OptNeuron Opt(OptNeuronOptions? options = null, string method = "bads", long seed = 3) =>
        new(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: method, record: ["r"], seed: seed,
            options: (options ?? new OptNeuronOptions()) with { WriteFiles = false });

    [Fact]
    public void BadsRecoversExampleA()
    {
        var result = Opt().Run(300);
        Assert.Equal(0.8, result.Best["a"], 1e-3);
        Assert.Equal(2.0, result.Best["b"], 1e-3);
        Assert.True(result.Evaluations <= 300);
    }

    [Fact]
    public void TheSameSeedGivesTheSameBadsFit()
    {
        var first = Opt().Run(120);
        var second = Opt().Run(120);
        Assert.Equal(first.Best, second.Best);
        Assert.Equal(first.History.Select(h => h.Loss), second.History.Select(h => h.Loss));
    }

    [Fact]
    public void PlausibleBoundsAreUsedByBadsAndNotedByOtherMethods()
    {
        var plausible = new Dictionary<string, double[]> { ["a"] = [1.0, 0.5], ["b"] = [1, 3] }; // either order, as in CompNeuroPy
        var bads = Opt(new OptNeuronOptions { PlausibleBounds = plausible }).Run(200);
        Assert.Equal(0.8, bads.Best["a"], 1e-2);
        Assert.DoesNotContain(bads.Notes, n => n.Contains("plausible"));
        var random = Opt(new OptNeuronOptions { PlausibleBounds = plausible }, "random").Run(20);
        Assert.Contains(random.Notes, n => n.Contains("plausible bounds are an option of bads"));
    }

    [Fact]
    public void PlausibleBoundsOutsideTheRangeOrOfAnUnknownParameterAreRefused()
    {
        // the bounds of a and b are [−10, 10]
        var outside = Assert.Throws<FitConfigurationException>(() => Opt(new OptNeuronOptions { PlausibleBounds = new Dictionary<string, double[]> { ["a"] = [-11, 5] } }));
        Assert.Contains("must lie inside its range", outside.Message);
        var unknown = Assert.Throws<FitConfigurationException>(() => Opt(new OptNeuronOptions { PlausibleBounds = new Dictionary<string, double[]> { ["q"] = [0, 1] } }));
        Assert.Contains("'q' is not an optimised parameter", unknown.Message);
    }

    [Fact]
    public void BadsNeedsFourEvaluations()
    {
        var e = Assert.Throws<FitConfigurationException>(() => Opt().Run(3));
        Assert.Contains("at least 4", e.Message);
    }
}
