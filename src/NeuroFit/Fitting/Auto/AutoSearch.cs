using System.Diagnostics;
using System.Globalization;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;
using NeuroFit.Progress;
using NeuroFit.Results;

namespace NeuroFit.Fitting.Auto;

/// <summary>
/// Method <c>auto</c>: lineages of a growing-horizon CMA-ES, each ending in a local polish, repeated from fresh random
/// starts until the budget (evaluations or time) is spent. A lineage fits the first horizon of the experiment from
/// random starts (IPOP-CMA-ES: restarts with doubling population), then carries its best point through the longer
/// horizons, each refined by a CMA-ES started at the carried point with a small step, and finally polishes on the whole
/// experiment. Without a horizon (a C# experiment) a lineage is IPOP-CMA-ES on the whole experiment plus the polish.
/// Everything is seeded: the same seed and evaluation budget give the same result.
/// </summary>
internal sealed class AutoSearch
{
    /// <summary>Nominal evaluations per parameter and member of the beam: the first horizon's IPOP, each later horizon, and the polish.</summary>
    private const int OpeningPerDimension = 1000, StagePerDimension = 500, PolishPerDimension = 300;

    /// <summary>Points carried from horizon to horizon, each refined by its own CMA-ES (evaluated together).</summary>
    private const int FullBeamWidth = 4;

    /// <summary>The beam of this run: <see cref="FullBeamWidth"/>, or 1 when the evaluation budget is a small share of one
    /// nominal lineage (then IPOP-CMA-ES on the whole experiment, its polish and the refine get all of it).</summary>
    private int BeamWidth => _smallBudget ? 1 : FullBeamWidth;

    private bool _smallBudget;

    /// <summary>Below this share of one nominal lineage (and without a time limit) the beam and the horizons are dropped:
    /// their scaled-down stages would each get a generation or two.</summary>
    private const int SmallBudgetShare = 8;
    private long _fullLineageBudget;

    /// <summary>CMA-ES step (unit cube) when starting a longer horizon at the carried point, and for the polish.</summary>
    private const double StageSigma = 0.01, PolishSigma = 1e-3, OpeningSigma = 0.25;

    /// <summary>The search stops once the best loss is this small a share of the loss at the centre of the bounds.</summary>
    private const double SolvedShare = 1e-9;

    private readonly OptNeuron _owner;
    private readonly ParameterPlan _plan;
    private IReadOnlyList<double> _horizons;
    private IReadOnlyList<BatchEvaluator?> _evaluators;
    private readonly SearchSpace _unitSpace;
    private readonly int _dimension;
    private readonly int _defaultLambda;

    // run state
    private List<HistoryEntry> _history = [];
    private Stopwatch _clock = new();
    private Action<FitProgressSnapshot> _report = _ => { };
    private int _maxEvals;

    /// <summary>Where the CMA-ES stages stop (evaluations): <see cref="_maxEvals"/>, less the refine's reserve in small-budget mode.</summary>
    private int _cmaLimit;
    private bool _centreHasResiduals;
    private FitBudget _budget = new(1);

    /// <summary>Under a time limit, when the current lineage must leave the partial horizons for the whole experiment
    /// (search seconds): each lineage gets <see cref="LineageTimeShare"/> of the time left when it starts, so a short
    /// limit still ends with polished whole-experiment results.</summary>
    private double _lineageDeadline = double.PositiveInfinity;

    private const double LineageTimeShare = 0.5;
    private long _nextTrial;
    private int _failures;
    private double _bestLoss = double.PositiveInfinity;
    private double[]? _bestValues;
    private long _bestTrial;
    private double? _bestStd;
    private double _solvedBelow;
    private double _suggestSeconds;
    private double _evaluateSeconds;
    private string _stage = "";

    /// <param name="owner">The fit (seed, progress, cancellation).</param>
    /// <param name="full">Evaluates the whole experiment.</param>
    /// <param name="plan">The optimised parameters and their ranges.</param>
    /// <param name="horizons">Increasing horizons in ms ending with the whole experiment, or null to fit the whole experiment only.</param>
    /// <param name="atHorizon">Evaluates the experiment cut after a horizon (null when nothing is compared before it).</param>
    public AutoSearch(OptNeuron owner, BatchEvaluator full, ParameterPlan plan, IReadOnlyList<double>? horizons, Func<double, BatchEvaluator?>? atHorizon)
    {
        _owner = owner;
        _plan = plan;
        var stages = new List<(double, BatchEvaluator?)>();
        if (horizons is { Count: > 1 } && atHorizon is not null)
            foreach (var h in horizons.Take(horizons.Count - 1))
                if (atHorizon(h) is { } evaluator) stages.Add((h, evaluator));
        stages.Add((horizons?[^1] ?? double.PositiveInfinity, full));
        _horizons = stages.Select(s => s.Item1).ToList();
        _evaluators = stages.Select(s => s.Item2).ToList();
        _dimension = plan.Optimised.Count;
        _defaultLambda = 4 + (int)Math.Floor(3 * Math.Log(_dimension));
        _unitSpace = new SearchSpace(plan.Optimised.Select(n => Hp.Uniform(n, 0, 1)));
    }

    /// <summary>The horizons of the stages (the last one is the whole experiment).</summary>
    public IReadOnlyList<double> Horizons => _horizons;

    public SearchOutcome Run(FitBudget budget, List<HistoryEntry> history, Stopwatch clock)
    {
        var maxEvals = budget.MaxEvals;
        _history = history;
        _clock = clock;
        _maxEvals = maxEvals;
        _cmaLimit = maxEvals;
        _budget = budget;
        _fullLineageBudget = NominalLineageBudget();
        _smallBudget = budget.TimeLimit is null && maxEvals < _fullLineageBudget / SmallBudgetShare;
        if (_smallBudget)
        {
            _horizons = [_horizons[^1]];
            _evaluators = [_evaluators[^1]];
        }
        var notes = new List<string>();
        var lineages = 0;
        _owner.Options.Progress.Run(StudySearch.Title("auto", budget), maxEvals, report =>
        {
            _report = report;
            _stage = "centre";
            var centre = Evaluate(_evaluators[^1]!, true, [Unit(_plan.Centre())], residuals: true)[0];
            // a small budget keeps room for the Levenberg–Marquardt refine, which only a loss with residuals can use
            if (_smallBudget && _centreHasResiduals && _owner.Options.BatchSize is null)
                _cmaLimit = _maxEvals - (int)Math.Min(RefinePerDimension * (_dimension + 1L), _maxEvals / 4);
            _solvedBelow = double.IsFinite(centre) ? SolvedShare * centre : 0;
            var scale = Math.Min(1.0, (double)maxEvals / NominalLineageBudget());
            while (!Stopped())
            {
                if (RunLineage(lineages++, scale) is { } end) _lineageEnds.Add(end);
                if (Agreed()) break;
            }
        });
        notes.Add(Describe(lineages));
        Trace($"time: {_clock.Elapsed.TotalSeconds:F2} s, of which evaluating {_evaluateSeconds:F2} s, CMA-ES ask {_suggestSeconds:F2} s");
        if (_bestValues is null)
            throw new FitConfigurationException($"every evaluation failed ({history.Count}); first reason: {history.FirstOrDefault(h => h.Failure is not null)?.Failure}");
        var interrupted = _owner.Options.Cancellation.IsCancellationRequested;
        if (interrupted) notes.Add($"interrupted after {history.Count} evaluations; the results are the best of those");
        var stop = interrupted ? StopReason.Interrupted
            : Solved() || Agreed() ? StopReason.Converged
            : TimeUp() && _history.Count < _maxEvals ? StopReason.TimeLimit
            : StopReason.MaxEvals;
        if (stop == StopReason.TimeLimit) notes.Add(StudySearch.TimeLimitNote(budget, history.Count));
        return new SearchOutcome(_bestValues, _bestTrial, _bestLoss, _bestStd, notes)
        {
            SuggestSeconds = _suggestSeconds,
            Interrupted = interrupted,
            StopReason = stop,
        };
    }

    private string Describe(int lineages)
    {
        var horizons = _horizons.Count > 1
            ? $"growing horizon {string.Join(", ", _horizons.Take(_horizons.Count - 1).Select(h => h.ToString("0.##", CultureInfo.InvariantCulture)))} ms, then the whole experiment"
            : _smallBudget ? $"the whole experiment (max_evals {_maxEvals} is below 1/{SmallBudgetShare} of one lineage's {_fullLineageBudget}: one CMA-ES, no horizons)"
            : "the whole experiment (no horizon: the experiment cannot be cut)";
        var why = Solved() ? "the loss reached 1e-9 of the centre's" : Agreed() ? $"{AgreeingLineages} lineages ending at the same best point" : _owner.Options.Cancellation.IsCancellationRequested ? "interrupted"
            : TimeUp() ? "time limit" : "evaluation budget";
        return $"auto: {lineages} lineage{(lineages == 1 ? "" : "s")} of IPOP-CMA-ES over {horizons}, each polished; stopped by {why}";
    }

    private long NominalLineageBudget() =>
        (long)_dimension * BeamWidth * (OpeningPerDimension + (_horizons.Count - 1) * StagePerDimension + PolishPerDimension);

    /// <summary>The search stops when this many lineages end at the best point (same loss to 1e-4, same parameters to 1e-2
    /// of their ranges): independent random starts that all find the same optimum.</summary>
    private const int AgreeingLineages = 3;

    private readonly List<AutoMember> _lineageEnds = [];

    private bool Agreed()
    {
        if (_bestValues is null) return false;
        var best = Unit(_bestValues);
        return _lineageEnds.Count(e => Math.Abs(e.Loss - _bestLoss) <= 1e-4 * Math.Abs(_bestLoss) + 1e-300
                                       && e.Unit.Zip(best).All(p => Math.Abs(p.First - p.Second) <= 1e-2)) >= AgreeingLineages;
    }

    /// <summary>One lineage; returns its best point of the whole experiment, or null when it was stopped before.</summary>
    private AutoMember? RunLineage(int lineage, double scale)
    {
        long Budget(int perDimension) => Math.Max(2L * _defaultLambda, (long)(scale * perDimension * _dimension));
        _lineageDeadline = _budget.RemainingTime is { } left ? _clock.Elapsed.TotalSeconds + LineageTimeShare * left.TotalSeconds : double.PositiveInfinity;
        List<AutoMember> beam = [];
        for (var k = 0; k < _horizons.Count && !Stopped(); k++)
        {
            if (k < _horizons.Count - 1 && beam.Count > 0 && Hurry())
            {
                Trace($"lineage {lineage + 1}: out of time share at horizon {k + 1}/{_horizons.Count}, on to the whole experiment");
                k = _horizons.Count - 1;
            }
            var evaluator = _evaluators[k]!;
            var full = k == _horizons.Count - 1;
            var label = $"lineage {lineage + 1}, " + (full ? "whole experiment" : $"horizon {_horizons[k].ToString("0.##", CultureInfo.InvariantCulture)} ms");
            if (beam.Count == 0)
            {
                beam = Opening(evaluator, full, label, Budget(OpeningPerDimension), Mix(lineage, k));
                Trace($"{label}: opening {string.Join(" ", beam.Select(m => m.Loss.ToString("G3", CultureInfo.InvariantCulture)))}");
                continue;
            }
            _stage = label;
            var starts = Evaluate(evaluator, full, [.. beam.Select(m => m.Unit)]);
            beam = [.. beam.Select((m, i) => new AutoMember(starts[i], m.Unit))];
            var refined = Lockstep(evaluator, full, [.. beam.Select((m, i) => NewRun(2 * _defaultLambda, StageSigma, m.Unit, Mix(lineage, k) + i))], Budget(StagePerDimension));
            beam = Distinct([.. beam.Select((m, i) => refined[i] is { } r && r.Loss < m.Loss ? r : m)]);
            Trace($"{label}: {string.Join(" ", starts.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))} -> {string.Join(" ", beam.Select(m => m.Loss.ToString("G3", CultureInfo.InvariantCulture)))}");
        }
        if (beam.Count > 0 && (!Stopped() || _cmaLimit < _maxEvals))
        {
            _stage = $"lineage {lineage + 1}, polish";
            var polished = Stopped() ? [] : Lockstep(_evaluators[^1]!, true, [.. beam.Select((m, i) => NewRun(_defaultLambda, PolishSigma, m.Unit, Mix(lineage, _horizons.Count) + i))], Budget(PolishPerDimension));
            var end = beam.Concat(polished.OfType<AutoMember>()).MinBy(m => m.Loss);
            if (end is not null && !Stopped(_maxEvals)) end = Refine(end, lineage);
            _cmaLimit = _maxEvals; // what the refine left goes to the next lineage
            Trace($"{_stage}: lineage {end?.Loss:G6}, best {_bestLoss:G6} after {_history.Count} evaluations, {_clock.Elapsed.TotalSeconds:F1} s");
            return end;
        }
        return null;
    }

    /// <summary>Members that are not (nearly) the same point as a better one.</summary>
    private static List<AutoMember> Distinct(List<AutoMember> members)
    {
        var kept = new List<AutoMember>();
        foreach (var m in members.OrderBy(m => m.Loss))
            if (!kept.Any(k => k.Unit.Zip(m.Unit).Max(p => Math.Abs(p.First - p.Second)) < 1e-6)) kept.Add(m);
        return kept;
    }

    /// <summary>
    /// <see cref="BeamWidth"/> CMA-ES runs from random starts, evaluated together; a run that converges restarts from a
    /// new random start with twice the population (IPOP) until <paramref name="budget"/> is spent. Each slot's best over
    /// its restarts is a member of the beam.
    /// </summary>
    private List<AutoMember> Opening(BatchEvaluator evaluator, bool full, string label, long budget, long seed)
    {
        var end = _nextTrial + budget * BeamWidth;
        var lambdas = Enumerable.Repeat(_defaultLambda, BeamWidth).ToArray();
        var restarts = new int[BeamWidth];
        var runs = Enumerable.Range(0, BeamWidth).Select(i => NewRun(lambdas[i], OpeningSigma, null, seed + 7919L * i)).ToArray();
        var best = new AutoMember?[BeamWidth];
        while (!Stopped() && _nextTrial < end && !(!full && Hurry() && runs.Any(r => r.Best is not null)))
        {
            _stage = $"{label}, opening ({restarts.Sum()} restarts, λ = {string.Join("/", lambdas.Distinct())})";
            Step(evaluator, full, runs, end);
            for (var i = 0; i < BeamWidth; i++)
            {
                if (!runs[i].Finished) continue;
                if (runs[i].Best is { } b && (best[i] is null || b.Loss < best[i]!.Loss)) best[i] = b;
                runs[i].Dispose();
                lambdas[i] *= 2;
                restarts[i]++;
                runs[i] = NewRun(lambdas[i], OpeningSigma, null, seed + 7919L * i + 104729L * restarts[i]);
            }
        }
        for (var i = 0; i < BeamWidth; i++)
        {
            if (runs[i].Best is { } b && (best[i] is null || b.Loss < best[i]!.Loss)) best[i] = b;
            runs[i].Dispose();
        }
        return Distinct([.. best.OfType<AutoMember>()]);
    }

    /// <summary>Runs <paramref name="runs"/> together (one batch per step) until each has finished or <paramref name="budget"/>
    /// (per run) is spent; returns each run's best.</summary>
    private AutoMember?[] Lockstep(BatchEvaluator evaluator, bool full, CmaRun[] runs, long budget)
    {
        var end = _nextTrial + budget * runs.Length;
        while (!Stopped() && _nextTrial < end && runs.Any(r => !r.Finished) && !(!full && Hurry())) Step(evaluator, full, runs, end);
        var result = runs.Select(r => r.Best).ToArray();
        foreach (var r in runs) r.Dispose();
        return result;
    }

    /// <summary>One generation of every unfinished run, evaluated as one batch.</summary>
    private void Step(BatchEvaluator evaluator, bool full, CmaRun[] runs, long end)
    {
        var asked = Stopwatch.GetTimestamp();
        var batches = runs.Select(r => r.Finished ? null : r.Ask()).ToArray();
        _suggestSeconds += Stopwatch.GetElapsedTime(asked).TotalSeconds;
        var points = new List<double[]>();
        foreach (var b in batches)
            if (b is not null) points.AddRange(b.Points);
        if (points.Count == 0) return;
        var room = (int)Math.Max(0, Math.Min(end - _nextTrial, (long)_cmaLimit - _history.Count));
        var losses = Evaluate(evaluator, full, room < points.Count ? points.GetRange(0, room) : points);
        var offset = 0;
        for (var i = 0; i < runs.Length; i++)
        {
            if (batches[i] is not { } b) continue;
            var n = b.Points.Count;
            if (offset + n <= losses.Length) runs[i].Tell(b, losses.AsSpan(offset, n));
            else runs[i].Abandon();
            offset += n;
        }
    }

    private CmaRun NewRun(int lambda, double sigma, double[]? mean, long seed) =>
        new(_unitSpace, _plan.Optimised, new CmaEsSettings
        {
            Seed = seed,
            PopulationSize = lambda,
            Sigma0 = sigma,
            RandomInitialMean = mean is null,
            InitialMean = mean?.Select((m, i) => (_plan.Optimised[i], m)).ToDictionary(p => p.Item1, p => p.m),
        }, _dimension);

    /// <summary>Evaluates points of the unit cube as one batch, records them in the history, and returns their losses
    /// (+∞ for failures). Only evaluations of the whole experiment (<paramref name="full"/>) count for the best.</summary>
    private double[] Evaluate(BatchEvaluator evaluator, bool full, IReadOnlyList<double[]> unit, bool residuals = false)
    {
        var candidates = unit.Select(u => new Candidate(_nextTrial++, Values(u))).ToList();
        var evaluating = Stopwatch.GetTimestamp();
        var losses = _owner.Options.BatchSize is { } size && size < candidates.Count
            ? candidates.Chunk(size).SelectMany(chunk => evaluator.Evaluate(chunk)).ToList() // population-wide parameters: one candidate per population
            : evaluator.Evaluate(candidates, residuals);
        _evaluateSeconds += Stopwatch.GetElapsedTime(evaluating).TotalSeconds;
        if (residuals) _centreHasResiduals = losses.Any(l => l.Residuals is not null);
        Record(candidates, losses, full);
        return losses.Select(l => l.Failed ? double.PositiveInfinity : l.Loss).ToArray();
    }

    /// <summary>Adds evaluated candidates to the history (and the best, for the whole experiment) and reports progress.</summary>
    private void Record(IReadOnlyList<Candidate> candidates, IReadOnlyList<CandidateLoss> losses, bool full)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var loss = losses[i];
            if (loss.Failed) _failures++;
            if (full && !loss.Failed && loss.Loss < _bestLoss)
            {
                _bestLoss = loss.Loss;
                _bestValues = candidates[i].Values;
                _bestTrial = candidates[i].TrialNumber;
                _bestStd = loss.Std;
            }
            _history.Add(new HistoryEntry(_history.Count + 1, full && !loss.Failed ? loss.Loss : null, double.IsFinite(_bestLoss) ? _bestLoss : null,
                _clock.Elapsed.TotalSeconds, loss.FailureReason, _stage));
        }
        _report(new FitProgressSnapshot(_history.Count, _maxEvals, _bestLoss, _failures, _clock.Elapsed.TotalSeconds)
        {
            TimeLimitSeconds = _budget.TimeLimit?.TotalSeconds,
            Stage = _stage,
        });
    }

    /// <summary>
    /// Levenberg–Marquardt on the residuals of the whole experiment from <paramref name="start"/> (each Jacobian one
    /// batch of n + 1 candidates): CMA-ES closes in on a smooth optimum only linearly, LM quadratically. Skipped when the
    /// loss has no residuals (spike terms, a C# loss returning a number: the centre's evaluation showed it).
    /// </summary>
    private AutoMember Refine(AutoMember start, int lineage)
    {
        var budget = (int)Math.Min(RefinePerDimension * (_dimension + 1L), (long)_maxEvals - _history.Count);
        if (!_centreHasResiduals || budget < _dimension + 2 || _owner.Options.BatchSize is not null) return start;
        _stage = $"lineage {lineage + 1}, levenberg-marquardt";
        DateTimeOffset? deadline = _budget.RemainingTime is { } left ? DateTimeOffset.UtcNow + left : null;
        var evaluating = Stopwatch.GetTimestamp();
        var outcome = new LocalPolish(_evaluators[^1]!, _plan).Run([Values(start.Unit)], budget, () => _nextTrial++,
            (candidates, losses) => Record(candidates, losses, true), _owner.Options.Cancellation, deadline,
            new LocalPolishSettings { Method = PolishMethod.LevenbergMarquardt, Seed = Mix(lineage, -1) });
        _evaluateSeconds += Stopwatch.GetElapsedTime(evaluating).TotalSeconds;
        Trace($"{_stage}: {start.Loss:G6} -> {outcome.BestLoss?.Loss:G6} in {outcome.Evaluations} evaluations ({string.Join(", ", outcome.Runs.Select(r => r.Reason))})");
        return outcome is { BestValues: { } values, BestLoss: { Failed: false } loss } && loss.Loss < start.Loss
            ? new AutoMember(loss.Loss, Unit(values))
            : start;
    }

    /// <summary>Levenberg–Marquardt budget per parameter (+1): this many Jacobians at most.</summary>
    private const int RefinePerDimension = 30;

    private static readonly bool Tracing = Environment.GetEnvironmentVariable("NEUROFIT_AUTO_TRACE") == "1";

    private static void Trace(string line)
    {
        if (Tracing) Console.Error.WriteLine(line);
    }

    private bool Stopped() => Stopped(_cmaLimit);

    private bool Stopped(int evaluations) => _history.Count >= evaluations || TimeUp() || _owner.Options.Cancellation.IsCancellationRequested || Solved();

    private bool TimeUp() => _budget.IsTimeUp;

    private bool Hurry() => _clock.Elapsed.TotalSeconds >= _lineageDeadline;

    // more than the centre: a loss of 0 there may be a flat loss, which only a second evaluation can show
    private bool Solved() => _history.Count > 1 && _bestLoss <= _solvedBelow;

    private double[] Values(double[] unit)
    {
        var values = new double[unit.Length];
        for (var i = 0; i < unit.Length; i++)
        {
            var r = _plan.Ranges[i];
            values[i] = r.Lower + Math.Clamp(unit[i], 0, 1) * (r.Upper - r.Lower);
        }
        return values;
    }

    private double[] Unit(double[] values) =>
        values.Select((v, i) => (v - _plan.Ranges[i].Lower) / (_plan.Ranges[i].Upper - _plan.Ranges[i].Lower)).ToArray();

    /// <summary>A seed for (lineage, stage) derived from the fit's seed (splitmix64).</summary>
    private long Mix(int lineage, int stage)
    {
        var z = unchecked((ulong)_owner.Seed + 0x9E3779B97F4A7C15UL * (ulong)(lineage + 1) + 0xD1B54A32D192ED03UL * (ulong)(stage + 1));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)((z ^ (z >> 31)) >> 1);
    }
}
