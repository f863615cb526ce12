using System.Diagnostics;
using System.Globalization;
using NeuroFit.Inference.Priors;
using NeuroFit.Models;
using NeuroFit.Models.Analysis;
using NeuroFit.Fitting.Auto;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Results;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Fitting;

/// <summary>
/// Fits the parameters of a neuron model (CompNeuroPy's <c>OptNeuron</c>): the experiment runs on batches of candidate
/// parameter sets (one neuron per candidate), the loss compares each with the target, and an optimiser proposes the
/// next candidates. Either give recorded target data (<c>resultsSoll</c>) or a target model (<c>targetNeuronModel</c>).
/// Any number of instances can live in one process.
/// </summary>
public sealed class OptNeuron
{
    /// <summary>Methods accepted by the <c>method</c> argument.</summary>
    public static readonly IReadOnlyList<string> Methods = ["auto", "hyperopt", "optuna", "deap", "cmaes", "random", "sobol", "sbi", "bads"];

    internal const string TargetPopulationName = "target_model_neuron";
    private const long RerunTrialNumber = -2;

    private readonly Func<Experiment> _experiment;
    private readonly Func<ExperimentResults, object?, LossValue> _getLoss;
    private readonly AnalysedModel _model;
    private readonly AnalysedModel? _target;
    private readonly object? _resultsSoll;
    private readonly ParameterPlan _plan;
    private readonly SearchSpace? _fvSpace;
    private readonly IPrior? _prior;
    private readonly IReadOnlyList<string> _record;
    private readonly List<HistoryEntry> _history = [];
    private readonly IReadOnlyDictionary<string, string> _units;
    private readonly IReadOnlyDictionary<string, Optimization.Samplers.PlausibleRange>? _plausible;

    /// <summary>Sets up a fit and checks it (see the class summary); mistakes throw <see cref="FitConfigurationException"/> or <see cref="ModelException"/>.</summary>
    /// <param name="experiment">Creates the experiment (a fresh instance per evaluated batch).</param>
    /// <param name="getLoss">Loss of one candidate's results against the target; one value or a list that is summed.</param>
    /// <param name="variablesBounds">[lo, hi] to optimise, a number to hold constant, a string to compute from other entries.</param>
    /// <param name="neuronModel">The model to tune.</param>
    /// <param name="resultsSoll">Target data handed to <paramref name="getLoss"/> as its second argument.</param>
    /// <param name="targetNeuronModel">A model that produces the target by running the experiment once.</param>
    /// <param name="timeStep">Integration step in ms.</param>
    /// <param name="compileFolderName">Kept for CompNeuroPy compatibility: NeuroFit compiles in memory and writes nothing there.</param>
    /// <param name="numRepLoss">Repeats per candidate for noisy models; the loss is their mean, its SD is reported.</param>
    /// <param name="method">hyperopt (TPE), optuna (TPE), deap or cmaes (CMA-ES), random, sobol, sbi, auto (the global strategy,
    /// docs/optimizers.md), or bads (Bayesian adaptive direct search; plausible bounds in <see cref="OptNeuronOptions.PlausibleBounds"/>).</param>
    /// <param name="prior">sbi: the prior (default: uniform over the bounds).</param>
    /// <param name="fvSpace">hyperopt/optuna: the search space (default: uniform per bound).</param>
    /// <param name="record">Variables of the tuned neuron to record for the experiment (e.g. <c>["v", "spike"]</c>).</param>
    /// <param name="recordingPeriod">Recording period in ms (default dt).</param>
    /// <param name="seed">Seed of every random choice: the same seed gives the same trials and the same best.</param>
    /// <param name="options">Further settings.</param>
    public OptNeuron(
        Func<Experiment> experiment,
        Func<ExperimentResults, object?, LossValue> getLoss,
        VariablesBounds variablesBounds,
        NeuronModel neuronModel,
        object? resultsSoll = null,
        NeuronModel? targetNeuronModel = null,
        double timeStep = 1,
        string compileFolderName = "annarchy_opt_neuron",
        int numRepLoss = 1,
        string method = "hyperopt",
        IPrior? prior = null,
        SearchSpace? fvSpace = null,
        IReadOnlyList<string>? record = null,
        double? recordingPeriod = null,
        long seed = 0,
        OptNeuronOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(getLoss);
        ArgumentNullException.ThrowIfNull(variablesBounds);
        ArgumentNullException.ThrowIfNull(neuronModel);
        if (resultsSoll is null == targetNeuronModel is null)
            throw new FitConfigurationException(resultsSoll is null
                ? "give the target: either resultsSoll (target data) or targetNeuronModel (a model that produces it)"
                : "give either resultsSoll or targetNeuronModel, not both");
        if (!(timeStep > 0) || !double.IsFinite(timeStep)) throw new FitConfigurationException($"timeStep must be a positive number of ms, got {timeStep}");
        if (numRepLoss < 1) throw new FitConfigurationException($"numRepLoss must be at least 1, got {numRepLoss}");
        Method = method.Trim().ToLowerInvariant();
        if (!Methods.Contains(Method)) throw new FitConfigurationException($"unknown method '{method}'; use one of {string.Join(", ", Methods)}");
        if (recordingPeriod is { } period && !(period >= timeStep))
            throw new FitConfigurationException($"recordingPeriod ({period} ms) must be at least timeStep ({timeStep} ms)");

        _experiment = experiment;
        _getLoss = getLoss;
        _model = neuronModel.Analyse();
        _target = targetNeuronModel?.Analyse();
        _units = ModelUnits.Of(neuronModel);
        _resultsSoll = resultsSoll;
        _record = record ?? [];
        foreach (var name in _record)
            if (name != "spike" && _model.VariableIndex(name) < 0)
                throw new FitConfigurationException($"record: the model has no variable '{name}'; its variables are {string.Join(", ", _model.Variables.Select(v => v.Name))}");
        var attributes = _model.Parameters.Select(p => p.Name).Concat(_model.Variables.Select(v => v.Name)).ToList();
        _plan = ParameterPlan.Create(variablesBounds, attributes, _model.Parameters.ToDictionary(p => p.Name, p => p.Default),
            text => new BoundExpression(ModelExpression.Parse(text)));
        if (fvSpace is not null && !fvSpace.Names.Order().SequenceEqual(_plan.Optimised.Order()))
            throw new FitConfigurationException(
                $"fvSpace must define exactly the optimised parameters ({string.Join(", ", _plan.Optimised)}); it defines {string.Join(", ", fvSpace.Names)}");
        _fvSpace = fvSpace;
        _prior = prior;
        if (prior is not null && prior.Dimension != _plan.Optimised.Count)
            throw new FitConfigurationException($"the prior has {prior.Dimension} dimensions but {_plan.Optimised.Count} parameters are optimised");
        TimeStep = timeStep;
        CompileFolderName = compileFolderName;
        NumRepLoss = numRepLoss;
        RecordingPeriod = recordingPeriod;
        Seed = seed;
        Options = options ?? new OptNeuronOptions();
        _plausible = PlausibleBoundsPlan.Create(Options.PlausibleBounds, _plan);
    }

    /// <summary>The method, lower-cased.</summary>
    public string Method { get; }

    /// <summary>Integration step in ms.</summary>
    public double TimeStep { get; }

    /// <summary>CompNeuroPy's compile folder name (unused: kernels are compiled in memory).</summary>
    public string CompileFolderName { get; }

    /// <summary>Repeats per candidate.</summary>
    public int NumRepLoss { get; }

    /// <summary>Recording period in ms, or null for dt.</summary>
    public double? RecordingPeriod { get; }

    /// <summary>Seed.</summary>
    public long Seed { get; }

    /// <summary>Further settings.</summary>
    public OptNeuronOptions Options { get; }

    /// <summary>Names of the optimised parameters, in bounds order.</summary>
    public IReadOnlyList<string> OptimisedNames => _plan.Optimised;

    /// <summary>The fewest evaluations method "sbi" accepts (the simulations of one round that train the posterior).</summary>
    public const int SbiMinimumEvaluations = 10;

    /// <summary>The fewest evaluations method "bads" accepts (CompNeuroPy: "bads needs at least 4 evaluations").</summary>
    public const int BadsMinimumEvaluations = 4;

    /// <summary>The plausible ranges of <see cref="OptNeuronOptions.PlausibleBounds"/>, checked and ordered; null when none.</summary>
    internal IReadOnlyDictionary<string, Optimization.Samplers.PlausibleRange>? PlausibleRanges => _plausible;

    /// <summary>Why method sbi refuses a time limit.</summary>
    internal const string SbiTimeLimitMessage =
        "method sbi takes no time limit: it plans its simulation rounds from the evaluation budget and needs every round for its posterior; " +
        "give max_evals alone (a first run with few evaluations shows the simulations per second)";

    /// <summary>Loss history of the last <see cref="Run"/>: one entry per evaluation.</summary>
    public IReadOnlyList<HistoryEntry> LossHistory => _history;

    /// <summary>
    /// Runs the optimisation with <paramref name="maxEvals"/> evaluations (parameter sets; every method counts the same way),
    /// re-runs the best parameters, writes <c>&lt;OutputDirectory&gt;/&lt;resultsFileName&gt;.json</c> and <c>.npz</c> and the figures,
    /// and returns the result.
    /// </summary>
    /// <param name="maxEvals">Evaluations (parameter sets) at most.</param>
    /// <param name="resultsFileName">Base name of the results files.</param>
    /// <param name="sbiPlotFile">sbi: the posterior pair plot (relative names go beside the results).</param>
    /// <param name="timeLimit">Wall time for the search, counted from this call (compiling and the target's run included):
    /// the search stops at whichever comes first, <paramref name="maxEvals"/> or the limit, checked between batches (so it
    /// ends at most one batch late); <see cref="OptNeuronResult.StopReason"/> says which. The re-run of the best and the
    /// files come after the limit. Null: no limit. Method sbi takes none (it plans its rounds from <paramref name="maxEvals"/>).</param>
    public OptNeuronResult Run(int maxEvals, string resultsFileName = "best", string sbiPlotFile = "posterior.svg", TimeSpan? timeLimit = null)
    {
        if (maxEvals < 1) throw new FitConfigurationException($"maxEvals must be at least 1, got {maxEvals}");
        if (timeLimit is { } limit && limit <= TimeSpan.Zero) throw new FitConfigurationException($"timeLimit must be positive, got {limit.TotalSeconds} s");
        if (Method == "sbi" && timeLimit is not null) throw new FitConfigurationException(SbiTimeLimitMessage);
        if (Method == "sbi" && maxEvals < SbiMinimumEvaluations)
            throw new FitConfigurationException($"method sbi needs at least {SbiMinimumEvaluations} evaluations to train its posterior, got {maxEvals}");
        var budget = new FitBudget(maxEvals, timeLimit);
        if (Method == "bads" && maxEvals < BadsMinimumEvaluations)
            throw new FitConfigurationException($"bads needs at least {BadsMinimumEvaluations} evaluations, got {maxEvals}");
        var notes = new List<string>(_plan.Notes);
        if (_plausible is not null && Method != "bads") notes.Add($"plausible bounds are an option of bads; method {Method} does not use them");
        var name = Path.GetFileName(resultsFileName);
        if (name.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^4];
            notes.Add($"results file name '{resultsFileName}' ends in .npy (CompNeuroPy ≤ 2023); NeuroFit writes '{name}.json' and '{name}.npz' instead");
        }
        var kernels = new KernelCache();
        var evaluator = new BatchEvaluator(_model, _plan, _experiment, _getLoss, _record, RecordingPeriod, TimeStep, unchecked((ulong)Seed),
            NumRepLoss, Options.Threads, kernels);
        var resultsSoll = _target is null ? _resultsSoll : RunTarget(kernels);
        evaluator.ResultsSoll = resultsSoll;
        var centre = CheckCompatibility(evaluator);

        _history.Clear();
        var clock = Stopwatch.StartNew();
        var search = Method switch
        {
            "sbi" => new SbiSearch(this, evaluator, _plan, _prior, resultsSoll, kernels).Run(maxEvals, _history, clock),
            "auto" => CreateAutoSearch(evaluator, resultsSoll, kernels).Run(budget, _history, clock),
            _ => new StudySearch(this, evaluator, _plan, _fvSpace, name).Run(budget, _history, clock),
        };
        var seconds = clock.Elapsed.TotalSeconds;
        notes.AddRange(search.Notes);
        if (FitNotes.FlatLoss(_history) is { } flat) notes.Add(flat);

        var best = search.BestValues;
        // The re-run draws fresh noise (its own key), so for a noisy model RerunLoss shows how well the best generalises.
        var (rerun, rerunResults) = evaluator.Run([new Candidate(RerunTrialNumber, best)], keepResults: true);
        if (rerun[0].FailureReason is { } rerunFailure)
            notes.Add($"the re-run of the best parameters failed ({rerunFailure}): RerunLoss is ∞ and AllLoss is empty; Loss is the best evaluation's");
        var known = KnownParameters.Combine(Options.KnownParameters, TargetValues());
        var truth = known is not null && _plan.Optimised.All(known.Values.ContainsKey) ? _plan.Optimised.Select(n => known.Values[n]).ToArray() : null;
        var scale = ScaleReferences.Compute(evaluator, _plan, centre, _history, Method, Options.ScaleSamples, Options.BatchSize, truth, Options.Cancellation);
        var result = new OptNeuronResult
        {
            Best = _plan.Optimised.Select((n, i) => (n, best[i])).ToDictionary(p => p.n, p => p.Item2),
            Parameters = _plan.Resolve(best),
            Loss = search.BestLoss,
            RerunLoss = rerun[0].Loss,
            AllLoss = rerun[0].Components,
            Std = search.BestStd,
            Results = rerunResults[0],
            ResultsSoll = resultsSoll,
            History = [.. _history],
            Method = Method,
            Seed = Seed,
            Evaluations = _history.Count,
            Failed = _history.Count(h => h.Failure is not null),
            Seconds = seconds,
            SuggestSeconds = search.SuggestSeconds,
            PosteriorSamples = search.PosteriorSamples,
            Interrupted = search.Interrupted,
            StopReason = search.StopReason,
            TimeLimit = timeLimit,
            Notes = notes,
            Scale = scale,
            Known = known?.Compare(_plan.Optimised.Select((n, i) => KeyValuePair.Create(n, best[i]))),
            Units = _units,
        };
        if (Options.WriteFiles && Figures.FigureFormats.MissingPngNote is { } png) notes.Add(png);
        return Options.WriteFiles ? ResultsWriter.Write(result, _plan, Options.OutputDirectory, name, sbiPlotFile, _model.Name) : result;
    }

    /// <summary>Method auto on this fit: with a growing horizon when the options give one (config fits).</summary>
    private AutoSearch CreateAutoSearch(BatchEvaluator full, object? resultsSoll, KernelCache kernels)
    {
        if (Options.Horizon is not { } horizon) return new AutoSearch(this, full, _plan, null, null);
        var horizons = HorizonSchedule.Create(horizon.DurationMs, horizon.EventTimesMs(resultsSoll));
        BatchEvaluator? At(double h) => horizon.At(h, resultsSoll) is { } stage
            ? new BatchEvaluator(_model, _plan, stage.Experiment, stage.Loss, _record, RecordingPeriod, TimeStep, unchecked((ulong)Seed), NumRepLoss, Options.Threads, kernels)
              { ResultsSoll = stage.ResultsSoll }
            : null;
        return new AutoSearch(this, full, _plan, horizons, At);
    }

    /// <summary>Creates, in <paramref name="storage"/>, the study that <see cref="Run"/> uses with that storage and
    /// study name, without evaluating anything, so that workers can join it (<c>neurofit study create</c>).</summary>
    internal Study CreateStudy(IStudyStorage storage, string name)
    {
        if (Method is "sbi" or "auto") throw new FitConfigurationException($"method {Method} does not run on a study; studies with workers need hyperopt, optuna, deap/cmaes, random, sobol or bads");
        var (space, sampler) = StudySearch.Definition(this, _plan, _fvSpace);
        return Study.Create(storage, name, space, sampler, new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
    }

    /// <summary>An evaluator of this fit's candidates with the target in place, and the parameter plan: for stages run
    /// on their own (the local polish's tests and measurements).</summary>
    internal (BatchEvaluator Evaluator, ParameterPlan Plan) CreateEvaluator()
    {
        var kernels = new KernelCache();
        var evaluator = new BatchEvaluator(_model, _plan, _experiment, _getLoss, _record, RecordingPeriod, TimeStep, unchecked((ulong)Seed),
            NumRepLoss, Options.Threads, kernels);
        evaluator.ResultsSoll = _target is null ? _resultsSoll : RunTarget(kernels);
        return (evaluator, _plan);
    }

    private ExperimentResults RunTarget(KernelCache kernels)
    {
        var network = new Network(TimeStep, unchecked((ulong)Seed), Options.Threads, kernels);
        network.AddPopulation(TargetPopulationName, _target!, 1);
        try
        {
            return BatchEvaluator.RunExperiment(_experiment, network, TargetPopulationName, _record, RecordingPeriod, storeModelState: false);
        }
        catch (Exception e) when (e is not FitConfigurationException)
        {
            throw new FitConfigurationException($"experiment / target model not compatible: running the experiment on the target model failed: {e.GetType().Name}: {e.Message}", e);
        }
    }

    /// <summary>The target model's values of the optimised parameters it has (the truth a fit to it should find).</summary>
    private KnownParameters? TargetValues()
    {
        if (_target is null) return null;
        var values = _plan.Optimised.Where(n => _target.ParameterIndex(n) >= 0).ToDictionary(n => n, n => _target.Parameters[_target.ParameterIndex(n)].Default);
        return values.Count == 0 ? null : new KnownParameters(values, $"the target model '{_target.Name}'");
    }

    /// <summary>Runs the centre of the bounds once: a model, experiment or loss that cannot work together fails here,
    /// before any search; its loss is the fit's first scale reference.</summary>
    private CandidateLoss CheckCompatibility(BatchEvaluator evaluator)
    {
        IReadOnlyList<CandidateLoss> losses;
        try { losses = evaluator.Run([new Candidate(-1, _plan.Centre())], keepResults: true).Losses; }
        catch (Exception e) when (e is not FitConfigurationException)
        {
            throw new FitConfigurationException($"experiment / loss / model not compatible: the experiment failed at the centre of the bounds: {e.GetType().Name}: {e.Message}", e);
        }
        if (losses[0].FailureReason is { } reason && reason.StartsWith("the loss function threw", StringComparison.Ordinal))
            throw new FitConfigurationException($"experiment / loss / model not compatible: at the centre of the bounds {reason}");
        return losses[0];
    }

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private sealed class BoundExpression(ModelExpression expression) : IBoundExpression
    {
        public IReadOnlyCollection<string> Names => expression.Names;

        public double Evaluate(IReadOnlyDictionary<string, double> values) => expression.Evaluate(values);
    }
}
