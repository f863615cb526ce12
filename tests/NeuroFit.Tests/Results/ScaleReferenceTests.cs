using NeuroFit.Examples;
using NeuroFit.Fitting;
using NeuroFit.Results;

namespace NeuroFit.Tests.Results;

/// <summary>
/// The scale references of a fit, checked against closed forms: CompNeuroPy's example A (r = a·I + b, target a = 0.8,
/// b = 2) has per chunk an RMSE of sqrt(((b − 2)² + (I·a + b − r₂)²) / 2) with I = 5, r₂ = 6 and I = 10, r₂ = 10.
/// </summary>
public class ScaleReferenceTests
{
    private static readonly OptNeuronOptions NoFiles = new() { WriteFiles = false };

    private static double[] ClosedForm(double a, double b) =>
    [
        Math.Sqrt(((b - 2) * (b - 2) + (5 * a + b - 6) * (5 * a + b - 6)) / 2),
        Math.Sqrt(((b - 2) * (b - 2) + (10 * a + b - 10) * (10 * a + b - 10)) / 2),
    ];

    private static OptNeuronResult FitA(string method, OptNeuronOptions options, int evaluations = 200) =>
        new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: method, record: ["r"], seed: 2, options: options).Run(evaluations);

    [Fact]
    public void TheCentreAndTheRandomSampleHaveTheLossesOfTheClosedForm()
    {
        var scale = FitA("cmaes", NoFiles).Scale!;
        var centre = ClosedForm(0, 0); // bounds [-10, 10] for both
        Assert.Equal(centre[0] + centre[1], scale.CentreLoss, 9);
        Assert.Equal(centre[0], scale.CentreComponents[0], 9);
        Assert.Equal(centre[1], scale.CentreComponents[1], 9);

        var ranges = CompNeuroPyExamples.Bounds().Select(b => (RangeBound)b.Value).ToList();
        var random = ScaleReferences.RandomCandidates(ranges, 64).Select(c => ClosedForm(c[0], c[1]).Sum()).Order().ToList();
        Assert.Equal(64, scale.RandomCount);
        Assert.Equal(0, scale.RandomFailed);
        Assert.Equal(random[0], scale.RandomBest!.Value, 9);
        Assert.Equal((random[31] + random[32]) / 2, scale.RandomMedian!.Value, 9);
        Assert.Contains("64 candidates drawn uniformly within the bounds", scale.RandomSource);
        Assert.Null(scale.TrueLoss); // nothing is known
    }

    [Fact]
    public void TheRandomSampleIsFixedWithinTheBoundsAndIndependentOfTheFitSeed()
    {
        RangeBound[] ranges = [new([-3.0, 5]), new([100.0, 101])];
        var first = ScaleReferences.RandomCandidates(ranges, 64);
        Assert.Equal(first, ScaleReferences.RandomCandidates(ranges, 64));
        Assert.All(first, c => { Assert.InRange(c[0], -3, 5); Assert.InRange(c[1], 100, 101); });
        Assert.Equal(64, first.Select(c => c[0]).Distinct().Count());
        Assert.InRange(first.Average(c => c[0]), -0.5, 2.5); // uniform: mean 1, SD of the mean 0.29
    }

    [Fact]
    public void KnownValuesGiveTheTrueLossAndTheErrorsOfEachParameter()
    {
        var known = new KnownParameters(new Dictionary<string, double> { ["a"] = 0.8, ["b"] = 2 }, "test") { RelativeTolerance = 0.01 };
        var result = FitA("cmaes", NoFiles with { KnownParameters = known }, 400);
        Assert.Equal(0, result.Scale!.TrueLoss!.Value, 12);
        Assert.Equal([0.0, 0.0], result.Scale.TrueComponents.Select(c => Math.Round(c, 12)));
        var rows = result.Known!.Parameters;
        Assert.Equal(["a", "b"], rows.Select(r => r.Name));
        Assert.Equal("test", result.Known.Source);
        Assert.Equal(Math.Abs(result.Best["a"] - 0.8) / 0.8, rows[0].RelativeError!.Value, 12);
        Assert.Equal(Math.Abs(result.Best["b"] - 2) / 2, rows[1].RelativeError!.Value, 12);
        Assert.All(rows, r => Assert.True(r.WithinTolerance));
    }

    [Fact]
    public void ATargetModelGivesItsValuesOfTheFittedParametersAsTheTruth()
    {
        var target = CompNeuroPyExamples.Simple.WithParameters(("a", 1.5), ("b", -4.0));
        var result = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromNeuron, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            targetNeuronModel: target, method: "cmaes", record: ["r"], seed: 1, options: NoFiles).Run(300);
        Assert.Equal("the target model 'simple'", result.Known!.Source);
        Assert.Equal([1.5, -4.0], result.Known.Parameters.Select(p => p.True));
        Assert.Null(result.Known.Parameters[0].WithinTolerance); // no tolerance stated
        Assert.Equal(0, result.Scale!.TrueLoss!.Value, 12); // the same model with the true values reproduces the target exactly
        // a target model without the fitted names (example B's "complex") knows nothing
        Assert.Null(CompNeuroPyExamples.Create("from-neuron", "cmaes", 1, NoFiles).Run(30).Known);
    }

    [Fact]
    public void KnownJsonValuesWinOverTheTargetModelsAndTheRestIsFilledIn()
    {
        var target = CompNeuroPyExamples.Simple.WithParameters(("a", 1.5), ("b", -4.0));
        var known = new KnownParameters(new Dictionary<string, double> { ["a"] = 1.25 }, "known.json");
        var result = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromNeuron, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            targetNeuronModel: target, method: "cmaes", record: ["r"], seed: 1, options: NoFiles with { KnownParameters = known }).Run(30);
        Assert.Equal([1.25, -4.0], result.Known!.Parameters.Select(p => p.True));
        Assert.Equal("known.json; b from the target model 'simple'", result.Known.Source);
    }

    [Fact]
    public void MethodRandomTakesItsOwnFirstEvaluationsAndZeroSamplesSkipsTheBatch()
    {
        var random = FitA("random", NoFiles, 128);
        Assert.Contains("first 64 evaluations of this random search", random.Scale!.RandomSource);
        var first = random.History.Take(64).Select(h => h.Loss!.Value).Order().ToList();
        Assert.Equal(first[0], random.Scale.RandomBest);
        Assert.Equal((first[31] + first[32]) / 2, random.Scale.RandomMedian!.Value, 12);

        var none = FitA("cmaes", NoFiles with { ScaleSamples = 0 }, 30).Scale!;
        Assert.Equal(0, none.RandomCount);
        Assert.Null(none.RandomMedian);
        Assert.Null(none.RandomBest);
        Assert.True(double.IsFinite(none.CentreLoss));
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3 }, 0, 2)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0, 2.5)]
    [InlineData(new double[] { 1, 2 }, 1, 2)]
    [InlineData(new double[] { 1 }, 2, double.PositiveInfinity)]
    [InlineData(new double[] { 1, 5 }, 2, double.PositiveInfinity)]
    public void TheMedianCountsFailuresAsInfinity(double[] sorted, int failed, double expected) =>
        Assert.Equal(expected, ScaleReferences.Median(sorted, failed));
}
