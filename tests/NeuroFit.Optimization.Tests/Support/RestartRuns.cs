using System.Diagnostics;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Samplers.CmaEs;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Tests.Support;

/// <summary>What a CMA-ES restart run on a test function achieved.</summary>
/// <param name="EvaluationsToTarget">Trial number + 1 of the first trial below the target; null if never reached.</param>
/// <param name="Evaluations">Trials evaluated (the run stops at the target or the budget).</param>
/// <param name="Best">Lowest loss.</param>
/// <param name="Runs">Runs started (1 + restarts).</param>
/// <param name="LargestLambda">Largest population used.</param>
/// <param name="Seconds">Wall time of the loop (study + function).</param>
/// <param name="StopReason">Why the study ended early, if it did.</param>
internal sealed record RestartRunResult(long? EvaluationsToTarget, long Evaluations, double Best, int Runs, int LargestLambda, double Seconds, string? StopReason);

/// <summary>Drives a CMA-ES study with restarts on a box-bounded test function the way a fit does: one Ask of
/// <see cref="Study.NaturalBatchSize"/> per generation, the whole batch told in one step.</summary>
internal static class RestartRuns
{
    public static RestartRunResult Run(CmaEsSettings settings, Func<double[], double> f, int dimension, double low, double high,
        long budget, double target = 1e-8, IStudyStorage? storage = null)
    {
        var space = new SearchSpace(Enumerable.Range(0, dimension).Select(i => Hp.Uniform($"x{i}", low, high)));
        using var study = Study.Create(storage ?? new InMemoryStudyStorage(), "restarts", space, settings,
            new StudyOptions { HeartbeatInterval = TimeSpan.Zero, MaxTrials = (int)Math.Min(int.MaxValue, budget) });
        var names = space.Names.ToArray();
        var x = new double[dimension];
        var best = double.PositiveInfinity;
        long? hit = null;
        long evaluations = 0;
        var largest = 0;
        var runs = new HashSet<string>();
        var clock = Stopwatch.StartNew();
        while (hit is null)
        {
            var batch = study.Ask(study.NaturalBatchSize);
            if (batch.Count == 0) break;
            var outcomes = new TrialOutcome[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var t = batch[i];
                for (var d = 0; d < dimension; d++) x[d] = t.Params[names[d]];
                var loss = f(x);
                outcomes[i] = new TrialOutcome(t, loss);
                if (loss < best) best = loss;
                if (hit is null && loss < target) hit = t.Number + 1L;
            }
            evaluations += batch.Count;
            if (batch[0].SystemAttrs.TryGetValue(CmaEsSampler.RestartAttr, out var r)) runs.Add(r);
            largest = Math.Max(largest, int.Parse(batch[0].SystemAttrs.GetValueOrDefault(CmaEsSampler.LambdaAttr, "0")));
            study.Tell(outcomes);
        }
        return new RestartRunResult(hit, evaluations, best, runs.Count, largest, clock.Elapsed.TotalSeconds, study.StopReason);
    }
}
