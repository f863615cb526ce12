using System.Diagnostics;
using System.Globalization;

namespace NeuroFit.Progress;

/// <summary>
/// Progress as plain log lines (for redirected output and CI logs): one line at most every
/// <see cref="Interval"/>, plus a final line.
/// </summary>
public sealed class PlainProgress(TextWriter output) : IFitProgress
{
    /// <summary>Minimum time between two lines.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public void Run(string title, int total, Action<Action<FitProgressSnapshot>> work)
    {
        var clock = Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        FitProgressSnapshot? last = null;
        output.WriteLine(total == int.MaxValue ? title : $"{title}: {total} evaluations");
        work(snapshot =>
        {
            last = snapshot;
            if (clock.Elapsed - lastPrint < Interval) return;
            lastPrint = clock.Elapsed;
            output.WriteLine(Line(snapshot));
        });
        if (last is not null) output.WriteLine(Line(last) + " (done)");
    }

    /// <summary>One progress line: evaluations (of the budget, unless unlimited), best loss, speed, failures, time (of the limit).</summary>
    internal static string Line(FitProgressSnapshot s)
    {
        var evaluations = s.Total == int.MaxValue ? $"{s.Evaluations}" : $"{s.Evaluations}/{s.Total}";
        var time = string.Create(CultureInfo.InvariantCulture, $"{s.ElapsedSeconds:F1}") +
                   (s.TimeLimitSeconds is { } limit ? string.Create(CultureInfo.InvariantCulture, $"/{limit:0.###}") : "");
        var stage = s.Stage is { } name ? $"{name}: " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  {stage}{evaluations} evaluations, best loss {s.BestLoss:G6}, {s.EvaluationsPerSecond:F0} evals/s, {s.Failed} failed, {time} s");
    }
}
