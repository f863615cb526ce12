using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Losses;

namespace NeuroFit.Tests.Losses;

/// <summary>Which terms give residuals, and the law Σr² = Σ weight · mse (rmse² for an rmse term).</summary>
public class ResidualTests
{
    private static SweepData Trace(double dt, params double[] v) => new() { Dt = dt, Traces = new Dictionary<string, double[]> { ["v"] = v }, SpikeTimesMs = [] };

    private static double SumOfSquares(double[] r) => r.Sum(x => x * x);

    [Fact]
    public void RmseAndMseResidualsAreTheScaledDifferencesInTheWindow()
    {
        var target = Trace(1, 0, 0, 0, 0);
        var candidate = Trace(1, 1, 1, 1, 3);
        var rmse = new RmseLoss("v").Bind(target);
        Assert.True(rmse.HasResiduals);
        Assert.Equal([0.5, 0.5, 0.5, 1.5], rmse.Residuals(candidate)!);
        Assert.Equal(Math.Pow(rmse.Compute(candidate), 2), SumOfSquares(rmse.Residuals(candidate)!), 12);
        var windowed = new MseLoss("v", new TimeWindow(2, null)).Bind(target);
        Assert.Equal(windowed.Compute(candidate), SumOfSquares(windowed.Residuals(candidate)!), 12);
        Assert.Equal(2, windowed.Residuals(candidate)!.Length);
    }

    [Fact]
    public void ANonFiniteOrCappedCandidateHasNoResiduals()
    {
        var target = Trace(1, 0, 0);
        Assert.Null(new RmseLoss("v").Bind(target).Residuals(Trace(1, 0, double.NaN)));
        Assert.Null(new MseLoss("v", MaxLoss: 7).Bind(target).Residuals(Trace(1, 0, 100)));
        Assert.Null(new RmseLoss("v", MaxLoss: 3).Bind(target).Residuals(Trace(1, 0, 100)));
        Assert.NotNull(new RmseLoss("v", MaxLoss: 3).Bind(target).Residuals(Trace(1, 0, 4))); // rmse √8 < 3
    }

    [Fact]
    public void SpikeAndFeatureTermsHaveNone()
    {
        var sweep = Trace(1, 0, 0);
        Assert.False(((ILossTerm)new VanRossumLoss(5)).Bind(sweep).HasResiduals);
        Assert.Null(((ILossTerm)new SpikeCountLoss()).Bind(sweep).Residuals(sweep));
    }

    [Fact]
    public void ALossGivesResidualsOnlyWhenEveryWeightedTermHasThem()
    {
        var target = new[] { Trace(1, 0, 0, 0), Trace(1, 1, 1, 1) };
        var candidate = new[] { Trace(1, 1, 2, 3), Trace(1, 1, 1, 4) };
        var traces = new LossFunction([new WeightedTerm(new RmseLoss("v"), 2), new WeightedTerm(new MseLoss("v"), 0.5, Chunk: 1)]).Bind(target);
        Assert.True(traces.ProvidesResiduals);
        var r = traces.Residuals(candidate)!;
        Assert.Equal(3 + 3 + 3, r.Length); // rmse over both chunks, mse over chunk 1
        // Σr² = 2·(mse₀ + mse₁) + 0.5·mse₁ with mse₀ = 14/3, mse₁ = 3
        Assert.Equal(2 * (14.0 / 3 + 3) + 0.5 * 3, SumOfSquares(r), 12);

        var mixed = new LossFunction([new WeightedTerm(new RmseLoss("v")), new WeightedTerm(new SpikeCountLoss())]).Bind(target);
        Assert.False(mixed.ProvidesResiduals);
        Assert.Null(mixed.Residuals(candidate));
        var silentSpikes = new LossFunction([new WeightedTerm(new RmseLoss("v")), new WeightedTerm(new SpikeCountLoss(), 0)]).Bind(target);
        Assert.True(silentSpikes.ProvidesResiduals); // a term of weight 0 does not count
        Assert.Equal(6, silentSpikes.Residuals(candidate)!.Length);
    }

    private static Arbitrary<(double[] Target, double[] Candidate, double Weight, bool Mse)> Traces =>
        (from n in Gen.Choose(1, 40)
         from t in Gen.Choose(-1000, 1000).ArrayOf(n)
         from c in Gen.Choose(-1000, 1000).ArrayOf(n)
         from w in Gen.Choose(1, 100)
         from mse in Gen.Elements(true, false)
         select (t.Select(x => x / 10.0).ToArray(), c.Select(x => x / 10.0).ToArray(), w / 10.0, mse)).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property TheSumOfSquaresIsTheWeightedMeanSquare() =>
        Prop.ForAll(Traces, c =>
        {
            ILossTerm term = c.Mse ? new MseLoss("v") : new RmseLoss("v");
            var loss = new LossFunction([new WeightedTerm(term, c.Weight)]).Bind([Trace(1, c.Target)]);
            var value = loss.Compute([Trace(1, c.Candidate)]);
            var squares = SumOfSquares(loss.Residuals([Trace(1, c.Candidate)])!);
            var expected = c.Mse ? value : value * value / c.Weight; // w·mse, or w·rmse² = (w·rmse)²/w
            return Math.Abs(squares - expected) <= 1e-9 * Math.Max(1, expected);
        });
}
