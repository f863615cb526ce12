using NeuroFit.Results;

namespace NeuroFit.Tests.Results;

public class FitVerdictTests
{
    private static ScaleReference Scale(double centre = 100, double? randomBest = 10, double? truth = null) => new()
    {
        CentreLoss = centre, RandomCount = 64, RandomBest = randomBest, RandomMedian = randomBest is null ? null : 50, RandomSource = "s", TrueLoss = truth,
    };

    [Fact]
    public void ALossBelowRandomGuessingSaysHowManyTimesLower()
    {
        var line = Assert.Single(FitVerdict.Of(0.5, Scale(), null));
        Assert.Equal("The best loss, 0.5, is 20× lower than the best of 64 random candidates (10) and 200× lower than the loss at the centre of the bounds (100).", line.Text);
        Assert.False(line.Warning);
    }

    [Fact]
    public void ALossNoBetterThanRandomIsAWarning()
    {
        var line = Assert.Single(FitVerdict.Of(10, Scale(), null));
        Assert.True(line.Warning);
        Assert.Contains("no lower than the best of 64 random candidates", line.Text);
    }

    [Theory]
    [InlineData(9.74, 9.75, true)]    // at the noise floor (the first izhikevich-trace example)
    [InlineData(10.2, 9.75, true)]    // within 5 %
    [InlineData(11, 9.75, false)]
    [InlineData(3e-8, 0, true)]       // noise-free: within a millionth of the scale (100)
    [InlineData(1e-3, 0, false)]
    public void TheTrueLossIsTheFloorAFitCanReach(double loss, double truth, bool atFloor)
    {
        Assert.Equal(atFloor, FitVerdict.AtFloor(loss, truth, Scale(truth: truth)));
        var line = FitVerdict.Of(loss, Scale(truth: truth), null)[0];
        Assert.Contains($"The loss of the true parameters is {FitVerdict.F(truth)}", line.Text);
        Assert.Equal(atFloor, line.Text.Contains("the fit reached it"));
    }

    [Fact]
    public void KnownParametersAreJudgedAgainstTheirTolerance()
    {
        var known = new KnownParameters(new Dictionary<string, double> { ["a"] = 1, ["b"] = 2, ["c"] = 3 }, "known.json") { RelativeTolerance = 0.05 };
        var good = FitVerdict.Of(1, null, known.Compare([new("a", 1.01), new("b", 2), new("c", 3.03)]))[0];
        Assert.Equal("All 3 known parameters are within 5 % of the true values (known.json; largest error a, 1.00 %).", good.Text);
        var bad = FitVerdict.Of(1, null, known.Compare([new("a", 1.5), new("b", 2), new("c", 3.03)]))[0];
        Assert.True(bad.Warning);
        Assert.Equal("1 of 3 known parameters is outside 5 % of the true values (known.json): a 50.0 %.", bad.Text);
        var untolerated = FitVerdict.Of(1, null, (known with { RelativeTolerance = null }).Compare([new("b", 2.2)]))[0];
        Assert.Equal("Against the true values (known.json): largest error b, 10.0 %.", untolerated.Text);
    }

    [Theory]
    [InlineData(2, 100, "50×")]
    [InlineData(1, 250, "250×")]
    [InlineData(1, 12345, "12,345×")]
    [InlineData(1e-8, 30, "3e9×")]
    [InlineData(0, 1, "∞×")]
    public void RatiosAreShortAndReadable(double loss, double reference, string text) => Assert.Equal(text, FitVerdict.Times(loss, reference));
}
