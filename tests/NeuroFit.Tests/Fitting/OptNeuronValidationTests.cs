using NeuroFit.Examples;
using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Tests.Fitting;

public class OptNeuronValidationTests
{
    private static readonly OptNeuronOptions NoFiles = new() { WriteFiles = false };

    private static OptNeuron Create(VariablesBounds? bounds = null, object? soll = null, NeuronModel? target = null, string method = "deap",
        Func<ExperimentResults, object?, LossValue>? loss = null, Func<Experiment>? experiment = null, IReadOnlyList<string>? record = null,
        NeuronModel? model = null) =>
        new(experiment ?? (() => new CompNeuroPyExamples.StepExperiment()), loss ?? CompNeuroPyExamples.LossFromData,
            bounds ?? CompNeuroPyExamples.Bounds(), model ?? CompNeuroPyExamples.Simple, resultsSoll: soll, targetNeuronModel: target, method: method,
            record: record ?? ["r"], options: NoFiles);

    private static string Error(Action create) => Assert.Throws<FitConfigurationException>(create).Message;

    [Fact]
    public void NeitherTargetIsAClearError() =>
        Assert.Contains("either resultsSoll (target data) or targetNeuronModel", Error(() => Create()));

    [Fact]
    public void BothTargetsIsAClearError() =>
        Assert.Contains("not both", Error(() => Create(soll: CompNeuroPyExamples.DataA(), target: CompNeuroPyExamples.Complex)));

    [Fact]
    public void ARangeNeedsTwoDifferentFiniteBounds()
    {
        Assert.Contains("two different bounds", Error(() => Create(new VariablesBounds { ["a"] = new[] { 1.0, 1.0 } }, CompNeuroPyExamples.DataA())));
        Assert.Contains("finite bounds", Error(() => Create(new VariablesBounds { ["a"] = new[] { 0, double.PositiveInfinity } }, CompNeuroPyExamples.DataA())));
        Assert.Contains("exactly two values", Error(() => Create(new VariablesBounds { ["a"] = new[] { 0.0, 1, 2 } }, CompNeuroPyExamples.DataA())));
    }

    [Fact]
    public void RangesAreOrderInsensitive()
    {
        var bound = new RangeBound([10, -10]);
        Assert.Equal((-10.0, 10.0), (bound.Lower, bound.Upper));
    }

    [Fact]
    public void UnknownNamesAreErrorsListingTheModelsAttributes()
    {
        var message = Error(() => Create(new VariablesBounds { ["a"] = new[] { 0.0, 1 }, ["c"] = 2.0 }, CompNeuroPyExamples.DataA()));
        Assert.Contains("no attribute 'c'", message);
        Assert.Contains("I_app, a, b, r", message);
    }

    [Fact]
    public void ExpressionCyclesAndUnknownNamesInExpressionsAreErrors()
    {
        var cycle = Error(() => Create(new VariablesBounds { ["a"] = new[] { 0.0, 1 }, ["b"] = "I_app + 1", ["I_app"] = "b * 2" }, CompNeuroPyExamples.DataA()));
        Assert.Contains("cycle", cycle);
        Assert.Contains("b → I_app → b", cycle);
        var onlyExpressions = Error(() => Create(new VariablesBounds { ["a"] = "b", ["b"] = "a" }, CompNeuroPyExamples.DataA()));
        Assert.Contains("a → b → a", onlyExpressions);
        var unknown = Error(() => Create(new VariablesBounds { ["a"] = new[] { 0.0, 1 }, ["b"] = "a + x" }, CompNeuroPyExamples.DataA()));
        Assert.Contains("uses 'x'", unknown);
    }

    [Fact]
    public void AHelperThatAnExpressionUsesIsFittedButNeverSetOnTheModel()
    {
        // b = a + db: the model has no 'db' (setting it would throw), the fit still finds b = 2 through it
        var opt = Create(new VariablesBounds { ["a"] = new[] { 0.0, 2 }, ["db"] = new[] { 0.0, 4 }, ["b"] = "a + db" }, CompNeuroPyExamples.DataA());
        var result = opt.Run(1000);
        Assert.Equal(result.Best["a"] + result.Best["db"], result.Parameters["b"], 12);
        Assert.Equal(0.8, result.Best["a"], 4);
        Assert.Equal(1.2, result.Best["db"], 4);
        Assert.Contains(result.Notes, n => n.Contains("'db' is not an attribute of the model"));
    }

    [Fact]
    public void ExpressionsReadTheModelsParameterValuesThatTheBoundsDoNotGive()
    {
        var model = new NeuronModel(Parameters: "I_app = 0\na = 0\nb = 0\nshift = 1.5", Equations: "r = a*I_app + b", Name: "shifted");
        var bounds = new VariablesBounds { ["a"] = new[] { 0.0, 2 }, ["b"] = "a + shift" };
        var result = Create(bounds, CompNeuroPyExamples.DataA(), model: model).Run(12);
        Assert.Equal(result.Best["a"] + 1.5, result.Parameters["b"], 12);
        Assert.DoesNotContain("shift", result.Parameters.Keys);
        Assert.Contains(result.Notes, n => n.Contains("'shift' (1.5)"));
        var overridden = Create(bounds, CompNeuroPyExamples.DataA(), model: model.WithParameters(("shift", 2.5))).Run(12);
        Assert.Equal(overridden.Best["a"] + 2.5, overridden.Parameters["b"], 12);
    }

    [Fact]
    public void AnExpressionMayNotReadAVariableThatTheBoundsDoNotGive()
    {
        var message = Error(() => Create(new VariablesBounds { ["a"] = new[] { 0.0, 1 }, ["b"] = "r + 1" }, CompNeuroPyExamples.DataA()));
        Assert.Contains("uses 'r', which is neither in the bounds nor a parameter of the model", message);
    }

    [Fact]
    public void ExpressionsAreEvaluatedInDependencyOrder()
    {
        var opt = Create(new VariablesBounds { ["b"] = "I_app - 1", ["a"] = new[] { 0.0, 2 }, ["I_app"] = "2 * a" }, CompNeuroPyExamples.DataA());
        var result = opt.Run(12);
        Assert.Equal(2 * result.Best["a"], result.Parameters["I_app"], 12);
        Assert.Equal(2 * result.Best["a"] - 1, result.Parameters["b"], 12);
    }

    [Fact]
    public void AnExperimentThatFailsIsReportedAsIncompatible()
    {
        var message = Error(() => Create(soll: CompNeuroPyExamples.DataA(), experiment: () => new BrokenExperiment()).Run(10));
        Assert.Contains("experiment / loss / model not compatible", message);
        Assert.Contains("no such protocol", message);
    }

    [Fact]
    public void ALossThatThrowsIsReportedAsIncompatible()
    {
        var message = Error(() => Create(soll: CompNeuroPyExamples.DataA(), loss: (_, _) => throw new InvalidOperationException("bad loss")).Run(10));
        Assert.Contains("experiment / loss / model not compatible", message);
        Assert.Contains("bad loss", message);
    }

    [Fact]
    public void UnknownMethodAndRecordedNamesAreErrors()
    {
        Assert.Contains("unknown method 'nelder-mead'", Error(() => Create(soll: CompNeuroPyExamples.DataA(), method: "nelder-mead")));
        Assert.Contains("no variable 'v'", Error(() => Create(soll: CompNeuroPyExamples.DataA(), record: ["v"])));
        Assert.Contains("maxEvals must be at least 1", Error(() => Create(soll: CompNeuroPyExamples.DataA()).Run(0)));
    }

    [Fact]
    public void FailingCandidatesAreCountedAsWorstAndNeverStopTheRun()
    {
        // Loss is NaN whenever a > 0: half the box fails, the fit still finishes and finds the best of the rest.
        LossValue Loss(ExperimentResults ist, object? soll)
        {
            var r = ist.Recordings[0].Var("model_neuron", "r");
            var a = ist.Recordings[0].ParameterDict("model_neuron")["a"][0];
            return a > 0 ? double.NaN : CompNeuroPyExamples.LossFromData(ist, soll).Total;
        }
        var result = Create(soll: CompNeuroPyExamples.DataA(), loss: Loss, method: "random").Run(200);
        Assert.Equal(200, result.Evaluations);
        Assert.InRange(result.Failed, 60, 140);
        Assert.True(result.Best["a"] <= 0);
        Assert.All(result.History.Where(h => h.Failure is not null), h => Assert.Contains("NaN", h.Failure));
    }

    [Fact]
    public void ManyOptNeuronsCanLiveInOneProcess()
    {
        var first = Create(soll: CompNeuroPyExamples.DataA());
        var second = Create(target: CompNeuroPyExamples.Complex, loss: CompNeuroPyExamples.LossFromNeuron);
        Assert.NotNull(first.Run(12));
        Assert.NotNull(second.Run(12));
    }

    [Fact]
    public void AnEmptyStudyNameIsAFitConfigurationError()
    {
        // was the storage's ArgumentException "a study name must be non-empty"
        var opt = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(),
            CompNeuroPyExamples.Simple, resultsSoll: CompNeuroPyExamples.DataA(), method: "random", record: ["r"], options: NoFiles with { StudyName = " " });
        Assert.Contains("the study name", Error(() => opt.Run(3)));
    }

    private sealed class BrokenExperiment : Experiment
    {
        public override ExperimentResults Run(string populationName) => throw new InvalidOperationException("no such protocol");
    }
}
