using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Examples;
using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Optimization.Local;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Tests.Fitting;

public class LocalPolishTests
{
    private static readonly OptNeuronOptions NoFiles = new() { WriteFiles = false };

    /// <summary>A passive membrane fitted to another one (τ = 20, E = −65, R = 2) through two current steps.</summary>
    private static string Membrane(string loss) => $$$"""
        name: membrane
        model:
          parameters: "tau = 10\nE = -70\nR = 1\nI_app = 0"
          equations: "tau * dv/dt = E - v + R * I_app : init = -70"
          spike: "v > 1000"
          reset: "v = -70"
        target:
          model:
            parameters: "tau = 20\nE = -65\nR = 2\nI_app = 0"
            equations: "tau * dv/dt = E - v + R * I_app : init = -70"
            spike: "v > 1000"
            reset: "v = -70"
        experiment:
          dt: 0.1
          record: [v, spike]
          chunks:
            - [{duration: 20, set: {I_app: 0}}, {duration: 30, set: {I_app: 5}}]
            - [{duration: 40, set: {I_app: -3}}]
        loss: {{{loss}}}
        parameters: {tau: [2, 50], E: [-90, -50], R: [0.1, 5]}
        """;

    private static (BatchEvaluator Evaluator, ParameterPlan Plan) FromConfig(string loss)
    {
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Parse(Membrane(loss), Path.Combine(Path.GetTempPath(), "membrane.yaml")));
        return fit.CreateOptNeuron("cmaes", 0, NoFiles).CreateEvaluator();
    }

    private sealed record Recorded(List<Candidate> Candidates, List<CandidateLoss> Losses, List<int> BatchSizes)
    {
        public Recorded() : this([], [], []) { }

        public void Add(IReadOnlyList<Candidate> c, IReadOnlyList<CandidateLoss> l)
        {
            Candidates.AddRange(c);
            Losses.AddRange(l);
            BatchSizes.Add(c.Count);
        }
    }

    private static Func<long> Counter(long first = 1000)
    {
        var next = first;
        return () => next++;
    }

    [Fact]
    public void AnRmseConfigLossIsPolishedByLevenbergMarquardtToTheTruth()
    {
        var (evaluator, plan) = FromConfig("[{rmse: v}]");
        var seen = new Recorded();
        var outcome = new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6], [14.0, -72, 1.5]], 400, Counter(), seen.Add);
        Assert.All(outcome.Runs, r => Assert.Equal("levenberg-marquardt", r.Method));
        Assert.True(outcome.BestLoss!.Loss < 1e-6, $"best rmse {outcome.BestLoss.Loss}; runs: {string.Join("; ", outcome.Runs)}");
        Assert.Equal(20, outcome.BestValues![0], 4);
        Assert.Equal(-65, outcome.BestValues[1], 4);
        Assert.Equal(2, outcome.BestValues[2], 4);
        Assert.True(outcome.Evaluations <= 400);
        Assert.Equal(outcome.Evaluations, seen.Candidates.Count);
        Assert.Equal(outcome.Batches, seen.BatchSizes.Count);
        Assert.Equal(2, seen.BatchSizes[0]); // both starts in one batch
        Assert.Equal(seen.Candidates.Count, seen.Candidates.Select(c => c.TrialNumber).Distinct().Count());
        Assert.Equal(outcome.BestLoss.Loss, seen.Losses.Where(l => !l.Failed).Min(l => l.Loss));
    }

    [Fact]
    public void ALossWithASpikeTermIsPolishedByThePatternSearch()
    {
        var (evaluator, plan) = FromConfig("[{rmse: v}, {spike_count: {}, weight: 1}]");
        var outcome = new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6]], 600, Counter(), (_, _) => { });
        Assert.Equal("pattern search", outcome.Runs[0].Method);
        Assert.True(outcome.BestLoss!.Loss < 0.05 * outcome.Runs[0].StartLoss, $"{outcome.Runs[0]}");
        Assert.True(outcome.Evaluations <= 600);
    }

    [Fact]
    public void TheSameStartsGiveTheSameCandidates()
    {
        List<double[]> Run()
        {
            var (evaluator, plan) = FromConfig("[{mse: v, weight: 3}]");
            var seen = new Recorded();
            new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6]], 120, Counter(), seen.Add);
            return seen.Candidates.Select(c => c.Values).ToList();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ABudgetBelowTheStartsEvaluatesOnlyTheFirstStarts()
    {
        var (evaluator, plan) = FromConfig("[{rmse: v}]");
        var seen = new Recorded();
        var outcome = new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6], [14.0, -72, 1.5], [30.0, -80, 1]], 2, Counter(), seen.Add);
        Assert.Equal(2, outcome.Evaluations);
        Assert.Equal([2], seen.BatchSizes);
        var none = new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6]], 0, Counter(), seen.Add);
        Assert.Null(none.BestValues);
        Assert.Throws<ArgumentException>(() => new LocalPolish(evaluator, plan).Run([[1.0, 2]], 10, Counter(), seen.Add));
    }

    [Fact]
    public void TheDeadlineAndCancellationStopThePolishBetweenBatches()
    {
        var (evaluator, plan) = FromConfig("[{rmse: v}]");
        var clock = new StepClock();
        var seen = new Recorded();
        var outcome = new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6]], 400, Counter(), (c, l) => { seen.Add(c, l); clock.Now += TimeSpan.FromSeconds(1); },
            deadline: DateTimeOffset.UnixEpoch + TimeSpan.FromSeconds(2.5), settings: new LocalPolishSettings { Clock = clock });
        Assert.Equal(LocalStopReason.Deadline, outcome.Stopped);
        Assert.Equal(3, seen.BatchSizes.Count);
        Assert.Equal(LocalStopReason.Deadline, outcome.Runs[0].Reason);

        using var cancel = new CancellationTokenSource();
        var cancelled = new LocalPolish(evaluator, plan).Run([[26.0, -60, 2.6]], 400, Counter(), (_, _) => cancel.Cancel(), cancel.Token);
        Assert.Equal(LocalStopReason.Cancelled, cancelled.Stopped);
        Assert.Equal(1, cancelled.Batches);
        Assert.NotNull(cancelled.BestValues);
    }

    private sealed class StepClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void ACSharpLossReturningResidualsGetsLevenbergMarquardt()
    {
        static LossValue Residuals(ExperimentResults ist, object? soll)
        {
            var target = (double[][])soll!;
            var pop = (string)ist.Data["population_name"]!;
            var r = new List<double>();
            for (var chunk = 0; chunk < 2; chunk++)
            {
                var v = ist.Recordings[chunk].Var(pop, "r").Neuron(0).ToArray();
                r.AddRange(v.Select((x, i) => x - target[chunk][i]));
            }
            return LossValue.FromResiduals(r);
        }
        var (evaluator, plan) = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), Residuals, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: "cmaes", record: ["r"], options: NoFiles).CreateEvaluator();
        var outcome = new LocalPolish(evaluator, plan).Run([[-3.0, 7]], 60, Counter(), (_, _) => { });
        Assert.Equal("levenberg-marquardt", outcome.Runs[0].Method);
        Assert.Equal(0.8, outcome.BestValues![0], 8);
        Assert.Equal(2.0, outcome.BestValues[1], 8);

        var scalar = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: "cmaes", record: ["r"], options: NoFiles).CreateEvaluator();
        Assert.Equal("pattern search", new LocalPolish(scalar.Evaluator, scalar.Plan).Run([[-3.0, 7]], 60, Counter(), (_, _) => { }).Runs[0].Method);
    }

    private static readonly NeuronModel Noisy = new(Parameters: "a = 0\nsigma = 1", Equations: "r = a + sigma * Normal(0, 1)", Name: "noisy");

    private sealed class Run100 : Experiment
    {
        public override ExperimentResults Run(string populationName)
        {
            Monitors!.Start();
            Network.Simulate(100);
            return Results();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ANoisyModelsSearchSharesTheNoiseOfItsStartUnlessTold(bool common)
    {
        static LossValue Loss(ExperimentResults ist, object? soll) =>
            LossValue.FromResiduals(ist.Recordings[0].Var("model_neuron", "r").Neuron(0).ToArray().Select(x => (x - 3) / 10).ToArray());
        var (evaluator, plan) = new OptNeuron(() => new Run100(), Loss, new VariablesBounds { ["a"] = new[] { 0.0, 6 } }, Noisy, resultsSoll: 3.0,
            method: "cmaes", record: ["r"], seed: 4, options: NoFiles).CreateEvaluator();
        var seen = new Recorded();
        var outcome = new LocalPolish(evaluator, plan).Run([[1.0], [5.0]], 80, Counter(), seen.Add, settings: new LocalPolishSettings { CommonRandomNumbers = common });
        var keys = seen.Candidates.Select(c => c.NoiseKey).Distinct().Count();
        if (common)
        {
            Assert.Equal(2, keys);
            // with its noise fixed the loss is a smooth quadratic in a: LM lands on its minimum, 3 − (mean noise), exactly
            Assert.All(outcome.Runs, r => Assert.Contains(r.Reason, new[] { LocalStopReason.Gradient, LocalStopReason.Step, LocalStopReason.Reduction }));
            Assert.InRange(outcome.BestValues![0], 2.5, 3.5);
        }
        else Assert.Equal(seen.Candidates.Count, keys); // and the finite differences measure mostly noise
    }

    [Fact]
    public void AFailedStartGetsNoSearch()
    {
        static LossValue Failing(ExperimentResults ist, object? soll) => double.NaN;
        var (failing, failingPlan) = new OptNeuron(() => new Run100(), Failing, new VariablesBounds { ["a"] = new[] { 0.0, 6 } }, Noisy, resultsSoll: 3.0,
            method: "cmaes", record: ["r"], options: NoFiles).CreateEvaluator();
        var outcome = new LocalPolish(failing, failingPlan).Run([[1.0]], 50, Counter(), (_, _) => { });
        Assert.Equal("none", outcome.Runs[0].Method);
        Assert.Equal(1, outcome.Evaluations);
        Assert.Null(outcome.BestValues);
    }
}
