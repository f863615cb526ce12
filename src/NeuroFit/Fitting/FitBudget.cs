using System.Globalization;

namespace NeuroFit.Fitting;

/// <summary>
/// What a search may spend: at most <see cref="MaxEvals"/> evaluations and, with a time limit, the time until its
/// deadline (counted from the budget's creation). Searches ask <see cref="IsExhausted"/> between batches, so a
/// time-limited search ends at most one batch after its deadline. A search made of stages (opening, restarts, polish)
/// gives each stage a <see cref="Stage"/> of its own budget, which never outlasts it.
/// </summary>
internal sealed class FitBudget
{
    private readonly TimeProvider _time;
    private readonly long _start;

    /// <param name="maxEvals">Evaluations allowed (at least 1).</param>
    /// <param name="timeLimit">Wall time allowed from now, or null for no limit.</param>
    /// <param name="time">The clock (tests pass a fake one; default the system clock).</param>
    public FitBudget(int maxEvals, TimeSpan? timeLimit = null, TimeProvider? time = null)
    {
        if (maxEvals < 1) throw new ArgumentOutOfRangeException(nameof(maxEvals), maxEvals, "a budget needs at least one evaluation");
        if (timeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeLimit), limit, "a time limit must be positive");
        MaxEvals = maxEvals;
        TimeLimit = timeLimit;
        _time = time ?? TimeProvider.System;
        _start = _time.GetTimestamp();
    }

    /// <summary>Evaluations allowed.</summary>
    public int MaxEvals { get; }

    /// <summary>Wall time allowed, or null for none.</summary>
    public TimeSpan? TimeLimit { get; }

    /// <summary>Time since the budget was created.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    /// <summary>Time left before the deadline (zero once it passed), or null without a time limit.</summary>
    public TimeSpan? RemainingTime => TimeLimit is { } limit ? (limit - Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero) : null;

    /// <summary>True once the deadline passed.</summary>
    public bool IsTimeUp => TimeLimit is { } limit && Elapsed >= limit;

    /// <summary>Evaluations left after <paramref name="evaluations"/> were done.</summary>
    public int RemainingEvaluations(int evaluations) => Math.Max(0, MaxEvals - evaluations);

    /// <summary>True when <paramref name="evaluations"/> used the evaluations or the deadline passed.</summary>
    public bool IsExhausted(int evaluations) => ExhaustedBy(evaluations) is not null;

    /// <summary>What ended the budget after <paramref name="evaluations"/> (the evaluations first), or null while some is left.</summary>
    public StopReason? ExhaustedBy(int evaluations) =>
        evaluations >= MaxEvals ? StopReason.MaxEvals : IsTimeUp ? StopReason.TimeLimit : null;

    /// <summary>
    /// A budget for one stage of a search that has done <paramref name="evaluations"/> of this budget so far: at most
    /// <paramref name="maxEvals"/> (null: all that are left) of the remaining evaluations and <paramref name="timeFraction"/>
    /// of the remaining time, starting now. It never ends after this budget. Throws when this budget is exhausted.
    /// </summary>
    public FitBudget Stage(int evaluations, int? maxEvals = null, double timeFraction = 1)
    {
        if (!(timeFraction > 0 && timeFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(timeFraction), timeFraction, "expected a fraction in (0, 1]");
        if (IsExhausted(evaluations)) throw new InvalidOperationException("the budget is exhausted; no stage can start");
        var left = RemainingEvaluations(evaluations);
        var stageEvals = Math.Min(left, Math.Max(1, maxEvals ?? left));
        TimeSpan? stageTime = RemainingTime is { } remaining ? TimeSpan.FromTicks(Math.Max(1, (long)(remaining.Ticks * timeFraction))) : null;
        return new FitBudget(stageEvals, stageTime, _time);
    }

    /// <summary>A duration as seconds, e.g. <c>5 s</c>, <c>0.25 s</c>.</summary>
    internal static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
