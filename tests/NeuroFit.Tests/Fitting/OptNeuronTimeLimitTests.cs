using NeuroFit.Examples;
using NeuroFit.Fitting;
using NeuroFit.Progress;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Tests.Fitting;

/// <summary>OptNeuron.Run's time limit: the search stops at max_evals or the limit, whichever comes first, and says which.</summary>
public class OptNeuronTimeLimitTests
{
    /// <summary>Example A's loss, made slow (2 ms per candidate) so that no method converges or finishes within the limit.</summary>
    private static LossValue SlowLoss(ExperimentResults ist, object? soll)
    {
        Thread.Sleep(2);
        return CompNeuroPyExamples.LossFromData(ist, soll);
    }

    private static OptNeuron Create(string method, IFitProgress? progress = null) =>
        new(() => new CompNeuroPyExamples.StepExperiment(), SlowLoss, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: method, record: ["r"], seed: 3,
            options: new OptNeuronOptions { WriteFiles = false, Progress = progress ?? new SilentProgress() });

    [Theory]
    [InlineData("hyperopt")]
    [InlineData("optuna")]
    [InlineData("cmaes")]
    [InlineData("random")]
    [InlineData("sobol")]
    public void EveryStudyMethodStopsAtTheLimitWithTheBestSoFar(string method)
    {
        var limit = TimeSpan.FromSeconds(0.6);
        var result = Create(method).Run(1_000_000_000, timeLimit: limit);
        Assert.Equal(StopReason.TimeLimit, result.StopReason);
        Assert.Equal(limit, result.TimeLimit);
        Assert.False(result.Interrupted);
        Assert.InRange(result.Evaluations, 1, 1000); // ≥ 2 ms each
        // the limit counts from Run (compiling included); the search's own clock starts later, so only one batch may overrun
        Assert.True(result.Seconds <= limit.TotalSeconds + 1.5, $"{result.Seconds} s for a limit of {limit.TotalSeconds} s");
        Assert.Contains(result.Notes, n => n.StartsWith($"stopped by the time limit (0.6 s) after {result.Evaluations} of 1000000000 evaluations", StringComparison.Ordinal));
        Assert.Equal(result.History.Min(h => h.Loss), result.Loss); // the best of what was evaluated
        Assert.True(double.IsFinite(result.RerunLoss));
    }

    [Fact]
    public void MaxEvalsReachedFirstIsTheStopReason()
    {
        var result = Create("random").Run(20, timeLimit: TimeSpan.FromMinutes(5));
        Assert.Equal(StopReason.MaxEvals, result.StopReason);
        Assert.Equal(20, result.Evaluations);
        Assert.DoesNotContain(result.Notes, n => n.Contains("time limit", StringComparison.Ordinal));
        Assert.Equal(StopReason.MaxEvals, Create("random").Run(5).StopReason);
    }

    [Fact]
    public void AnOptimiserThatFinishesEarlyReportsConvergence()
    {
        // CMA-ES on example A's linear problem meets its tolerances long before 100,000 evaluations
        var opt = CompNeuroPyExamples.Create("from-data", "cmaes", 1, new OptNeuronOptions { WriteFiles = false });
        var result = opt.Run(100_000, timeLimit: TimeSpan.FromMinutes(5));
        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.True(result.Evaluations < 100_000);
    }

    [Fact]
    public void TheProgressLinesShowTheTimeOfTheLimit()
    {
        var output = new StringWriter();
        Create("random", new PlainProgress(output) { Interval = TimeSpan.Zero }).Run(1_000_000_000, timeLimit: TimeSpan.FromSeconds(0.3));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("random fit (time limit 0.3 s): 1000000000 evaluations", lines[0]);
        Assert.Matches(@"/1000000000 evaluations, best loss .* s \(done\)$", lines[^1]);
        Assert.Matches(@" \d+\.\d/0\.3 s \(done\)$", lines[^1]);
    }

    [Fact]
    public void SbiAndNonPositiveLimitsAreRefused()
    {
        var sbi = Assert.Throws<FitConfigurationException>(() => Create("sbi").Run(100, timeLimit: TimeSpan.FromSeconds(5)));
        Assert.Contains("method sbi takes no time limit", sbi.Message);
        var zero = Assert.Throws<FitConfigurationException>(() => Create("random").Run(100, timeLimit: TimeSpan.Zero));
        Assert.Contains("timeLimit must be positive", zero.Message);
    }
}
