using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Losses;

namespace NeuroFit.Tests.Losses;

/// <summary>Every term returns a finite value in [0, MaxLoss] for any candidate, however broken.</summary>
public class NeverNanTests
{
    private static readonly Gen<double> Voltages = Gen.Frequency(
        (8, Gen.Choose(-900, 500).Select(x => x / 10.0)),
        (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300)));

    private static readonly Gen<SweepData> Sweeps =
        from v in Gen.ArrayOf(Voltages, 200)
        from spikes in Gen.ArrayOf(Gen.Choose(0, 199).Select(x => (double)x))
        select new SweepData { Dt = 1, Traces = new Dictionary<string, double[]> { ["v"] = v }, SpikeTimesMs = spikes.Distinct().Order().ToArray() };

    private static readonly ILossTerm[] Terms =
    [
        new RmseLoss("v"), new MseLoss("v"), new SpikeCountLoss(), new VanRossumLoss(10), new VictorPurpuraLoss(0.2),
        new GammaFactorLoss(2), new GammaFactorLoss(2, RateCorrection: false), new SpikeFeatureLossTerm(),
        new EfelFeatureLoss(Enum.GetValues<VoltageFeature>()),
        new EfelFeatureLoss(Enum.GetValues<VoltageFeature>(), ValidRangeMv: EfelFeatureLoss.CompNeuroPyValidRange),
    ];

    [Property(MaxTest = 150)]
    public Property Every_term_is_finite_and_within_its_maximum() =>
        Prop.ForAll(Sweeps.ToArbitrary(), Sweeps.ToArbitrary(), (target, candidate) =>
            Terms.All(term =>
            {
                var value = term.Compute(target, candidate);
                return double.IsFinite(value) && value >= 0 && value <= term.MaxLoss;
            }));
}
