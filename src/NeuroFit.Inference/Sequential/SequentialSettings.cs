using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;
using NeuroFit.Inference.Training;

namespace NeuroFit.Inference.Sequential;

/// <summary>
/// Rounds of truncated sequential NPE. Round 1 simulates θ from the prior; every later round simulates θ from the
/// prior restricted to a box around the current posterior's high-probability region at x_o (the 1 − ε highest-density
/// draws, widened by <see cref="BoxMargin"/>, intersected with the previous box). With one round this is plain NPE.
/// </summary>
public sealed record SequentialSettings
{
    /// <summary>
    /// Settings for "seed mode" (x = the scalar loss of θ, x_o = 0, the aim being the loss minimum rather than a
    /// calibrated posterior): 8 rounds of <paramref name="simulations"/>/8 simulations, each new box around the 95 %
    /// highest-density draws without margin, so the region shrinks quickly around the minimum.
    /// </summary>
    public static SequentialSettings SeedMode(int simulations) => new()
    {
        Rounds = 8,
        SimulationsPerRound = Math.Max(10, simulations / 8),
        TruncationMass = 0.05,
        BoxMargin = 0,
    };

    /// <summary>Number of rounds (1 = amortised NPE).</summary>
    public int Rounds { get; init; } = 1;

    /// <summary>Simulations per round.</summary>
    public int SimulationsPerRound { get; init; } = 1000;

    /// <summary>ε: posterior mass (by density rank) left outside the high-probability region (TSNPE: 10⁻⁴).</summary>
    public double TruncationMass { get; init; } = 1e-3;

    /// <summary>Posterior draws used to find the region.</summary>
    public int RegionSamples { get; init; } = 10_000;

    /// <summary>Fraction of the region's width added on each side of the box.</summary>
    public double BoxMargin { get; init; } = 0.1;

    /// <summary>θ handed to the simulator per call.</summary>
    public int SimulationBatchSize { get; init; } = Simulations.DefaultBatchSize;

    internal void Validate()
    {
        static void Require(bool ok, string message) { if (!ok) throw new InferenceException(message); }
        Require(Rounds >= 1, $"sequential Rounds must be at least 1 (got {Rounds}).");
        Require(SimulationsPerRound >= 10, $"sequential SimulationsPerRound must be at least 10 (got {SimulationsPerRound}).");
        Require(TruncationMass > 0 && TruncationMass < 0.5, $"sequential TruncationMass must be in (0, 0.5) (got {TruncationMass}).");
        Require(RegionSamples >= 100, $"sequential RegionSamples must be at least 100 (got {RegionSamples}).");
        Require(BoxMargin >= 0, $"sequential BoxMargin must not be negative (got {BoxMargin}).");
        Require(SimulationBatchSize >= 1, $"sequential SimulationBatchSize must be at least 1 (got {SimulationBatchSize}).");
    }
}

/// <summary>What one round did.</summary>
/// <param name="Round">1-based round number.</param>
/// <param name="Region">Box the round's θ were drawn from (null: the whole prior).</param>
/// <param name="Simulated">Simulations run in this round.</param>
/// <param name="Invalid">Of those, excluded for NaN/±∞ in x.</param>
/// <param name="TrainingPairs">Valid pairs (all rounds) inside the region, used for training.</param>
/// <param name="Training">The training outcome.</param>
/// <param name="Posterior">The posterior after this round.</param>
public sealed record RoundReport(int Round, ParameterBox? Region, int Simulated, int Invalid, int TrainingPairs, TrainingResult Training, DirectPosterior Posterior);

/// <summary>The outcome of sequential inference.</summary>
/// <param name="Posterior">The final posterior (restricted to the last region).</param>
/// <param name="Rounds">One report per round.</param>
/// <param name="Simulations">Every simulation of every round.</param>
public sealed record SequentialResult(DirectPosterior Posterior, IReadOnlyList<RoundReport> Rounds, SimulationSet Simulations)
{
    /// <summary>Invalid simulations over all rounds.</summary>
    public int InvalidSimulations => Rounds.Sum(r => r.Invalid);
}
