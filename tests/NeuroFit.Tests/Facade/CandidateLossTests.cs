using FsCheck;
using FsCheck.Fluent;
using NeuroFit.Fitting;

namespace NeuroFit.Tests.Facade;

public class CandidateLossTests
{
    [Fact]
    public void RepeatsGiveTheMeanAndThePopulationStandardDeviation()
    {
        var loss = CandidateLoss.FromRepeats([2.0, 4.0, new[] { 3.0, 3.0 }], [null, null, null]);
        Assert.Equal(4.0, loss.Loss, 12);
        Assert.Equal(Math.Sqrt(8.0 / 3.0), loss.Std!.Value, 12); // totals 2, 4, 6
        Assert.Equal([3.0, 1.0], loss.Components.Select(c => Math.Round(c, 12)));
        Assert.False(loss.Failed);
    }

    [Fact]
    public void ASingleRepeatHasNoStandardDeviationAndSumsItsComponents()
    {
        var loss = CandidateLoss.FromRepeats([new List<double> { 1.5, 2.5 }], [null]);
        Assert.Equal(4.0, loss.Loss);
        Assert.Null(loss.Std);
    }

    [Fact]
    public void ANonFiniteLossOrAFailedRepeatFailsTheCandidateWithItsReason()
    {
        var nan = CandidateLoss.FromRepeats([1.0, double.NaN], [null, null]);
        Assert.True(nan.Failed);
        Assert.Equal(double.PositiveInfinity, nan.Loss);
        Assert.Equal("loss is NaN in repeat 1", nan.FailureReason);
        var diverged = CandidateLoss.FromRepeats([1.0], ["simulation diverged (v is NaN)"]);
        Assert.Equal("simulation diverged (v is NaN)", diverged.FailureReason);
    }

    [Fact]
    public void TheMeanLiesBetweenTheSmallestAndLargestRepeat() =>
        Prop.ForAll(Gen.NonEmptyListOf(Gen.Choose(-1000, 1000).Select(x => x / 10.0)).ToArbitrary(), values =>
        {
            var loss = CandidateLoss.FromRepeats(values.Select(v => (LossValue)v).ToList(), values.Select(_ => (string?)null).ToList());
            return loss.Loss >= values.Min() - 1e-9 && loss.Loss <= values.Max() + 1e-9 && (values.Count == 1 || loss.Std >= 0);
        }).QuickCheckThrowOnFailure();
}
