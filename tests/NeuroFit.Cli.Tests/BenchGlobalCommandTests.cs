using System.Globalization;
using NeuroFit.Cli;
using NeuroFit.Results;

namespace NeuroFit.Cli.Tests;

public class BenchGlobalCommandTests
{
    private const string Config = """
        name: rate
        model:
          name: simple
          parameters: |
            I_app = 0
            a = 0
            b = 0
          equations: |
            r = a*I_app + b
        target:
          model:
            name: truth
            parameters: |
              I_app = 0
            equations: |
              r = 0.8*I_app + 2
        experiment:
          dt: 1
          record: [r]
          chunks:
            - [{duration: 20, set: {I_app: 0}}, {duration: 20, set: {I_app: 5}}]
        loss: [{rmse: r}]
        parameters: {a: [-10, 10], b: [-10, 10]}
        max_evals: 300
        """;

    [Fact]
    public void PrintsARowPerMethodAndSeedAndTheRatioOfTheMedianBestLosses()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-bench-global-test-").FullName;
        try
        {
            var config = Path.Combine(dir, "config.yaml");
            File.WriteAllText(config, Config);
            var output = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["bench", "global", config, "--methods", "random,auto", "--seeds", "0,1"], output, new StringWriter()));
            var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var rows = lines.Where(l => l.StartsWith("rate ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
            Assert.Equal(4, rows.Count);
            Assert.Equal(["random", "random", "auto", "auto"], rows.Select(r => r[1]));
            Assert.All(rows, r => Assert.InRange(int.Parse(r[3], CultureInfo.InvariantCulture), 1, 300));
            var ratio = Assert.Single(lines, l => l.StartsWith("ratio rate median best loss random/auto = ", StringComparison.Ordinal));
            Assert.True(double.Parse(ratio.Split(' ')[7], CultureInfo.InvariantCulture) > 1, ratio); // auto solves this linear fit, random does not
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void BestAtIsTheBestSoFarAtThatTime()
    {
        HistoryEntry[] history = [new(1, 5, 5, 0.5), new(2, null, 5, 1.5, "failed"), new(3, 2, 2, 2.5)];
        Assert.Null(BenchGlobalCommand.BestAt(history, 0.1));
        Assert.Equal(5, BenchGlobalCommand.BestAt(history, 2));
        Assert.Equal(2, BenchGlobalCommand.BestAt(history, 3));
    }

    [Fact]
    public void AnUnknownMethodIsAUsageError()
    {
        var error = new StringWriter();
        Assert.Equal(2, NeuroFitCommand.Run(["bench", "global", "x.yaml", "--methods", "cmaes,nope"], new StringWriter(), error));
        Assert.Contains("nope", error.ToString());
    }
}
