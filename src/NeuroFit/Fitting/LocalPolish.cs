using NeuroFit.Optimization.Local;

namespace NeuroFit.Fitting;

/// <summary>Which local method <see cref="LocalPolish"/> runs from a start.</summary>
internal enum PolishMethod
{
    /// <summary>Levenberg–Marquardt when the start point has residuals, else the pattern search.</summary>
    Auto,
    /// <summary>Levenberg–Marquardt (a start without residuals stops at once).</summary>
    LevenbergMarquardt,
    /// <summary>The pattern search on the loss.</summary>
    PatternSearch,
}

/// <summary>Settings of <see cref="LocalPolish"/>; the defaults suit the built-in trace losses.</summary>
internal sealed record LocalPolishSettings
{
    public PolishMethod Method { get; init; } = PolishMethod.Auto;

    /// <summary>Levenberg–Marquardt's settings (its budget is set by the stage).</summary>
    public LevenbergMarquardtSettings LevenbergMarquardt { get; init; } = new();

    /// <summary>The pattern search's settings (its budget and seed are set by the stage).</summary>
    public PatternSearchSettings PatternSearch { get; init; } = new();

    /// <summary>Every point of one local search sees the noise of its start (<see cref="Candidate.NoiseKey"/>): a
    /// noisy model then gives a smooth objective to differentiate. Off: every point draws its own noise.</summary>
    public bool CommonRandomNumbers { get; init; } = true;

    /// <summary>Seed of the pattern search's random bases (start k uses seed mixed with k).</summary>
    public long Seed { get; init; }

    /// <summary>The clock the deadline is read on.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>How the local search from one start went.</summary>
/// <param name="Start">Index of the start.</param>
/// <param name="Method">"levenberg-marquardt", "pattern search", or "none" (the start failed).</param>
/// <param name="Reason">Why it stopped.</param>
/// <param name="Evaluations">Evaluations it used, its start included.</param>
/// <param name="StartLoss">Loss at the start (+∞ when it failed).</param>
/// <param name="BestLoss">Lowest loss it evaluated.</param>
internal sealed record PolishRun(int Start, string Method, LocalStopReason Reason, int Evaluations, double StartLoss, double BestLoss);

/// <summary>What <see cref="LocalPolish.Run"/> found.</summary>
/// <param name="BestValues">Values of the optimised parameters at the lowest loss evaluated, or null when nothing succeeded.</param>
/// <param name="BestTrialNumber">That candidate's trial number.</param>
/// <param name="BestLoss">Its loss.</param>
/// <param name="Evaluations">Candidates evaluated (≤ the budget).</param>
/// <param name="Batches">Batches evaluated.</param>
/// <param name="Runs">One per start.</param>
/// <param name="Stopped">Cancelled or Deadline when that ended the stage early, else None.</param>
internal sealed record PolishOutcome(double[]? BestValues, long BestTrialNumber, CandidateLoss? BestLoss, int Evaluations, int Batches,
    IReadOnlyList<PolishRun> Runs, LocalStopReason Stopped);

/// <summary>
/// Local polish of the best candidates of a fit: one local search per start point, all driven in lock-step so that
/// each round is one batch (one simulated population) holding every search's points. A start whose loss gives
/// residuals (rmse/mse-only config losses, a C# loss returning <see cref="LossValue.FromResiduals"/>) runs bounded
/// Levenberg–Marquardt on them; any other runs the batched pattern search on the loss. Both work in the unit cube
/// of the ranges (value = lower + u·(upper − lower)). The best candidate is judged by the fit's own loss.
/// </summary>
internal sealed class LocalPolish(BatchEvaluator evaluator, ParameterPlan plan)
{
    /// <summary>
    /// Polishes from <paramref name="starts"/> (values of the optimised parameters, best first) with at most
    /// <paramref name="maxEvaluations"/> evaluations in all: the starts are evaluated first in one batch (as many as the
    /// budget holds), the rest is shared equally between their searches. <paramref name="nextTrialNumber"/> gives each
    /// evaluated candidate its trial number; <paramref name="onBatch"/> sees every evaluated batch, in order.
    /// Cancellation and the deadline are checked before every batch.
    /// </summary>
    /// <exception cref="ArgumentException">A start of the wrong length, or a negative budget.</exception>
    public PolishOutcome Run(IReadOnlyList<double[]> starts, int maxEvaluations, Func<long> nextTrialNumber,
        Action<IReadOnlyList<Candidate>, IReadOnlyList<CandidateLoss>> onBatch,
        CancellationToken cancellation = default, DateTimeOffset? deadline = null, LocalPolishSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(starts);
        ArgumentNullException.ThrowIfNull(nextTrialNumber);
        ArgumentNullException.ThrowIfNull(onBatch);
        if (maxEvaluations < 0) throw new ArgumentException($"the polish budget must be ≥ 0, got {maxEvaluations}", nameof(maxEvaluations));
        settings ??= new LocalPolishSettings();
        var n = plan.Optimised.Count;
        foreach (var start in starts)
            if (start.Length != n) throw new ArgumentException($"a start has {start.Length} values but {n} parameters are optimised", nameof(starts));

        var best = new Best();
        var evaluations = 0;
        var batches = 0;
        var stopped = LocalStopReason.None;
        var used = starts.Take(maxEvaluations).Select(ToUnit).ToList();
        if (used.Count == 0 || StopRequested(cancellation, deadline, settings.Clock, ref stopped))
            return new PolishOutcome(null, 0, null, 0, 0, [], stopped);

        // the starts, in one batch
        var wantResiduals = settings.Method != PolishMethod.PatternSearch;
        var startCandidates = used.Select(u => new Candidate(nextTrialNumber(), ToValues(u))).ToList();
        var startLosses = evaluator.Evaluate(startCandidates, wantResiduals);
        evaluations += used.Count;
        batches++;
        best.Consider(startCandidates, startLosses);
        onBatch(startCandidates, startLosses);

        var searches = new LocalSearch?[used.Count];
        var bestOf = startLosses.Select(l => l.Loss).ToArray();
        var share = maxEvaluations - used.Count;
        for (var k = 0; k < used.Count; k++)
        {
            var budget = share / used.Count + (k < share % used.Count ? 1 : 0);
            var loss = startLosses[k];
            if (loss.Failed) continue;
            var known = new PointEvaluation(loss.Loss, loss.Residuals);
            var useLm = settings.Method == PolishMethod.LevenbergMarquardt || (settings.Method == PolishMethod.Auto && loss.Residuals is not null);
            searches[k] = useLm
                ? new LevenbergMarquardt(used[k], settings.LevenbergMarquardt with { MaxEvaluations = budget }, known)
                : new PatternSearch(used[k], settings.PatternSearch with { MaxEvaluations = budget, Seed = unchecked(settings.Seed * 1_000_003 + k) }, known);
        }

        while (true)
        {
            if (StopRequested(cancellation, deadline, settings.Clock, ref stopped))
            {
                foreach (var s in searches) s?.Stop(stopped);
                break;
            }
            var asks = searches.Select(s => s?.Ask() ?? []).ToList();
            if (asks.All(a => a.Count == 0)) break;
            var candidates = new List<Candidate>();
            for (var k = 0; k < asks.Count; k++)
                foreach (var u in asks[k])
                {
                    var number = nextTrialNumber();
                    candidates.Add(new Candidate(number, ToValues(u))
                    {
                        NoiseKey = settings.CommonRandomNumbers ? startCandidates[k].NoiseKey : number,
                    });
                }
            var residuals = Enumerable.Range(0, asks.Count).Any(k => asks[k].Count > 0 && searches[k] is LevenbergMarquardt);
            var losses = evaluator.Evaluate(candidates, residuals);
            evaluations += candidates.Count;
            batches++;
            best.Consider(candidates, losses);
            onBatch(candidates, losses);
            for (int k = 0, at = 0; k < asks.Count; k++)
            {
                if (asks[k].Count == 0) continue;
                var own = losses.Skip(at).Take(asks[k].Count).ToList();
                bestOf[k] = Math.Min(bestOf[k], own.Min(l => l.Loss));
                searches[k]!.Tell(own.Select(l => l.Failed ? PointEvaluation.Failed : new PointEvaluation(l.Loss, l.Residuals)).ToList());
                at += asks[k].Count;
            }
        }

        var runs = new List<PolishRun>();
        for (var k = 0; k < used.Count; k++)
        {
            var search = searches[k];
            var startLoss = startLosses[k].Loss;
            if (search is null) { runs.Add(new PolishRun(k, "none", LocalStopReason.StartFailed, 1, startLoss, startLoss)); continue; }
            var result = search.Result;
            runs.Add(new PolishRun(k, search is LevenbergMarquardt ? "levenberg-marquardt" : "pattern search", result.Reason,
                result.Evaluations + 1, startLoss, bestOf[k]));
        }
        return new PolishOutcome(best.Values, best.TrialNumber, best.Loss, evaluations, batches, runs, stopped);

        double[] ToUnit(double[] values) =>
            values.Select((v, i) => Math.Clamp((v - plan.Ranges[i].Lower) / (plan.Ranges[i].Upper - plan.Ranges[i].Lower), 0, 1)).ToArray();
    }

    private double[] ToValues(double[] unit) =>
        unit.Select((u, i) => u >= 1 ? plan.Ranges[i].Upper : plan.Ranges[i].Lower + u * (plan.Ranges[i].Upper - plan.Ranges[i].Lower)).ToArray();

    private static bool StopRequested(CancellationToken cancellation, DateTimeOffset? deadline, TimeProvider clock, ref LocalStopReason stopped)
    {
        if (cancellation.IsCancellationRequested) stopped = LocalStopReason.Cancelled;
        else if (deadline is { } d && clock.GetUtcNow() >= d) stopped = LocalStopReason.Deadline;
        return stopped != LocalStopReason.None;
    }

    /// <summary>The lowest loss seen.</summary>
    private sealed class Best
    {
        public double[]? Values { get; private set; }
        public long TrialNumber { get; private set; }
        public CandidateLoss? Loss { get; private set; }

        public void Consider(IReadOnlyList<Candidate> candidates, IReadOnlyList<CandidateLoss> losses)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var loss = losses[i];
                if (loss.Failed || (Loss is not null && !(loss.Loss < Loss.Loss))) continue;
                Loss = loss;
                Values = candidates[i].Values;
                TrialNumber = candidates[i].TrialNumber;
            }
        }
    }
}
