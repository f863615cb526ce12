using NeuroFit.Results;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Fitting;

/// <summary>What <see cref="OptNeuron.Run"/> returns (CompNeuroPy's result dict, typed).</summary>
public sealed record OptNeuronResult
{
    /// <summary>Best value of every optimised parameter.</summary>
    public required IReadOnlyDictionary<string, double> Best { get; init; }

    /// <summary>Every entry of the bounds for the best candidate: optimised, constants and resolved expressions.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>Loss of the best evaluation (not of a re-run).</summary>
    public required double Loss { get; init; }

    /// <summary>Loss of the re-run of the best parameters (equal to <see cref="Loss"/> for deterministic models).</summary>
    public required double RerunLoss { get; init; }

    /// <summary>Loss components of the best parameters (the list the loss function returned), from the re-run.</summary>
    public required IReadOnlyList<double> AllLoss { get; init; }

    /// <summary>SD of the best loss over repeats (numRepLoss &gt; 1), else null.</summary>
    public double? Std { get; init; }

    /// <summary>The experiment's results for the best parameters (re-run).</summary>
    public required ExperimentResults Results { get; init; }

    /// <summary>The target: the user's data, or the target model's results.</summary>
    public object? ResultsSoll { get; init; }

    /// <summary>Loss history, one entry per evaluation.</summary>
    public required IReadOnlyList<HistoryEntry> History { get; init; }

    /// <summary>Method used.</summary>
    public required string Method { get; init; }

    /// <summary>Seed used.</summary>
    public required long Seed { get; init; }

    /// <summary>Evaluations done.</summary>
    public required int Evaluations { get; init; }

    /// <summary>Evaluations that failed.</summary>
    public required int Failed { get; init; }

    /// <summary>Seconds spent optimising (compile excluded).</summary>
    public required double Seconds { get; init; }

    /// <summary>Seconds of <see cref="Seconds"/> spent by the optimiser proposing candidates (the rest is simulation and loss).</summary>
    public double SuggestSeconds { get; init; }

    /// <summary>sbi: samples of the posterior (rows = samples, columns = optimised parameters), else null.</summary>
    public double[,]? PosteriorSamples { get; init; }

    /// <summary>Files written (JSON, NPZ, figures).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>True when <see cref="OptNeuronOptions.Cancellation"/> stopped the search before <c>maxEvals</c> evaluations.</summary>
    public bool Interrupted { get; init; }

    /// <summary>What ended the search: max_evals, the time limit, the optimiser's convergence, or an interruption.</summary>
    public StopReason StopReason { get; init; } = StopReason.MaxEvals;

    /// <summary>The time limit the search ran under, or null.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Notes for the user (renamed results file, early stop, …).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Losses for scale: the centre of the bounds and random candidates (see <see cref="OptNeuronOptions.ScaleSamples"/>).</summary>
    public ScaleReference? Scale { get; init; }

    /// <summary>Fitted against true values when they are known (<see cref="OptNeuronOptions.KnownParameters"/>, a target model), else null.</summary>
    public KnownComparison? Known { get; init; }

    /// <summary>Units of the model's parameters and variables as its comments declare them (see <see cref="ModelUnits"/>).</summary>
    public IReadOnlyDictionary<string, string> Units { get; init; } = new Dictionary<string, string>();
}
