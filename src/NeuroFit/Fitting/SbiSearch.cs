using System.Diagnostics;
using NeuroFit.Inference;
using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Sequential;
using NeuroFit.Inference.Simulation;
using NeuroFit.Progress;
using NeuroFit.Results;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Fitting;

/// <summary>
/// method "sbi": neural posterior estimation over the bounds, in sequential rounds (each round draws θ from the
/// posterior truncated to its high-probability region). Seed mode (CompNeuroPy's intent): x = the candidate's loss,
/// x_o = 0, best = the most probable of 10,000 posterior samples. Statistics mode (a summary-statistics function is
/// given): x = statistics of the candidate, x_o = statistics of the target, best = the posterior's MAP.
/// </summary>
internal sealed class SbiSearch(OptNeuron owner, BatchEvaluator evaluator, ParameterPlan plan, IPrior? prior, object? resultsSoll, KernelCache kernels)
{
    private const int PosteriorSampleCount = 10_000;

    public SearchOutcome Run(int maxEvals, List<HistoryEntry> history, Stopwatch clock)
    {
        _ = kernels;
        var options = owner.Options;
        var rounds = Math.Max(1, Math.Min(options.SbiRounds, maxEvals / 100));
        var theta0 = prior ?? new BoxUniform([.. plan.Ranges.Select(r => r.Lower)], [.. plan.Ranges.Select(r => r.Upper)]);
        var statistics = options.SummaryStatistics;
        var xo = statistics is null ? [0.0] : options.ObservedStatistics ?? ObservedFromTarget(statistics);
        var seed = unchecked((int)(owner.Seed ^ (owner.Seed >> 32)));
        var nextTrial = 0L;
        var best = double.PositiveInfinity;
        (int Evaluation, double[] Theta)? bestSimulation = null;
        var notes = new List<string>();
        var limits = options.SbiSampling ?? new SamplingLimits { SampleWith = PosteriorSampling.Auto };
        SequentialResult? outcome = null;

        options.Progress.Run("sbi fit", maxEvals, report =>
        {
            var round = 1;
            var failed = history.Count(h => h.Failure is not null); // counted as they come, not recounted per report
            // training the estimator takes most of a large run: the progress says so instead of standing still
            FitProgressSnapshot Snapshot(string doing) =>
                new(history.Count, maxEvals, best, failed, clock.Elapsed.TotalSeconds) { Stage = $"round {round}/{rounds}, {doing}" };
            var simulator = new DelegateSimulator(theta =>
            {
                if (options.Cancellation.IsCancellationRequested) // no posterior without every round
                    throw new OperationCanceledException("sbi keeps no partial result (the posterior needs every round)", options.Cancellation);
                var n = theta.GetLength(0);
                var candidates = Enumerable.Range(0, n).Select(i => new Candidate(nextTrial++, Row(theta, i))).ToList();
                var (losses, results) = evaluator.Run(candidates, keepResults: statistics is not null);
                var x = new double[n, xo.Length];
                for (var i = 0; i < n; i++)
                {
                    var loss = losses[i];
                    if (!loss.Failed && loss.Loss < best)
                    {
                        best = loss.Loss;
                        bestSimulation = (history.Count + 1, candidates[i].Values);
                    }
                    if (loss.Failed) failed++;
                    history.Add(new HistoryEntry(history.Count + 1, loss.Failed ? null : loss.Loss, double.IsFinite(best) ? best : null,
                        clock.Elapsed.TotalSeconds, loss.FailureReason));
                    var row = loss.Failed ? Enumerable.Repeat(double.NaN, xo.Length).ToArray()
                        : statistics is null ? [loss.Loss] : statistics(results[i]);
                    if (row.Length != xo.Length)
                        throw new FitConfigurationException($"the summary statistics have {row.Length} values for a candidate but {xo.Length} for the target");
                    for (var j = 0; j < xo.Length; j++) x[i, j] = row[j];
                }
                report(Snapshot("simulating"));
                return x;
            });
            var npe = new SequentialNpe(theta0, simulator, options.SbiEstimator ?? new MdnSettings(), limits: limits);
            // Seed mode looks for the minimum: rounds close in on the 95 % highest-density box (SeedMode);
            // statistics mode keeps the cautious truncation of TSNPE (1e-3 of the mass dropped, 10 % margin).
            var settings = statistics is null ? SequentialSettings.SeedMode(maxEvals) with { Rounds = rounds, SimulationsPerRound = maxEvals / rounds } :
                new SequentialSettings { Rounds = rounds, SimulationsPerRound = maxEvals / rounds };
            try
            {
                outcome = npe.Run(xo, settings with { SimulationBatchSize = options.BatchSize ?? 64 }, seed,
                    onRound: r => round = Math.Min(r.Round + 1, rounds),
                    onEpoch: (r, epoch) => { round = r; report(Snapshot($"training, epoch {epoch.Epoch}")); });
            }
            catch (PosteriorSamplingException e) { throw SamplingFailed(e, history.Count, maxEvals); }
        });

        var posterior = outcome!.Posterior;
        var invalid = outcome.InvalidSimulations;
        if (invalid > 0) notes.Add($"{invalid} of {history.Count} simulations were invalid (failed or non-finite) and were left out of training");
        if (statistics is not null && options.SbiStatisticsNote is { } statisticsNote) notes.Add(statisticsNote);
        notes.Add($"sbi: {rounds} round(s) of {maxEvals / rounds} simulations, {(statistics is null ? "seed mode (x = loss, x_o = 0)" : "statistics mode")}");
        PosteriorDraws draws;
        try { draws = posterior.Draw(PosteriorSampleCount, xo, seed + 1); }
        catch (PosteriorSamplingException e) { throw SamplingFailed(e, history.Count, maxEvals); }
        var samples = draws.Theta;
        if (draws.Method == PosteriorSampling.Mcmc && limits.SampleWith == PosteriorSampling.Auto)
            notes.Add($"sbi: only {draws.Accepted} of {draws.Proposed} direct posterior draws ({draws.AcceptanceRate:P2}) fell inside the bounds " +
                      "(the density estimator leaks mass outside them), so the posterior samples were drawn by slice-sampling MCMC restricted to the bounds " +
                      "(method_options.sbi_sampling: auto; direct refuses, mcmc always samples this way)");
        var bestTheta = statistics is null
            ? posterior.MostProbableSample(PosteriorSampleCount, xo, seed + 1).Theta // CompNeuroPy's choice: the most probable of 10,000 samples
            : posterior.Map(xo, seed + 2).Theta;
        var bestTrial = nextTrial++;
        var bestLoss = evaluator.Evaluate([new Candidate(bestTrial, bestTheta)])[0];
        if (bestSimulation is { } lowest && !(bestLoss.Loss <= best))
            notes.Add($"the best parameters are the posterior's {(statistics is null ? "most probable sample" : "MAP")} (loss {OptNeuron.Format(bestLoss.Loss)}); " +
                      $"the lowest loss among the simulations was {OptNeuron.Format(best)}, at evaluation {lowest.Evaluation}: " +
                      string.Join(", ", plan.Optimised.Select((n, j) => $"{n} = {OptNeuron.Format(lowest.Theta[j])}")));
        return new SearchOutcome(bestTheta, bestTrial, bestLoss.Loss, bestLoss.Std, notes, samples);
    }

    /// <summary>A sampling limit as the user can change it: config keys (and the OptNeuron option), not C# property names.</summary>
    private static FitConfigurationException SamplingFailed(PosteriorSamplingException e, int simulated, int maxEvals) => new(e.Limit switch
    {
        SamplingLimit.Time =>
            $"sbi posterior sampling hit its time limit after {simulated} of {maxEvals} simulations ({e.Accepted} of {e.Proposed} direct draws inside the bounds); " +
            "raise method_options.sbi_sampling_seconds (OptNeuronOptions.SbiSampling.MaxTime), or use more simulations (--max-evals) so that the posterior is sharper",
        _ =>
            $"sbi posterior sampling gave up after {simulated} of {maxEvals} simulations: only {e.Accepted} of {e.Proposed} direct draws fell inside the bounds; " +
            "use method_options.sbi_sampling: auto or mcmc (MCMC restricted to the bounds), or more simulations (--max-evals)",
    });

    private double[] ObservedFromTarget(Func<ExperimentResults, double[]> statistics) => resultsSoll switch
    {
        ExperimentResults target => statistics(target),
        _ => throw new FitConfigurationException(
            "sbi statistics mode needs the target's statistics: give OptNeuronOptions.ObservedStatistics, or use a target model"),
    };

    private static double[] Row(double[,] m, int r)
    {
        var row = new double[m.GetLength(1)];
        for (var j = 0; j < row.Length; j++) row[j] = m[r, j];
        return row;
    }
}
