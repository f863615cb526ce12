using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Tests.Space;

public class SearchSpaceTests
{
    [Theory]
    [InlineData(1.0, 1.0, "low == high")]
    [InlineData(2.0, 1.0, "reversed")]
    [InlineData(double.NaN, 1.0, "finite")]
    [InlineData(0.0, double.PositiveInfinity, "finite")]
    public void UniformRejectsBadBoundsNamingTheParameter(double lo, double hi, string fragment)
    {
        var e = Assert.Throws<SearchSpaceException>(() => Hp.Uniform("a", lo, hi));
        Assert.Contains(fragment, e.Message);
        Assert.Contains("'a'", e.Message);
        Assert.Equal("a", e.ParameterName);
    }

    [Fact]
    public void OtherPrimitivesRejectBadArguments()
    {
        Assert.Contains("q must be > 0", Assert.Throws<SearchSpaceException>(() => Hp.QUniform("q", 0, 1, 0)).Message);
        Assert.Contains("sigma must be > 0", Assert.Throws<SearchSpaceException>(() => Hp.Normal("n", 0, -1)).Message);
        Assert.Contains("sigma must be > 0", Assert.Throws<SearchSpaceException>(() => Hp.LogNormal("n", 0, 0)).Message);
        Assert.Contains("at least one option", Assert.Throws<SearchSpaceException>(() => Hp.Choice("c")).Message);
        Assert.Contains("high is exclusive", Assert.Throws<SearchSpaceException>(() => Hp.RandInt("r", 3, 3)).Message);
        Assert.Contains("low == high", Assert.Throws<SearchSpaceException>(() => Hp.LogUniform("l", 2, 2)).Message);
        Assert.Contains("non-empty", Assert.Throws<SearchSpaceException>(() => Hp.Uniform(" ", 0, 1)).Message);
        Assert.Contains("type Object", Assert.Throws<SearchSpaceException>(() => Hp.Choice("c", new object())).Message);
    }

    [Fact]
    public void DuplicateAndUnknownNamesAreClearErrors()
    {
        Assert.Contains("appears twice", Assert.Throws<SearchSpaceException>(() => new SearchSpace(Hp.Uniform("a", 0, 1), Hp.Uniform("a", 0, 2))).Message);
        var space = new SearchSpace(Hp.Uniform("a", 0, 1), Hp.Uniform("b", 0, 1));
        var e = Assert.Throws<SearchSpaceException>(() => space.IndexOf("c"));
        Assert.Contains("known: a, b", e.Message);
    }

    [Fact]
    public void LogUniformTakesLogSpaceBoundsAsHyperopt()
    {
        var p = Hp.LogUniform("tau", Math.Log(1), Math.Log(100));
        var rng = new Rng(1);
        for (var i = 0; i < 1000; i++)
        {
            var v = p.Distribution.SamplePrior(rng);
            Assert.InRange(v, 1, 100);
            Assert.True(p.Distribution.Contains(v));
        }
        // median of exp(uniform(0, ln 100)) is 10
        var draws = Enumerable.Range(0, 4001).Select(_ => p.Distribution.SamplePrior(rng)).Order().ToArray();
        Assert.InRange(draws[2000], 8.5, 11.5);
    }

    [Fact]
    public void IntegerPrimitivesFollowHyperoptRanges()
    {
        var rng = new Rng(2);
        var randint = Hp.RandInt("r", 2, 5).Distribution;
        var uniformInt = Hp.UniformInt("u", 2, 5).Distribution;
        var ri = Enumerable.Range(0, 2000).Select(_ => randint.SamplePrior(rng)).Distinct().Order().ToArray();
        var ui = Enumerable.Range(0, 2000).Select(_ => uniformInt.SamplePrior(rng)).Distinct().Order().ToArray();
        Assert.Equal([2.0, 3.0, 4.0], ri);      // high exclusive
        Assert.Equal([2.0, 3.0, 4.0, 5.0], ui); // round(uniform(2, 5)) reaches 5
        Assert.True(uniformInt.IsInteger);
    }

    [Fact]
    public void ChoiceInternalIsTheIndexExternalIsTheOption()
    {
        var space = new SearchSpace(Hp.Choice("method", "euler", "rk4", 3), Hp.Uniform("a", 0, 1));
        var internalValues = space.ToInternal(new Dictionary<string, object?> { ["method"] = "rk4", ["a"] = 0.5 });
        Assert.Equal(1.0, internalValues["method"]);
        Assert.Equal(2.0, space.ToInternal(new Dictionary<string, object?> { ["method"] = 3, ["a"] = 0.5 })["method"]);
        Assert.Equal("rk4", space.ToExternal(internalValues)["method"]);
        Assert.Contains("not one of the choice options", Assert.Throws<SearchSpaceException>(() =>
            space.ToInternal(new Dictionary<string, object?> { ["method"] = "rk2", ["a"] = 0.5 })).Message);
        Assert.Contains("outside", Assert.Throws<SearchSpaceException>(() =>
            space.ToInternal(new Dictionary<string, object?> { ["method"] = "rk4", ["a"] = 1.5 })).Message);
    }

    [Fact]
    public void JsonRoundTripKeepsEveryPrimitive()
    {
        var space = new SearchSpace(
            Hp.Uniform("a", -1, 2), Hp.QUniform("b", 0, 10, 0.5), Hp.LogUniform("c", -3, 1), Hp.QLogUniform("d", 0, 3, 2),
            Hp.Normal("e", 1, 2), Hp.QNormal("f", 0, 1, 0.1), Hp.LogNormal("g", 0, 1), Hp.QLogNormal("h", 1, 0.5, 1),
            Hp.Choice("i", "x", 2, 2.5, true, null), Hp.RandInt("j", -2, 7), Hp.UniformInt("k", 0, 3));
        var json = space.ToJson();
        var back = SearchSpace.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(space.Parameters.Select(p => p.Distribution), back.Parameters.Select(p => p.Distribution));
    }

    [Fact]
    public void FromUnitAndToUnitAreInverseOnContinuousKinds()
    {
        var ds = new Distribution[] { new UniformDistribution(-2, 3), new LogUniformDistribution(-1, 2), new NormalDistribution(1, 2), new LogNormalDistribution(0, 0.5) };
        foreach (var d in ds)
            foreach (var u in new[] { 0.01, 0.3, 0.5, 0.77, 0.99 })
                Assert.Equal(u, d.ToUnit(d.FromUnit(u)), 9);
    }
}
