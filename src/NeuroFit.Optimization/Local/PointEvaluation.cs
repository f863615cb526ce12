namespace NeuroFit.Optimization.Local;

/// <summary>
/// What the objective says about one point of the unit cube: its loss and, when the loss is a sum of squares, the
/// residual vector. A non-finite <see cref="Loss"/> marks a failed point; <see cref="Residuals"/> is null when the
/// objective has none for this point (not a least-squares loss, or the point failed).
/// </summary>
/// <param name="Loss">The loss; NaN or ±∞ = failed.</param>
/// <param name="Residuals">The residuals (the same length at every point of one search), or null.</param>
public readonly record struct PointEvaluation(double Loss, double[]? Residuals = null)
{
    /// <summary>A failed point.</summary>
    public static PointEvaluation Failed => new(double.PositiveInfinity);

    /// <summary>Whether the loss is finite.</summary>
    public bool Succeeded => double.IsFinite(Loss);
}

/// <summary>
/// A batched objective: evaluates every point of <paramref name="points"/> (in the unit cube [0, 1]^n) at once, e.g. as
/// one simulated population, and returns one evaluation per point, in order. A point that cannot be evaluated is a
/// failed evaluation (<see cref="PointEvaluation.Failed"/>), not an exception.
/// </summary>
public delegate IReadOnlyList<PointEvaluation> BatchObjective(IReadOnlyList<double[]> points);

/// <summary>Why a local search stopped.</summary>
public enum LocalStopReason
{
    /// <summary>Still running.</summary>
    None,
    /// <summary>The (projected, scaled) gradient fell below its tolerance: a stationary point within the bounds.</summary>
    Gradient,
    /// <summary>The step fell below its tolerance.</summary>
    Step,
    /// <summary>An accepted step reduced the objective by less than the relative tolerance, and no more was predicted.</summary>
    Reduction,
    /// <summary>The objective reached the target value (e.g. zero residuals).</summary>
    Target,
    /// <summary>The pattern search's mesh fell below its tolerance.</summary>
    Mesh,
    /// <summary>No step decreases the objective any more (the damping grew beyond its limit).</summary>
    NoProgress,
    /// <summary>The evaluation budget is spent (or too little is left for the next batch).</summary>
    Budget,
    /// <summary>Cancelled between batches.</summary>
    Cancelled,
    /// <summary>The deadline passed between batches.</summary>
    Deadline,
    /// <summary>The start point failed, or gave no residuals to a least-squares method.</summary>
    StartFailed,
}

/// <summary>The outcome of a local search.</summary>
/// <param name="Point">The best point evaluated (unit cube).</param>
/// <param name="Evaluation">Its evaluation.</param>
/// <param name="Objective">What the method minimised, at <paramref name="Point"/>: ½·Σr² for Levenberg–Marquardt, the loss for the pattern search.</param>
/// <param name="Evaluations">Points evaluated (never more than the budget).</param>
/// <param name="Batches">Batches evaluated (rounds).</param>
/// <param name="Iterations">Accepted steps.</param>
/// <param name="Reason">Why it stopped.</param>
/// <param name="AcceptedObjectives">The objective at the start and after every accepted step (non-increasing).</param>
public sealed record LocalResult(
    double[] Point, PointEvaluation Evaluation, double Objective, int Evaluations, int Batches, int Iterations,
    LocalStopReason Reason, IReadOnlyList<double> AcceptedObjectives);
