using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;
using NeuroFit.Inference.Training;

namespace NeuroFit.Inference;

/// <summary>
/// Neural posterior estimation in sbi's three steps: collect simulations (<see cref="AppendSimulations(SimulationSet)"/>),
/// <see cref="Train"/> a conditional density estimator q(θ | x) on them, and <see cref="BuildPosterior"/> at any
/// observation. Settings are captured here; the network is built when training starts and the data fix its shapes.
/// </summary>
public sealed class Npe
{
    private SimulationSet _simulations;
    private TrainingResult? _last;

    /// <summary>Sets up inference for <paramref name="prior"/> (defaults: MAF, sbi's training settings).</summary>
    public Npe(IPrior prior, DensityEstimatorSettings? estimator = null, TrainingSettings? training = null)
    {
        Prior = prior;
        Estimator = estimator ?? new MafSettings();
        Training = training ?? new TrainingSettings();
        Training.Validate();
        _simulations = new SimulationSet(new double[0, prior.Dimension], new double[0, 0], 0, new double[0, prior.Dimension]);
    }

    /// <summary>The prior.</summary>
    public IPrior Prior { get; }

    /// <summary>The density estimator to build.</summary>
    public DensityEstimatorSettings Estimator { get; }

    /// <summary>The training settings.</summary>
    public TrainingSettings Training { get; }

    /// <summary>All pairs appended so far (invalid ones counted, not kept).</summary>
    public SimulationSet Simulations => _simulations;

    /// <summary>Adds simulated pairs; returns this for chaining.</summary>
    public Npe AppendSimulations(SimulationSet simulations)
    {
        if (simulations.ThetaDimension != Prior.Dimension)
            throw new InferenceException($"the simulations have θ of dimension {simulations.ThetaDimension} but the prior has dimension {Prior.Dimension}.");
        _simulations = _simulations.Concat(simulations);
        return this;
    }

    /// <summary>Adds (θ, x) pairs, excluding and counting rows with a NaN or ±∞; returns this for chaining.</summary>
    public Npe AppendSimulations(double[,] theta, double[,] x) => AppendSimulations(Inference.Simulation.Simulations.FromPairs(theta, x));

    /// <summary>Trains a new estimator on all appended pairs.</summary>
    public TrainingResult Train(int seed, Action<TrainingEpoch>? onEpoch = null)
    {
        if (_simulations.Count == 0)
            throw new InferenceException(_simulations.InvalidCount > 0
                ? $"all {_simulations.InvalidCount} simulations were invalid (NaN or ±∞ in x); nothing to train on."
                : "no simulations appended; call AppendSimulations first.");
        _last = NpeTrainer.Train(_simulations.Theta, _simulations.X, Estimator, Training, seed, onEpoch);
        return _last;
    }

    /// <summary>The posterior from <paramref name="training"/> (default: the last <see cref="Train"/>).</summary>
    public DirectPosterior BuildPosterior(TrainingResult? training = null, SamplingLimits? limits = null)
    {
        var result = training ?? _last ?? throw new InferenceException("no trained estimator yet; call Train first.");
        return new DirectPosterior(result.Estimator, Prior, truncation: null, limits);
    }
}
