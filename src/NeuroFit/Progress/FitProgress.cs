namespace NeuroFit.Progress;

/// <summary>A snapshot of a running fit, reported after every evaluated batch.</summary>
/// <param name="Evaluations">Evaluations done so far.</param>
/// <param name="Total">Evaluations planned.</param>
/// <param name="BestLoss">Best loss so far (NaN before the first success).</param>
/// <param name="Failed">Failed evaluations so far.</param>
/// <param name="ElapsedSeconds">Seconds since the optimisation started.</param>
public sealed record FitProgressSnapshot(int Evaluations, int Total, double BestLoss, int Failed, double ElapsedSeconds)
{
    /// <summary>Evaluations per second so far.</summary>
    public double EvaluationsPerSecond => ElapsedSeconds > 0 ? Evaluations / ElapsedSeconds : 0;

    /// <summary>The time limit of the search in seconds, or null without one.</summary>
    public double? TimeLimitSeconds { get; init; }

    /// <summary>The stage of a search made of stages (method auto: <c>opening</c>, <c>horizon 3/9</c>, <c>polish</c>), or null.</summary>
    public string? Stage { get; init; }

    /// <summary>How far the search is, 0 to 1: the larger of the evaluations' and, with a time limit, the time's share.</summary>
    public double Fraction => Math.Clamp(Math.Max(Total > 0 ? (double)Evaluations / Total : 0,
        TimeLimitSeconds is > 0 and var limit ? ElapsedSeconds / limit : 0), 0, 1);
}

/// <summary>Receives progress of a fit. Implementations must be cheap: they are called after every batch.</summary>
public interface IFitProgress
{
    /// <summary>Runs <paramref name="work"/>, which calls the given callback after each batch.</summary>
    void Run(string title, int total, Action<Action<FitProgressSnapshot>> work);
}

/// <summary>Reports nothing.</summary>
public sealed class SilentProgress : IFitProgress
{
    /// <inheritdoc />
    public void Run(string title, int total, Action<Action<FitProgressSnapshot>> work) => work(_ => { });
}
