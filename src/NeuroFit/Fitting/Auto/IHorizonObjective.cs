using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Fitting.Auto;

/// <summary>
/// A fit whose experiment and loss can be cut after the first milliseconds of every chunk. <c>--method auto</c> uses it
/// to fit a growing time horizon: a spike train's loss is rugged because every misplaced spike costs as much as a
/// missing one, but the first few spikes alone are easy to place, and each later spike is then found near the point that
/// places the earlier ones. Config fits (<c>neurofit fit</c>) provide it; a C# experiment cannot be cut, so OptNeuron
/// fits those on the whole experiment.
/// </summary>
internal interface IHorizonObjective
{
    /// <summary>Length of the longest chunk in ms.</summary>
    double DurationMs { get; }

    /// <summary>Times (ms from a chunk's start, any chunk) where the target changes: its spikes and the phase boundaries.</summary>
    IReadOnlyList<double> EventTimesMs(object? resultsSoll);

    /// <summary>The experiment, loss and target cut after <paramref name="horizonMs"/>, or null when no loss term compares
    /// anything before it.</summary>
    HorizonStage? At(double horizonMs, object? resultsSoll);
}

/// <summary>What a batch evaluator needs to evaluate the fit up to a horizon.</summary>
internal sealed record HorizonStage(Func<Experiment> Experiment, Func<ExperimentResults, object?, LossValue> Loss, object? ResultsSoll);
