namespace NeuroFit.Losses;

/// <summary>
/// Root-mean-square error of one recorded variable: <c>sqrt(mean((candidate − target)²))</c> over the samples whose
/// times lie in <see cref="Window"/> (CompNeuroPy's <c>rmse</c>). Both traces must have the same length and sampling
/// interval (import resamples data to the simulation dt). A candidate trace with NaN or ±∞ in the window, or an
/// error above <see cref="MaxLoss"/>, gives <see cref="MaxLoss"/>.
/// </summary>
/// <param name="Variable">Recorded variable, e.g. <c>v</c>.</param>
/// <param name="Window">Time window; null = whole sweep.</param>
/// <param name="MaxLoss">Value for an uncomputable (exploding) candidate, and the cap. Default 1e6.</param>
public sealed record RmseLoss(string Variable, TimeWindow? Window = null, double MaxLoss = 1e6) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "rmse";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate) =>
        LossGuards.Finite(Math.Sqrt(TraceComparison.MeanSquare(Name, Variable, Window, target, candidate)), MaxLoss);

    /// <summary>Bound to a target, the term also gives residuals <c>(candidate − target)/√N</c> over the window's N
    /// samples: Σr² = rmse². None (null) when the candidate is not finite there or the term is capped at <see cref="MaxLoss"/>.</summary>
    public IBoundLossTerm Bind(SweepData target) => new BoundTraceTerm(this, Variable, Window, target, meanSquare => meanSquare >= MaxLoss * MaxLoss);
}

/// <summary>
/// Mean squared error of one recorded variable: <c>mean((candidate − target)²)</c> over the window (brian2modelfitting's
/// <c>MSEMetric</c> with <c>t_start</c> generalised to a window). Same rules as <see cref="RmseLoss"/>.
/// </summary>
/// <param name="Variable">Recorded variable.</param>
/// <param name="Window">Time window; null = whole sweep.</param>
/// <param name="MaxLoss">Value for an uncomputable candidate, and the cap. Default 1e12.</param>
public sealed record MseLoss(string Variable, TimeWindow? Window = null, double MaxLoss = 1e12) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "mse";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate) =>
        LossGuards.Finite(TraceComparison.MeanSquare(Name, Variable, Window, target, candidate), MaxLoss);

    /// <summary>Bound to a target, the term also gives residuals <c>(candidate − target)/√N</c> over the window's N
    /// samples: Σr² = mse. None (null) when the candidate is not finite there or the term is capped at <see cref="MaxLoss"/>.</summary>
    public IBoundLossTerm Bind(SweepData target) => new BoundTraceTerm(this, Variable, Window, target, meanSquare => meanSquare >= MaxLoss);
}

/// <summary>rmse or mse bound to a target trace: the value by the term's own rule, and the residuals of the window.</summary>
internal sealed class BoundTraceTerm(ILossTerm term, string variable, TimeWindow? window, SweepData target, Func<double, bool> capped) : IBoundLossTerm
{
    public ILossTerm Term => term;

    public double Compute(SweepData candidate) => term.Compute(target, candidate);

    public bool HasResiduals => true;

    public double[]? Residuals(SweepData candidate)
    {
        var t = target.Trace(variable, term.Name);
        var c = candidate.Trace(variable, term.Name);
        var meanSquare = TraceComparison.MeanSquare(term.Name, variable, window, target, candidate); // checks lengths and dt
        if (!double.IsFinite(meanSquare) || capped(meanSquare)) return null;
        var (first, end) = (window ?? new TimeWindow()).SampleRange(t.Length, target.Dt);
        var scale = 1 / Math.Sqrt(end - first);
        var residuals = new double[end - first];
        for (var i = first; i < end; i++) residuals[i - first] = (c[i] - t[i]) * scale;
        return residuals;
    }
}

internal static class TraceComparison
{
    /// <summary>Mean of squared differences in the window; NaN when the candidate is not finite there.</summary>
    public static double MeanSquare(string term, string variable, TimeWindow? window, SweepData target, SweepData candidate)
    {
        var t = target.Trace(variable, term);
        var c = candidate.Trace(variable, term);
        if (t.Length != c.Length)
            throw new LossException(
                $"loss term '{term}': the target trace of '{variable}' has {t.Length} samples but the simulated one has {c.Length}; the experiment must cover the data");
        if (Math.Abs(target.Dt - candidate.Dt) > 1e-12 * Math.Max(1, target.Dt))
            throw new LossException(
                $"loss term '{term}': the target is sampled every {target.Dt} ms but the simulation every {candidate.Dt} ms; resample the data to the simulation dt");
        var (first, end) = (window ?? new TimeWindow()).SampleRange(t.Length, target.Dt);
        if (end <= first)
            throw new LossException($"loss term '{term}': the time window holds no samples of '{variable}'");
        var sum = 0.0;
        for (var i = first; i < end; i++)
        {
            var d = c[i] - t[i];
            sum += d * d;
        }
        return sum / (end - first);
    }
}
