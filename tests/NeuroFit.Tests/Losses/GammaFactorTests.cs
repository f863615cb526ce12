using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Losses;

namespace NeuroFit.Tests.Losses;

/// <summary>Hand computations with the formula of field-anchors §2.6 (brian2modelfitting's get_gamma_factor).</summary>
public class GammaFactorTests
{
    [Fact]
    public void Three_target_spikes_two_coincident()
    {
        // dt 0.1, δ 2 ms (20 steps), T 200 ms. Data steps 100, 500, 900; model 110, 520, 1500.
        // Nearest model spike: 100→110 (10 ≤ 20 ✓), 500→520 (20 ≤ 20 ✓), 900→520 (midpoint 1010; 380 ✗): 2 coincidences.
        // r_d = r_m = 3/200; N̄ = 2·2·3·0.015 = 0.18; norm = ½(1 − 2·0.015·2) = 0.47; Γ = 1.82/(0.47·6); R = 1.
        var expected = 1 - 1.82 / (0.47 * 6);
        Assert.Equal(expected, GammaFactor.Error([11.0, 52, 150], [10.0, 50, 90], 2, 200, 0.1, rateCorrection: true), 12);
        Assert.Equal(expected, GammaFactor.Error([11.0, 52, 150], [10.0, 50, 90], 2, 200, 0.1, rateCorrection: false), 12);
    }

    [Fact]
    public void One_model_spike_with_and_without_rate_correction()
    {
        // Model {11}: only 100→110 coincides. r_m = 1/200; Γ = (1 − 0.18)/(0.47·4); R = 1 + 2·|0.015 − 0.005|/0.015.
        var gamma = 0.82 / (0.47 * 4);
        Assert.Equal(1 + 2 * (0.01 / 0.015) - gamma, GammaFactor.Error([11.0], [10.0, 50, 90], 2, 200, 0.1, true), 12);
        Assert.Equal(1 - gamma, GammaFactor.Error([11.0], [10.0, 50, 90], 2, 200, 0.1, false), 12);
    }

    [Fact]
    public void Silent_model_gets_rate_term_three_minus_gamma()
    {
        // Data {10, 50}, T 100, δ 1: r_d = 0.02; N̄ = 0.08; norm = 0.48; Γ = −0.08/(0.48·2); R = 3.
        Assert.Equal(3 + 0.08 / 0.96, GammaFactor.Error([], [10.0, 50], 1, 100, 0.1, true), 12);
    }

    [Property(MaxTest = 100)]
    public Property Identical_trains_give_zero() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 9999).Select(x => x / 10.0)).Select(a => a.Distinct().Take(20).ToArray()).ToArbitrary(), train =>
            train.Length == 0 || Math.Abs(GammaFactor.Error(train, train, 0.5, 1000, 0.1, true)) < 1e-9);

    [Fact]
    public void Loss_term_documented_maximum_and_empty_trains()
    {
        var term = new GammaFactorLoss(DeltaMs: 2);
        SweepData Sweep(params double[] spikes) => new() { Dt = 0.1, SpikeTimesMs = spikes, DurationMs = 200 };
        Assert.Equal(0.0, term.Compute(Sweep(), Sweep()));
        Assert.Equal(1000.0, term.Compute(Sweep(), Sweep(5, 6)));                 // target silent: not computable
        Assert.Equal(1000.0, term.Compute(Sweep(Enumerable.Range(0, 60).Select(i => i * 3.0).ToArray()), Sweep(1))); // 2δ·r_d ≥ 1
        Assert.Equal(1 - 1.82 / (0.47 * 6), term.Compute(Sweep(10, 50, 90), Sweep(11, 52, 150)), 12);
        var windowed = new GammaFactorLoss(2, Window: new TimeWindow(0, 80));
        // Only the spikes at 10 and 50 (data) and 11, 52 (model) remain, T = 80: 2 coincidences of 2 → Γ = 1, R = 1.
        Assert.Equal(0.0, windowed.Compute(Sweep(10, 50, 90), Sweep(11, 52, 150)), 12);
        // Window [0, 100) keeps data 10, 50, 90 and model 11, 52: r_d = 0.03, r_m = 0.02, N̄ = 0.36, norm = 0.44,
        // Γ = (2 − 0.36)/(0.44·5), R = 1 + 2·0.01/0.03.
        var wider = new GammaFactorLoss(2, Window: new TimeWindow(0, 100));
        Assert.Equal(1 + 2.0 / 3 - 1.64 / 2.2, wider.Compute(Sweep(10, 50, 90), Sweep(11, 52, 150)), 12);
    }
}
