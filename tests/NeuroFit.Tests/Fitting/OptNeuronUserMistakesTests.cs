using NeuroFit.Examples;
using NeuroFit.Fitting;
using NeuroFit.Simulation.Experiments;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Tests.Fitting;

/// <summary>Mistakes a CompNeuroPy user makes in the experiment they hand to OptNeuron, and the results file of a
/// fit to data given as the wiki's list of traces.</summary>
public class OptNeuronUserMistakesTests
{
    private static readonly OptNeuronOptions NoFiles = new() { WriteFiles = false };

    private static OptNeuron Create(Func<Experiment> experiment, IReadOnlyList<string>? record = null, bool target = false, OptNeuronOptions? options = null) =>
        new(experiment, target ? CompNeuroPyExamples.LossFromNeuron : CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(),
            CompNeuroPyExamples.Simple, resultsSoll: target ? null : CompNeuroPyExamples.DataA(), targetNeuronModel: target ? CompNeuroPyExamples.Complex : null,
            method: "random", record: record ?? ["r"], options: options ?? NoFiles);

    private static string Error(Action run)
    {
        var e = Assert.Throws<FitConfigurationException>(run);
        Assert.IsNotType<NullReferenceException>(e.InnerException);
        return e.Message;
    }

    [Fact]
    public void AFactoryReturningNullIsAClearError()
    {
        // was "experiment / loss / model not compatible: …: NullReferenceException: Object reference not set …"
        Assert.Contains("the experiment factory returned null", Error(() => Create(() => null!).Run(5)));
        Assert.Contains("() => new MyExperiment()", Error(() => Create(() => null!, target: true).Run(5)));
    }

    [Fact]
    public void ARunReturningNullIsAClearError()
    {
        Assert.Contains("NullResultsExperiment.Run returned null; end Run with 'return Results();'", Error(() => Create(() => new NullResultsExperiment()).Run(5)));
        Assert.Contains("NullResultsExperiment.Run returned null", Error(() => Create(() => new NullResultsExperiment(), target: true).Run(5)));
    }

    [Fact]
    public void MonitorsUsedWithoutRecordOrOwnMonitorsSayHowToFix()
    {
        // StepExperiment calls Monitors!.Start(): without record: [...] there are no monitors.
        var e = Assert.Throws<FitConfigurationException>(() => Create(() => new CompNeuroPyExamples.StepExperiment(), record: []).Run(5));
        Assert.IsType<NullReferenceException>(e.InnerException); // the user's own Monitors!.Start(), kept as the inner exception
        var message = e.Message;
        Assert.Contains("StepExperiment.Run failed with a NullReferenceException and the experiment has no monitors", message);
        Assert.Contains("record: [", message);
        Assert.Contains("Monitors = new Monitors(Network", message);
    }

    [Fact]
    public void TargetDataGivenAsAListOfTracesIsWrittenToTheNpz()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"neurofit-soll-{Guid.NewGuid():N}");
        try
        {
            Create(() => new CompNeuroPyExamples.StepExperiment(), options: NoFiles with { WriteFiles = true, OutputDirectory = directory }).Run(3, "soll");
            var arrays = Npz.Read(Path.Combine(directory, "soll.npz"));
            var target = arrays["target/data"];
            Assert.Equal([2, 1000], target.Shape);
            var data = CompNeuroPyExamples.DataA();
            var values = target.ToDoubles();
            Assert.Equal(data[0], values[..1000]);
            Assert.Equal(data[1], values[1000..]);
            Assert.Contains("best/chunk0/model_neuron;r", arrays.Keys);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void TargetTracesOfDifferentLengthsAreWrittenOnePerRow()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"neurofit-soll-{Guid.NewGuid():N}");
        try
        {
            // the loss only reads chunk 0; the second trace is shorter
            double[][] soll = [CompNeuroPyExamples.DataA()[0], [1.0, 2.0, 3.0]];
            var opt = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(),
                (ist, s) => Simulation.Analysis.AnalysisFunctions.Rmse(((double[][])s!)[0], ist.Recordings[0].Var("model_neuron", "r").Neuron(0)),
                CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple, resultsSoll: soll, method: "random", record: ["r"],
                options: new OptNeuronOptions { OutputDirectory = directory });
            opt.Run(3, "ragged");
            var arrays = Npz.Read(Path.Combine(directory, "ragged.npz"));
            Assert.Equal(soll[0], arrays["target/data/0"].ToDoubles());
            Assert.Equal(soll[1], arrays["target/data/1"].ToDoubles());
            Assert.DoesNotContain("target/data", arrays.Keys);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AReRunOfTheBestThatFailsIsExplainedInTheNotes()
    {
        // The loss throws from the 12th call on: the compatibility check and 10 evaluations succeed, the re-run fails.
        var calls = 0;
        LossValue Loss(ExperimentResults ist, object? soll) =>
            ++calls > 11 ? throw new InvalidOperationException("late failure") : CompNeuroPyExamples.LossFromData(ist, soll);
        var result = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), Loss, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: "random", record: ["r"], options: NoFiles).Run(10);
        Assert.Equal(0, result.Failed);
        Assert.True(double.IsFinite(result.Loss));
        Assert.Equal(double.PositiveInfinity, result.RerunLoss);
        Assert.Empty(result.AllLoss);
        var note = Assert.Single(result.Notes, n => n.StartsWith("the re-run of the best parameters failed", StringComparison.Ordinal));
        Assert.Contains("InvalidOperationException: late failure", note);
    }

    [Fact]
    public void ANullBoundIsAClearErrorWhereItIsGiven()
    {
        // was "nothing to optimise: give at least one entry a range" (or a NullReferenceException for a null array)
        string? expression = null;
        double[]? range = null;
        const string Expected = "'a' has no bound (null): give a range new[] { lo, hi }, a constant or an expression of other entries";
        Assert.Equal(Expected, Assert.Throws<FitConfigurationException>(() => new VariablesBounds { ["a"] = expression! }).Message);
        Assert.Equal(Expected, Assert.Throws<FitConfigurationException>(() => new VariablesBounds { ["a"] = range! }).Message);
        Assert.Equal(Expected, Assert.Throws<FitConfigurationException>(() => new VariablesBounds { { "a", null! } }).Message);
        Assert.Equal(-1.0, Assert.IsType<RangeBound>(new VariablesBounds { ["a"] = new[] { 1.0, -1 } }["a"]).Lower);
    }

    private sealed class NullResultsExperiment : Experiment
    {
        public override ExperimentResults Run(string populationName) => null!;
    }
}
