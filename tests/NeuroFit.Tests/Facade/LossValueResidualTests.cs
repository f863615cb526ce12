using NeuroFit.Fitting;

namespace NeuroFit.Tests.Facade;

public class LossValueResidualTests
{
    [Fact]
    public void FromResidualsTotalsTheSumOfSquaresUnlessATotalIsGiven()
    {
        var value = LossValue.FromResiduals([3.0, 4.0]);
        Assert.Equal(25.0, value.Total);
        Assert.Equal([25.0], value.Components);
        Assert.Equal([3.0, 4.0], value.GetResiduals()!);
        Assert.Equal(Math.Sqrt(12.5), LossValue.FromResiduals([3.0, 4.0], total: Math.Sqrt(12.5)).Total); // e.g. the RMSE
        Assert.Throws<ArgumentException>(() => LossValue.FromResiduals([]));
    }

    [Fact]
    public void CompNeuroPysScalarsAndListsCarryNoResiduals()
    {
        LossValue one = 2.5;
        LossValue list = new List<double> { 1, 2 };
        LossValue array = new[] { 1.0, 2 };
        Assert.False(one.HasResiduals || list.HasResiduals || array.HasResiduals);
        Assert.Null(one.GetResiduals());
        Assert.Equal(3.0, list.Total);
    }

    [Fact]
    public void RepeatsConcatenateTheirResidualsSoTheSumOfSquaresIsTheirMean()
    {
        var single = CandidateLoss.FromRepeats([LossValue.FromResiduals([1.0, 2.0])], [null], residuals: true);
        Assert.Equal([1.0, 2.0], single.Residuals!);
        var two = CandidateLoss.FromRepeats([LossValue.FromResiduals([1.0, 2.0]), LossValue.FromResiduals([3.0, 0.0])], [null, null], residuals: true);
        Assert.Equal(4, two.Residuals!.Length);
        Assert.Equal(two.Loss, two.Residuals.Sum(r => r * r), 12); // mean of 5 and 9
        Assert.Null(CandidateLoss.FromRepeats([LossValue.FromResiduals([1.0]), 1.0], [null, null], residuals: true).Residuals);
        Assert.Null(CandidateLoss.FromRepeats([LossValue.FromResiduals([1.0])], [null]).Residuals); // not asked for
        Assert.Null(CandidateLoss.FromRepeats([LossValue.FromResiduals([double.NaN])], [null], residuals: true).Residuals); // failed
    }
}
