using NeuroFit.Examples;
using NeuroFit.Fitting;

namespace NeuroFit.Tests.Fitting;

public class OptNeuronSbiTests
{
    [Fact]
    [Trait("Category", "slow")]
    public void SeedModeFindsExampleAWithinFivePercentFromTwoThousandSimulations()
    {
        var result = CompNeuroPyExamples.Create("from-data", "sbi", seed: 0, new OptNeuronOptions { WriteFiles = false }).Run(2000);
        Assert.InRange(result.Best["a"], 0.8 * 0.95, 0.8 * 1.05);
        Assert.InRange(result.Best["b"], 2 * 0.95, 2 * 1.05);
        Assert.Equal(2000, result.Evaluations);
        Assert.Equal(10_000, result.PosteriorSamples!.GetLength(0));
    }

    [Fact]
    public void SbiIsSeedReproducibleAndReportsPosteriorSamples()
    {
        OptNeuronResult Fit() => CompNeuroPyExamples.Create("from-data", "sbi", seed: 4,
            new OptNeuronOptions { WriteFiles = false, SbiRounds = 2, SbiEstimator = new NeuroFit.Inference.Estimators.MdnSettings { Components = 3, HiddenFeatures = 20 } }).Run(300);
        var first = Fit();
        var second = Fit();
        Assert.Equal(first.Best, second.Best);
        Assert.Equal(300, first.Evaluations);
        Assert.Equal(2, first.PosteriorSamples!.GetLength(1));
        Assert.Contains(first.Notes, n => n.Contains("seed mode"));
    }
}
