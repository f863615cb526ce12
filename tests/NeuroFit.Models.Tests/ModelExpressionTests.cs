using NeuroFit.Models;

namespace NeuroFit.Models.Tests;

public class ModelExpressionTests
{
    [Theory]
    [InlineData("v_r + dv", -60 + 5.0)]
    [InlineData("-dv^2", -25.0)]
    [InlineData("if dv > 3: v_r else: 0", -60.0)]
    [InlineData("clip(dv, 0, 2) + max(v_r, -70, -80)", 2 - 60.0)]
    [InlineData("ite(dv == 5, 1, 2) * pi", Math.PI)]
    [InlineData("7 % 3 + modulo(7.9, 3)", 1 + 1.0)]
    [InlineData("3/2", 1.5)]
    public void EvaluatesWithTheLanguagesSyntaxAndBuiltIns(string text, double expected)
    {
        var e = ModelExpression.Parse(text);
        Assert.Equal(expected, e.Evaluate(new Dictionary<string, double> { ["v_r"] = -60, ["dv"] = 5 }), 12);
    }

    [Fact]
    public void ListsTheNamesItReadsButNotFunctionsOrConstants()
    {
        Assert.Equal(["a", "b"], ModelExpression.Parse("exp(a) * b + pi + E + a").Names);
    }

    [Theory]
    [InlineData("foo(a)", "NF1111")]
    [InlineData("max(a)", "NF1111")]
    [InlineData("2a", "NF1003")]
    [InlineData("(a + 1", "NF1004")]
    public void MistakesAreModelExceptionsWithAnId(string text, string id)
    {
        var e = Assert.Throws<ModelException>(() => ModelExpression.Parse(text));
        Assert.Equal(id, e.First.Id);
    }

    [Fact]
    public void AMissingValueIsNamed()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => ModelExpression.Parse("a + b").Evaluate(new Dictionary<string, double> { ["a"] = 1 }));
        Assert.Contains("'b'", e.Message);
    }
}
