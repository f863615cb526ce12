namespace NeuroFit.Optimization.Local;

/// <summary>Settings every local search shares.</summary>
public abstract record LocalSearchSettings
{
    /// <summary>Points the search may evaluate, the start point included when it is evaluated; never exceeded.</summary>
    public int MaxEvaluations { get; init; } = 1000;

    /// <summary>Stop as soon as the objective is at or below this value (default 0: exact zero).</summary>
    public double TargetObjective { get; init; }
}

/// <summary>
/// A local minimiser in the unit cube [0, 1]^n driven ask/tell: <see cref="Ask"/> hands out the next batch of points,
/// <see cref="Tell"/> takes their evaluations, so a caller can evaluate each batch as one simulated population and
/// drive several searches in the same batches. <see cref="Run"/> does both against a <see cref="BatchObjective"/>,
/// checking cancellation and a deadline between batches. No batch exceeds the remaining budget.
/// </summary>
public abstract class LocalSearch
{
    private readonly List<double> _accepted = [];
    private IEnumerator<double[][]>? _steps;
    private double[][]? _pending;
    private IReadOnlyList<PointEvaluation> _answers = [];
    private double[] _bestPoint;
    private PointEvaluation _bestEvaluation;
    private double _bestObjective = double.PositiveInfinity;

    /// <summary>Checks the start point and the budget.</summary>
    /// <exception cref="ArgumentException">An empty or non-finite start, a start outside the cube, or a negative budget.</exception>
    protected LocalSearch(IReadOnlyList<double> start, LocalSearchSettings settings, PointEvaluation? startEvaluation)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(settings);
        if (start.Count == 0) throw new ArgumentException("the start point has no coordinates", nameof(start));
        Start = new double[start.Count];
        for (var i = 0; i < start.Count; i++)
        {
            var v = start[i];
            if (!double.IsFinite(v) || v < -1e-9 || v > 1 + 1e-9)
                throw new ArgumentException($"start coordinate {i} is {v}; a local search works in the unit cube [0, 1]", nameof(start));
            Start[i] = Math.Clamp(v, 0, 1);
        }
        if (settings.MaxEvaluations < 0) throw new ArgumentException($"MaxEvaluations must be ≥ 0, got {settings.MaxEvaluations}", nameof(settings));
        MaxEvaluations = settings.MaxEvaluations;
        TargetObjective = settings.TargetObjective;
        StartEvaluation = startEvaluation;
        _bestPoint = (double[])Start.Clone();
        _bestEvaluation = startEvaluation ?? PointEvaluation.Failed;
    }

    /// <summary>Number of coordinates.</summary>
    public int Dimension => Start.Length;

    /// <summary>The start point (clamped into the cube).</summary>
    protected double[] Start { get; }

    /// <summary>The start point's evaluation when the caller already had it (then it is not evaluated again).</summary>
    protected PointEvaluation? StartEvaluation { get; }

    /// <summary>The budget.</summary>
    public int MaxEvaluations { get; }

    /// <summary>See <see cref="LocalSearchSettings.TargetObjective"/>.</summary>
    protected double TargetObjective { get; }

    /// <summary>Points evaluated so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Batches evaluated so far.</summary>
    public int Batches { get; private set; }

    /// <summary>Accepted steps so far.</summary>
    public int Iterations { get; private set; }

    /// <summary>Why the search stopped, or <see cref="LocalStopReason.None"/> while it runs.</summary>
    public LocalStopReason Reason { get; private set; }

    /// <summary>Whether the search has stopped.</summary>
    public bool IsFinished => Reason != LocalStopReason.None;

    /// <summary>Evaluations left in the budget.</summary>
    protected int Remaining => MaxEvaluations - Evaluations;

    /// <summary>The evaluations of the batch last yielded by <see cref="Search"/>.</summary>
    protected IReadOnlyList<PointEvaluation> Answers => _answers;

    /// <summary>The best point so far, its evaluation and objective, how it went.</summary>
    public LocalResult Result =>
        new((double[])_bestPoint.Clone(), _bestEvaluation, _bestObjective, Evaluations, Batches, Iterations, Reason, [.. _accepted]);

    /// <summary>The next batch (copies; empty once the search has stopped). Asking again before telling returns the same batch.</summary>
    public IReadOnlyList<double[]> Ask()
    {
        if (IsFinished) return [];
        if (_pending is null)
        {
            _steps ??= Search().GetEnumerator();
            if (!_steps.MoveNext())
            {
                if (!IsFinished) Finish(LocalStopReason.NoProgress);
                return [];
            }
            var batch = _steps.Current;
            if (batch.Length == 0 || batch.Length > Remaining)
                throw new InvalidOperationException($"{GetType().Name} asked for {batch.Length} points with {Remaining} left in the budget");
            _pending = batch;
        }
        return _pending.Select(p => (double[])p.Clone()).ToArray();
    }

    /// <summary>The evaluations of the batch last handed out by <see cref="Ask"/>, in its order.</summary>
    /// <exception cref="InvalidOperationException">Nothing was asked, or the count differs from the batch.</exception>
    public void Tell(IReadOnlyList<PointEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        if (_pending is null) throw new InvalidOperationException("Tell without a pending Ask");
        if (evaluations.Count != _pending.Length)
            throw new InvalidOperationException($"the batch has {_pending.Length} points but {evaluations.Count} evaluations were told");
        Evaluations += evaluations.Count;
        Batches++;
        _answers = evaluations;
        _pending = null;
    }

    /// <summary>Stops the search from outside (cancellation, a deadline); a pending batch is dropped.</summary>
    public void Stop(LocalStopReason reason)
    {
        if (!IsFinished) Reason = reason;
        _pending = null;
    }

    /// <summary>Runs the search to its end against <paramref name="objective"/>, checking <paramref name="cancellation"/> and
    /// <paramref name="deadline"/> (on <paramref name="clock"/>, default the system clock) before every batch.</summary>
    /// <exception cref="InvalidOperationException">The objective returned a different number of evaluations than points.</exception>
    public LocalResult Run(BatchObjective objective, CancellationToken cancellation = default, DateTimeOffset? deadline = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        clock ??= TimeProvider.System;
        while (!IsFinished)
        {
            if (cancellation.IsCancellationRequested) { Stop(LocalStopReason.Cancelled); break; }
            if (deadline is { } d && clock.GetUtcNow() >= d) { Stop(LocalStopReason.Deadline); break; }
            var batch = Ask();
            if (batch.Count == 0) break;
            var answers = objective(batch) ?? throw new InvalidOperationException("the objective returned null");
            if (answers.Count != batch.Count)
                throw new InvalidOperationException($"the objective returned {answers.Count} evaluations for {batch.Count} points");
            Tell(answers);
        }
        return Result;
    }

    /// <summary>The algorithm as a sequence of batch requests: after each <c>yield return</c>, <see cref="Answers"/> holds the
    /// evaluations. It ends after <see cref="Finish"/>; a request must fit in <see cref="Remaining"/>.</summary>
    protected abstract IEnumerable<double[][]> Search();

    /// <summary>Ends the search with <paramref name="reason"/> (the iterator then ends).</summary>
    protected void Finish(LocalStopReason reason)
    {
        if (!IsFinished) Reason = reason;
    }

    /// <summary>Records an evaluated point; the lowest objective is the result.</summary>
    protected void Consider(double[] point, PointEvaluation evaluation, double objective)
    {
        if (!(objective < _bestObjective)) return;
        _bestObjective = objective;
        _bestPoint = (double[])point.Clone();
        _bestEvaluation = evaluation;
    }

    /// <summary>Records the objective of the start or of an accepted step.</summary>
    protected void Accept(double objective, bool isStart = false)
    {
        _accepted.Add(objective);
        if (!isStart) Iterations++;
    }

    /// <summary><paramref name="x"/> + <paramref name="step"/> clipped into the cube.</summary>
    protected static double[] Clip(double[] x, double[] step, double scale = 1)
    {
        var p = new double[x.Length];
        for (var i = 0; i < x.Length; i++) p[i] = Math.Clamp(x[i] + scale * step[i], 0, 1);
        return p;
    }
}
