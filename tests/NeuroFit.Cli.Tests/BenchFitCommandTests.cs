using System.Globalization;
using NeuroFit.Cli;

namespace NeuroFit.Cli.Tests;

public class BenchFitCommandTests
{
    [Fact]
    public void PrintsThroughputSuggestionTimeLossAndTheBestParameters()
    {
        var output = new StringWriter();
        var code = NeuroFitCommand.Run(["bench", "fit", "--example", "from-data", "--method", "random", "--max-evals", "64", "--seed", "3"], output, new StringWriter());
        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(' ')[0], l => l[(l.IndexOf(' ') + 1)..].Trim());
        Assert.Equal("64", lines["evaluations"]);
        Assert.True(double.Parse(lines["evals_per_s"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(lines["suggest_ms"], CultureInfo.InvariantCulture) >= 0);
        Assert.True(double.Parse(lines["loss"], CultureInfo.InvariantCulture) >= 0);
        Assert.Matches(@"^a=-?[\d.E+-]+ b=-?[\d.E+-]+$", lines["best"]);
    }

    [Fact]
    public void AnUnknownExampleOrMethodIsAUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(2, NeuroFitCommand.Run(["bench", "fit", "--method", "nelder-mead"], new StringWriter(), error));
        Assert.Contains("nelder-mead", error.ToString());
    }
}
