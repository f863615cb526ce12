namespace NeuroFit.Losses;

/// <summary>Spike-count difference <c>|n_candidate − n_target|</c> of the spikes in <see cref="Window"/>. Always
/// computable; <see cref="MaxLoss"/> caps it.</summary>
/// <param name="Window">Time window; null = whole sweep.</param>
/// <param name="MaxLoss">Cap. Default 1e6.</param>
public sealed record SpikeCountLoss(TimeWindow? Window = null, double MaxLoss = 1e6) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "spike_count";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate)
    {
        var w = Window ?? new TimeWindow();
        return LossGuards.Finite(Math.Abs(w.Select(target.Spikes(Name)).Length - w.Select(candidate.Spikes(Name)).Length), MaxLoss);
    }
}

/// <summary>
/// van Rossum distance with an exponential kernel of time constant τ (van Rossum 2001), in its exact closed form:
/// each train is convolved with <c>h(t) = e^(−t/τ)·Θ(t)</c> and <c>D² = (2/τ)∫(f − g)² dt</c>, which for trains
/// {tᵢ} and {uⱼ} is <c>D² = Σᵢᵢ' e^(−|tᵢ−tᵢ'|/τ) + Σⱼⱼ' e^(−|uⱼ−uⱼ'|/τ) − 2 Σᵢⱼ e^(−|tᵢ−uⱼ|/τ)</c>. With this
/// normalisation one extra or missing isolated spike adds 1 to D², and D → sqrt(n + m) when all spikes are far apart.
/// Spikes outside <see cref="Window"/> are ignored. Always computable.
/// </summary>
/// <param name="TauMs">Kernel time constant τ in ms.</param>
/// <param name="Window">Time window; null = whole sweep.</param>
/// <param name="MaxLoss">Cap. Default 1e6.</param>
public sealed record VanRossumLoss(double TauMs, TimeWindow? Window = null, double MaxLoss = 1e6) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "van_rossum";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate)
    {
        LossGuards.CheckPositive(TauMs, Name, "tau");
        var w = Window ?? new TimeWindow();
        return LossGuards.Finite(SpikeDistances.VanRossum(w.Select(target.Spikes(Name)), w.Select(candidate.Spikes(Name)), TauMs), MaxLoss);
    }
}

/// <summary>
/// Victor–Purpura spike-time distance with cost q per ms (Victor &amp; Purpura 1996): the cheapest way to turn one
/// train into the other by deleting or inserting a spike (cost 1 each) or moving a spike by Δt (cost q·|Δt|),
/// computed by dynamic programming. q = 0 gives the count difference |n − m|; for q·|Δt| ≥ 2 between all pairs it
/// gives n + m. Spikes outside <see cref="Window"/> are ignored. Always computable.
/// </summary>
/// <param name="CostPerMs">Cost q of moving a spike by 1 ms (1/ms).</param>
/// <param name="Window">Time window; null = whole sweep.</param>
/// <param name="MaxLoss">Cap. Default 1e6.</param>
public sealed record VictorPurpuraLoss(double CostPerMs, TimeWindow? Window = null, double MaxLoss = 1e6) : ILossTerm
{
    /// <inheritdoc />
    public string Name => "victor_purpura";

    /// <inheritdoc />
    public double Compute(SweepData target, SweepData candidate)
    {
        LossGuards.CheckNonNegative(CostPerMs, Name, "q");
        var w = Window ?? new TimeWindow();
        return LossGuards.Finite(SpikeDistances.VictorPurpura(w.Select(target.Spikes(Name)), w.Select(candidate.Spikes(Name)), CostPerMs), MaxLoss);
    }
}
