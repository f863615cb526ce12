namespace NeuroFit.Losses;

/// <summary>
/// brian2modelfitting's GammaFactor error (<c>get_gamma_factor</c>, Jolivet et al. 2008 with the rate correction of
/// Clopath et al. 2007). Spike times are rounded to steps of dt (half to even); a target spike is coincident when the
/// nearest candidate spike lies within ±round(δ/dt) steps (several target spikes may share one candidate spike). With
/// T the window length, r_d = N_d/T, r_m = N_m/T:
/// <c>N̄ = 2δ·N_d·r_d</c>, <c>norm = ½(1 − 2δ·r_d)</c>, <c>Γ = (N_coinc − N̄)/(norm·(N_m + N_d))</c>, and the error is
/// <c>max(0, R − Γ)</c> with <c>R = 1 + 2|r_d − r_m|/r_d</c> (rate correction) or 1.
/// Not computable — giving <see cref="MaxLoss"/> — when the target has no spikes but the candidate has (with rate
/// correction), or when 2δ·r_d ≥ 1. Both trains empty give 0 (brian2modelfitting gives NaN).
/// </summary>
/// <param name="DeltaMs">Coincidence window δ in ms.</param>
/// <param name="RateCorrection">Add the rate term (brian2modelfitting's default: true).</param>
/// <param name="Window">Time window; null = whole sweep (T = sweep duration).</param>
/// <param name="MaxLoss">Value when not computable, and the cap. Default 1000.</param>
public sealed record GammaFactorLoss(double DeltaMs, bool RateCorrection = true, TimeWindow? Window = null, double MaxLoss = 1000) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "gamma_factor";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate)
    {
        LossGuards.CheckPositive(DeltaMs, Name, "delta");
        var w = Window ?? new TimeWindow();
        var duration = w.Length(target.DurationMs);
        if (!(duration > 0))
            throw new LossException($"loss term '{Name}': the time window is empty (sweep of {target.DurationMs} ms)");
        var error = GammaFactor.Error(w.Select(candidate.Spikes(Name)), w.Select(target.Spikes(Name)), DeltaMs, duration, target.Dt, RateCorrection);
        return LossGuards.Finite(error, MaxLoss);
    }
}

/// <summary>The GammaFactor formula on plain spike-time lists (ms).</summary>
public static class GammaFactor
{
    /// <summary>The error <c>max(0, R − Γ)</c> of <see cref="GammaFactorLoss"/>; NaN or +∞ where it is not defined.</summary>
    /// <param name="model">Candidate spike times (ms).</param>
    /// <param name="data">Target spike times (ms).</param>
    /// <param name="deltaMs">Coincidence window δ (ms).</param>
    /// <param name="durationMs">Duration T (ms).</param>
    /// <param name="dtMs">Time step for rounding (ms).</param>
    /// <param name="rateCorrection">Add the rate term.</param>
    public static double Error(IReadOnlyList<double> model, IReadOnlyList<double> data, double deltaMs, double durationMs, double dtMs, bool rateCorrection)
    {
        var m = model.Select(t => Math.Round(t / dtMs, MidpointRounding.ToEven)).Order().ToArray();
        var d = data.Select(t => Math.Round(t / dtMs, MidpointRounding.ToEven)).ToArray();
        var deltaSteps = Math.Round(deltaMs / dtMs, MidpointRounding.ToEven);
        if (m.Length == 0 && d.Length == 0) return 0;
        double nm = m.Length, nd = d.Length;
        var dataRate = nd / durationMs;
        var modelRate = nm / durationMs;
        var coincidences = m.Length == 0 ? 0 : d.Count(x => Math.Abs(x - Nearest(m, x)) <= deltaSteps);
        var expected = 2 * deltaMs * nd * dataRate;
        var norm = 0.5 * (1 - 2 * dataRate * deltaMs);
        if (!(norm > 0)) return double.NaN;
        var gamma = (coincidences - expected) / (norm * (nm + nd));
        var rateTerm = rateCorrection ? 1 + 2 * Math.Abs((dataRate - modelRate) / dataRate) : 1;
        return Math.Max(0, rateTerm - gamma);
    }

    /// <summary>The nearest value of sorted <paramref name="sorted"/> to x; at an exact midpoint the later one
    /// (numpy <c>digitize</c> on the midpoints, as brian2modelfitting).</summary>
    private static double Nearest(double[] sorted, double x)
    {
        var index = Array.BinarySearch(sorted, x);
        if (index >= 0) return sorted[index];
        var upper = ~index;
        if (upper == 0) return sorted[0];
        if (upper == sorted.Length) return sorted[^1];
        var mid = 0.5 * (sorted[upper - 1] + sorted[upper]);
        return x >= mid ? sorted[upper] : sorted[upper - 1];
    }
}
