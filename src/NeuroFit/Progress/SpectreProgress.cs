using System.Globalization;
using Spectre.Console;

namespace NeuroFit.Progress;

/// <summary>
/// An animated Spectre.Console progress bar with evaluations, best loss and evaluations per second. Spectre prints
/// nothing when output is redirected, so <see cref="ForConsole"/> falls back to <see cref="PlainProgress"/> then.
/// </summary>
public sealed class SpectreProgress(IAnsiConsole console) : IFitProgress
{
    /// <summary>A bar on an interactive terminal, plain lines otherwise.</summary>
    public static IFitProgress ForConsole() =>
        AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected
            ? new SpectreProgress(AnsiConsole.Console)
            : new PlainProgress(Console.Out);

    /// <inheritdoc />
    public void Run(string title, int total, Action<Action<FitProgressSnapshot>> work)
    {
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                // the bar shows the larger share of the budget used: evaluations, or time under a time limit
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                work(s =>
                {
                    task.Value = s.Fraction;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                        $"{title}{(s.Stage is { } stage ? $" [{stage}]" : "")}  best {s.BestLoss:G5}  {s.EvaluationsPerSecond:F0} evals/s  {s.Failed} failed"));
                });
                task.Value = task.MaxValue;
            });
    }
}
