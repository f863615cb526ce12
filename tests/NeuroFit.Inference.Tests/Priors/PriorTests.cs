using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.Distributions;
using NeuroFit.Inference.Priors;

namespace NeuroFit.Inference.Tests.Priors;

public class PriorTests
{
    [Fact]
    public void BoxUniformDensitySupportAndDraws()
    {
        var prior = new BoxUniform([-1, 0], [1, 4]);
        Assert.Equal(-Math.Log(8), prior.LogProb([0.5, 3.9]), 12);
        Assert.Equal(double.NegativeInfinity, prior.LogProb([0.5, 4.1]));
        Assert.False(prior.InSupport([-1.01, 1]));
        var draws = prior.Sample(5000, new Random(1));
        for (var r = 0; r < 5000; r++) Assert.True(prior.InSupport([draws[r, 0], draws[r, 1]]));
        var mean1 = Enumerable.Range(0, 5000).Average(r => draws[r, 1]);
        Assert.InRange(mean1, 1.9, 2.1);
    }

    [Theory]
    [InlineData(new[] { 0.0 }, new[] { 0.0 })]
    [InlineData(new[] { 1.0 }, new[] { 0.0 })]
    [InlineData(new[] { 0.0 }, new[] { double.PositiveInfinity })]
    public void BoxUniformRejectsBadBounds(double[] low, double[] high) =>
        Assert.Throws<InferenceException>(() => new BoxUniform(low, high));

    [Property(MaxTest = 50)]
    public Property RestrictedBoxUniformDrawsStayInTheIntersection() => Prop.ForAll(
        Gen.Choose(-50, 50).Two().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(),
        (corner, seed) =>
        {
            var prior = new BoxUniform([-10, -10], [10, 10]);
            var box = new ParameterBox([corner.Item1 / 10.0, corner.Item2 / 10.0], [corner.Item1 / 10.0 + 3, corner.Item2 / 10.0 + 20]);
            var restricted = prior.RestrictTo(box);
            var draws = restricted.Sample(200, new Random(seed));
            return Enumerable.Range(0, 200).All(r => box.Contains([draws[r, 0], draws[r, 1]]) && prior.InSupport([draws[r, 0], draws[r, 1]]));
        });

    [Fact]
    public void IndependentPriorIsTheProductOfItsMarginals()
    {
        var prior = new IndependentPrior(new Normal(1, 2), new Gamma(2, 3));
        double[] theta = [0.3, 0.7];
        Assert.Equal(new Normal(1, 2).DensityLn(0.3) + new Gamma(2, 3).DensityLn(0.7), prior.LogProb(theta), 12);
        Assert.False(prior.InSupport([0.3, -0.1]));
        var draws = prior.Sample(20000, new Random(2));
        var mean0 = Enumerable.Range(0, 20000).Average(r => draws[r, 0]);
        var mean1 = Enumerable.Range(0, 20000).Average(r => draws[r, 1]);
        Assert.InRange(mean0, 1 - 0.05, 1 + 0.05);
        Assert.InRange(mean1, 2.0 / 3 - 0.02, 2.0 / 3 + 0.02); // Gamma(shape 2, rate 3)
    }

    [Fact]
    public void RestrictedIndependentPriorFollowsTheTruncatedMarginal()
    {
        var prior = new IndependentPrior(new Normal(0, 1));
        var restricted = prior.RestrictTo(new ParameterBox([0.5], [1.5]));
        var draws = restricted.Sample(20000, new Random(3));
        var values = Enumerable.Range(0, 20000).Select(r => draws[r, 0]).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0.5, 1.5));
        // Mean of N(0,1) truncated to [0.5, 1.5]: (φ(0.5) − φ(1.5)) / (Φ(1.5) − Φ(0.5)).
        var n = new Normal(0, 1);
        var expected = (n.Density(0.5) - n.Density(1.5)) / (n.CumulativeDistribution(1.5) - n.CumulativeDistribution(0.5));
        Assert.InRange(values.Average(), expected - 0.01, expected + 0.01);
        // The restricted density integrates to 1 over the box.
        var mass = Enumerable.Range(0, 1000).Sum(i => Math.Exp(restricted.LogProb([0.5 + (i + 0.5) / 1000.0])) / 1000.0);
        Assert.Equal(1.0, mass, 4);
    }

    [Fact]
    public void RestrictingOutsideTheSupportIsAnError()
    {
        var prior = new BoxUniform([0], [1]);
        var e = Assert.Throws<InferenceException>(() => prior.RestrictTo(new ParameterBox([2], [3])));
        Assert.Contains("does not meet", e.Message);
    }
}
