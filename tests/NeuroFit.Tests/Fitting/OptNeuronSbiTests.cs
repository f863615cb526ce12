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

    [Fact]
    public void SbiWritesThePosteriorPairPlotAndSamplesBesideTheResults()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-sbi-").FullName;
        try
        {
            var result = CompNeuroPyExamples.Create("from-data", "sbi", seed: 2,
                new OptNeuronOptions { OutputDirectory = dir, SbiRounds = 1, SbiEstimator = new NeuroFit.Inference.Estimators.MdnSettings { Components = 2, HiddenFeatures = 10 } })
                .Run(200, resultsFileName: "fit", sbiPlotFile: "posterior.svg");
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "posterior.svg")));
            var json = File.ReadAllText(Path.Combine(dir, "fit.json"));
            Assert.Contains("\"method\": \"sbi\"", json);
            Assert.Contains(result.Files, f => f.EndsWith("posterior.svg"));
            Assert.True(new FileInfo(Path.Combine(dir, "fit.npz")).Length > 10_000 * 2 * 8); // posterior samples inside
        }
        finally { Directory.Delete(dir, true); }
    }
}
