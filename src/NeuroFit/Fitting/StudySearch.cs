using System.Diagnostics;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;
using NeuroFit.Progress;
using NeuroFit.Results;

namespace NeuroFit.Fitting;

/// <summary>The ask/tell methods (TPE, CMA-ES, random, Sobol, BADS) on a <see cref="Study"/>: batches in, losses out.</summary>
internal sealed class StudySearch(OptNeuron owner, BatchEvaluator evaluator, ParameterPlan plan, SearchSpace? fvSpace, string studyName)
{
    /// <summary>How often a worker asks again while the study has nothing to hand out (other workers' trials pending).</summary>
    internal static readonly TimeSpan WaitingPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>The search space and sampler of this fit's study: one definition for <see cref="Run"/> and for a study
    /// created ahead of its workers.</summary>
    internal static (SearchSpace Space, SamplerSettings Sampler) Definition(OptNeuron owner, ParameterPlan plan, SearchSpace? fvSpace) =>
        (fvSpace ?? new SearchSpace(plan.Optimised.Select((n, i) => Hp.Uniform(n, plan.Ranges[i].Lower, plan.Ranges[i].Upper))), Settings(owner));

    public SearchOutcome Run(FitBudget budget, List<HistoryEntry> history, Stopwatch clock)
    {
        var maxEvals = budget.MaxEvals;
        var (space, sampler) = Definition(owner, plan, fvSpace);
        var storage = owner.Options.Storage ?? new InMemoryStudyStorage();
        var studyOptions = (owner.Options.StudyOptions ?? new StudyOptions()) with { MaxTrials = maxEvals };
        var name = owner.Options.StudyName ?? studyName;
        if (string.IsNullOrWhiteSpace(name)) throw new FitConfigurationException("the study name (OptNeuronOptions.StudyName, else the results file name) must not be empty");
        using var study = Study.CreateOrLoad(storage, name, space, sampler, studyOptions);
        CheckObjective(storage, study);
        var notes = new List<string>();
        var batchSize = owner.Options.BatchSize ?? owner.Method switch
        {
            "deap" or "cmaes" or "bads" => study.NaturalBatchSize,
            "random" or "sobol" => 64,
            _ => 1,
        };
        var finished = study.GetTrials(TrialState.Complete, TrialState.Failed).OrderBy(t => t.Number).ToList();
        if (finished.Count > 0) notes.Add($"resumed study '{study.Name}' with {finished.Count} finished trial(s)");
        var best = double.PositiveInfinity;
        var suggestSeconds = 0.0;
        var failures = 0;
        var interrupted = false;
        var stop = StopReason.MaxEvals;
        var evaluatedHere = false;
        var cancellation = owner.Options.Cancellation;
        foreach (var t in finished) Record(history, t.Number, t.State == TrialState.Complete ? t.Loss : null, t.FailureReason, ref best, ref failures, clock);

        owner.Options.Progress.Run(Title(owner.Method, budget), maxEvals, report =>
        {
            while (true)
            {
                if (cancellation.IsCancellationRequested)
                {
                    interrupted = true;
                    stop = StopReason.Interrupted;
                    break;
                }
                // the deadline ends the search once it has a result to report (or evaluated at least one batch)
                if (budget.IsTimeUp && (evaluatedHere || study.BestTrial is not null))
                {
                    stop = StopReason.TimeLimit;
                    break;
                }
                var asked = Stopwatch.GetTimestamp();
                var batch = study.Ask(batchSize);
                suggestSeconds += Stopwatch.GetElapsedTime(asked).TotalSeconds;
                if (batch.Count == 0)
                {
                    // other workers (or a dead process's trials awaiting their grace period) hold what is left: ask again
                    if (batch.Status == AskStatus.Waiting) { Thread.Sleep(WaitingPoll); continue; }
                    if (batch.Status == AskStatus.SamplerFinished)
                    {
                        notes.Add($"the optimiser stopped early: {batch.Message}");
                        stop = StopReason.Converged;
                    }
                    break;
                }
                var candidates = batch.Select(t => new Candidate(t.Number, Values(study, t))).ToList();
                var losses = evaluator.Evaluate(candidates);
                evaluatedHere = true;
                var outcomes = new TrialOutcome[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                    outcomes[i] = losses[i].Failed ? new TrialOutcome(batch[i], null, null, losses[i].FailureReason!) : new TrialOutcome(batch[i], losses[i].Loss, losses[i].Std);
                var told = study.Tell(outcomes); // one storage transaction per batch
                for (var i = 0; i < batch.Count; i++)
                {
                    if (told[i] is null) continue; // re-queued after this worker went silent; another worker evaluates it
                    var loss = losses[i];
                    Record(history, batch[i].Number, loss.Failed ? null : loss.Loss, loss.FailureReason, ref best, ref failures, clock);
                }
                report(new FitProgressSnapshot(history.Count, maxEvals, best, failures, clock.Elapsed.TotalSeconds) { TimeLimitSeconds = budget.TimeLimit?.TotalSeconds });
            }
        });

        if (interrupted)
        {
            if (study.BestTrial is null) throw new OperationCanceledException("the fit was interrupted before any evaluation succeeded", cancellation);
            notes.Add($"interrupted after {history.Count} of {maxEvals} evaluations; the results are the best of those");
        }
        if (stop == StopReason.TimeLimit) notes.Add(TimeLimitNote(budget, history.Count));
        var bestTrial = study.BestTrial ?? throw new FitConfigurationException(
            $"every evaluation failed ({history.Count}); first reason: {history.FirstOrDefault(h => h.Failure is not null)?.Failure}");
        return new SearchOutcome(Values(study, bestTrial), bestTrial.Number, bestTrial.Loss!.Value, bestTrial.LossSd, notes)
        {
            SuggestSeconds = suggestSeconds,
            Interrupted = interrupted,
            StopReason = stop,
        };
    }

    /// <summary>The progress title: the method and what bounds the search.</summary>
    internal static string Title(string method, FitBudget budget) =>
        budget.TimeLimit is { } limit ? $"{method} fit (time limit {FitBudget.Seconds(limit)})" : $"{method} fit";

    /// <summary>The note of a search ended by its time limit.</summary>
    internal static string TimeLimitNote(FitBudget budget, int evaluations) =>
        $"stopped by the time limit ({FitBudget.Seconds(budget.TimeLimit!.Value)}) after {evaluations}" +
        (budget.MaxEvals == int.MaxValue ? " evaluations" : $" of {budget.MaxEvals} evaluations") +
        "; the results are the best of those (the re-run of the best and the files come after the limit)";

    private static SamplerSettings Settings(OptNeuron owner)
    {
        var seed = owner.Seed;
        return owner.Method switch
        {
            "hyperopt" => TpeSettings.Hyperopt(seed),
            "optuna" => TpeSettings.Optuna(seed),
            "deap" or "cmaes" => new CmaEsSettings { Seed = seed, Sigma0 = owner.Options.CmaSigma0, RandomInitialMean = true },
            "random" => new RandomSettings { Seed = seed },
            "sobol" => new SobolSettings { Seed = seed },
            "bads" => (owner.Options.Bads ?? new BadsSettings { RandomInitialPointInBounds = true }) with { Seed = seed, PlausibleBounds = owner.PlausibleRanges },
            _ => throw new InvalidOperationException($"no sampler for method {owner.Method}"),
        };
    }

    private double[] Values(Study study, Trial trial)
    {
        var external = study.ExternalParams(trial);
        var values = new double[plan.Optimised.Count];
        for (var i = 0; i < values.Length; i++) values[i] = Convert.ToDouble(external[plan.Optimised[i]], System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }

    private static void Record(List<HistoryEntry> history, int number, double? loss, string? failure, ref double best, ref int failures, Stopwatch clock)
    {
        if (loss is { } l && l < best) best = l;
        if (failure is not null) failures++;
        history.Add(new HistoryEntry(history.Count + 1, loss, double.IsFinite(best) ? best : null, clock.Elapsed.TotalSeconds, failure));
        _ = number;
    }

    /// <summary>Study attribute holding <see cref="OptNeuronOptions.ObjectiveKey"/>.</summary>
    internal const string ObjectiveAttribute = "neurofit.objective";

    private void CheckObjective(IStudyStorage storage, Study study)
    {
        if (owner.Options.ObjectiveKey is not { } key) return;
        var attributes = storage.GetStudyAttributes(study.Record.Id);
        if (attributes.TryGetValue(ObjectiveAttribute, out var stored))
        {
            if (stored != key)
                throw new FitConfigurationException(
                    $"study '{study.Name}' in {storage.Description} was run with another model, target, experiment, loss or fixed parameters " +
                    "(or their files changed), so its losses do not compare with this fit's; use another study name or run folder, or delete the old study");
            return;
        }
        storage.SetStudyAttribute(study.Record.Id, ObjectiveAttribute, key);
    }
}
