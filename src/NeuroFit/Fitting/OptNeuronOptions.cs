using NeuroFit.Inference.Estimators;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Storage;
using NeuroFit.Progress;

namespace NeuroFit.Fitting;

/// <summary>Settings of <see cref="OptNeuron"/> beyond CompNeuroPy's arguments; the defaults suit most fits.</summary>
public sealed record OptNeuronOptions
{
    /// <summary>
    /// Candidates simulated together as one population. Null: the method's natural batch (a CMA-ES generation;
    /// 1 for TPE, as hyperopt suggests one trial at a time; 64 for random, Sobol and sbi simulations).
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>Engine threads per batch (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Progress reporting (default: silent; the CLI passes a progress bar).</summary>
    public IFitProgress Progress { get; init; } = new SilentProgress();

    /// <summary>Folder of the results files (default <c>dataRaw/parameter_fit</c>, as CompNeuroPy).</summary>
    public string OutputDirectory { get; init; } = Path.Combine("dataRaw", "parameter_fit");

    /// <summary>Write the JSON/NPZ results and the figures (off in benchmarks).</summary>
    public bool WriteFiles { get; init; } = true;

    /// <summary>Storage of the study (default in memory); with SQLite or PostgreSQL a killed fit resumes.</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>Study name in <see cref="Storage"/> (default: the results file name).</summary>
    public string? StudyName { get; init; }

    /// <summary>
    /// What the loss is computed from (model, target, experiment, loss, fixed parameters), as any string that changes
    /// when they change (a config gives a hash). Stored with the study; resuming a study stored with another key is a
    /// <see cref="FitConfigurationException"/>, because its losses would not compare with the new ones. Null: not checked.
    /// </summary>
    public string? ObjectiveKey { get; init; }

    /// <summary>How this process works on the study as one of its workers (heartbeat, grace period, worker id);
    /// <see cref="StudyOptions.MaxTrials"/> is set from maxEvals. Null: the defaults.</summary>
    public StudyOptions? StudyOptions { get; init; }

    /// <summary>CMA-ES initial step size in the unit cube (CompNeuroPy: 0.25).</summary>
    public double CmaSigma0 { get; init; } = 0.25;

    /// <summary>
    /// bads: plausible ranges of optimised parameters, <c>{name: [a, b]}</c> in either order (CompNeuroPy's
    /// <c>variables_bounds_guess</c>): where the optimum probably is. They set BADS's starting mesh and initial design;
    /// the search may leave them, never the bounds. A parameter not named uses its bounds. Other methods ignore them (a
    /// note says so).
    /// </summary>
    public IReadOnlyDictionary<string, double[]>? PlausibleBounds { get; init; }

    /// <summary>bads: further PyBADS-style options (<c>bads_params_dict</c>) as a template; its seed and plausible
    /// bounds are replaced by the fit's. Null: PyBADS's defaults with the starting point drawn uniformly in the bounds
    /// (CompNeuroPy's x0).</summary>
    public Optimization.Samplers.BadsSettings? Bads { get; init; }

    /// <summary>sbi: summary statistics of a candidate's results (statistics mode); null = seed mode (x = loss, x_o = 0).</summary>
    public Func<Simulation.Experiments.ExperimentResults, double[]>? SummaryStatistics { get; init; }

    /// <summary>sbi: statistics of the target (statistics mode); computed from the target model's results when null.</summary>
    public double[]? ObservedStatistics { get; init; }

    /// <summary>sbi: a note about how the statistics were made (configs' <c>sbi_statistics: loss</c>), reported with the result.</summary>
    internal string? SbiStatisticsNote { get; init; }

    /// <summary>sbi: density estimator (default MDN with 10 components, CompNeuroPy's choice).</summary>
    public DensityEstimatorSettings? SbiEstimator { get; init; }

    /// <summary>sbi: simulation rounds; later rounds draw from the posterior truncated to its high-probability region.</summary>
    public int SbiRounds { get; init; } = 8;

    /// <summary>sbi: how the posterior is sampled and when sampling gives up. Null: draws straight from the density
    /// estimator, and slice-sampling MCMC on the posterior restricted to the bounds when fewer than 0.1 % of those
    /// draws fall inside them (<see cref="Inference.Posteriors.PosteriorSampling.Auto"/>; a note says so); 2 minutes per
    /// sampling call at most. Config: <c>method_options.sbi_sampling</c> and <c>sbi_sampling_seconds</c>.</summary>
    public Inference.Posteriors.SamplingLimits? SbiSampling { get; init; }


    /// <summary>
    /// Stops the search between two batches (e.g. on Ctrl-C). hyperopt, optuna, cmaes, random and sobol then finish
    /// with what was evaluated (<see cref="OptNeuronResult.Interrupted"/>, a note says so, the files are written); sbi,
    /// which needs all its rounds for a posterior, and a search stopped before its first batch finished throw
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>auto: how to cut the experiment after a horizon (config fits give it; null fits the whole experiment only).</summary>
    internal Auto.IHorizonObjective? Horizon { get; init; }

    /// <summary>
    /// Random candidates evaluated once after the fit to give the best loss its scale (<see cref="OptNeuronResult.Scale"/>):
    /// the median and best of a fixed uniform sample within the bounds (method random takes its own first evaluations).
    /// 0 skips them; the centre of the bounds is always reported.
    /// </summary>
    public int ScaleSamples { get; init; } = 64;

    /// <summary>
    /// True values of fitted parameters (synthetic data from known parameters), compared with the fitted ones in the
    /// results (<see cref="OptNeuronResult.Known"/>). With a target model, its values of the fitted parameters fill in
    /// the names these lack.
    /// </summary>
    public Results.KnownParameters? KnownParameters { get; init; }
}
