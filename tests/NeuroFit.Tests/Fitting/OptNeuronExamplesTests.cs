using NeuroFit.Fitting;

using NeuroFit.Examples;

namespace NeuroFit.Tests.Fitting;

public class OptNeuronExamplesTests
{
    private static readonly OptNeuronOptions NoFiles = new() { WriteFiles = false };

    [Theory]
    [InlineData("deap", 0)]
    [InlineData("cmaes", 1)]
    public void CmaEsRecoversExampleAToOneMillionth(string method, long seed)
    {
        var opt = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: method, record: ["r"], seed: seed, options: NoFiles);
        var result = opt.Run(1000);
        Assert.InRange(Math.Abs(result.Best["a"] - 0.8), 0, 1e-6);
        Assert.InRange(Math.Abs(result.Best["b"] - 2.0), 0, 1e-6);
        Assert.True(result.Evaluations <= 1000);
        Assert.Equal(result.Loss, result.RerunLoss, 12);
    }

    [Fact]
    public void CmaEsRecoversExampleBFromTheTargetNeuron()
    {
        var opt = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromNeuron, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            targetNeuronModel: CompNeuroPyExamples.Complex, method: "deap", record: ["r"], seed: 3, options: NoFiles);
        var result = opt.Run(1000);
        Assert.InRange(Math.Abs(result.Best["a"] - 6.0), 0, 1e-6);
        Assert.InRange(Math.Abs(result.Best["b"] - 0.0), 0, 1e-6);
    }

    [Fact]
    public void TheSameSeedGivesTheSameTrialsAndBest()
    {
        OptNeuronResult Fit() => new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: "hyperopt", record: ["r"], seed: 11, options: NoFiles).Run(60);
        var first = Fit();
        var second = Fit();
        Assert.Equal(first.History.Select(h => h.Loss), second.History.Select(h => h.Loss));
        Assert.Equal(first.Best, second.Best);
    }

    [Fact]
    [Trait("Category", "slow")]
    public void HyperoptTpeReachesAMedianBestLossOfAtMostTwoOverSeedsZeroToFour()
    {
        var losses = Enumerable.Range(0, 5)
            .Select(seed => CompNeuroPyExamples.Create("from-data", "hyperopt", seed, NoFiles).Run(1000).Loss)
            .Order().ToList();
        Assert.True(losses[2] <= 2.0, $"median best loss {losses[2]} (all: {string.Join(", ", losses)})");
    }
}
