using System.Diagnostics;
using System.Text.Json;
using NeuroFit.Results;

namespace NeuroFit.Cli.Tests.Fit;

/// <summary>Issue 13's acceptance: <c>--time-limit 5</c> on a config with max_evals 10⁹ stops within 5 s + one batch, exits 0
/// and writes the complete run folder.</summary>
public class TimeLimitCommandTests
{
    private static readonly string Endless = FitFixtures.RateConfig.Replace("method: cmaes", "method: random").Replace("max_evals: 300", "max_evals: 1000000000");

    [Fact]
    public void TimeLimitFiveStopsAFitOfABillionEvaluationsAndWritesTheRunFolder()
    {
        var clock = Stopwatch.StartNew();
        var (code, output, error, dir) = FitFixtures.Run(Endless, FitFixtures.RateFiles(), "fit", "CONFIG", "--time-limit", "5", "--out", "DIR/run", "--json");
        var wall = clock.Elapsed.TotalSeconds;
        var run = Path.Combine(dir, "run");
        try
        {
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output);
            Assert.Equal("time_limit", json.RootElement.GetProperty("stop_reason").GetString());
            var summary = FitSummary.FromJson(File.ReadAllText(Path.Combine(run, "results.json")));
            Assert.Equal("time_limit", summary.StopReason);
            Assert.Equal(5, summary.TimeLimit);
            // the search: at most one batch (64 rate neurons, milliseconds) past the limit; on a loaded machine allow 1 s
            Assert.InRange(summary.Seconds, 3.5, 6);
            Assert.InRange(summary.Evaluations, 64, 999_999_999);
            // the whole command: startup, compiling, the re-run of the best and the files come on top
            Assert.True(wall < 5 + 20, $"the command took {wall:F1} s");
            foreach (var file in new[] { "results.json", "results.npz", "results_loss_history.svg", "results_loss_history.png", "results_chunk0_r.svg",
                         "results_chunk1_r.png", "config.yaml", "report.html" })
                Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing");
            Assert.Contains(summary.Notes, n => n.StartsWith($"stopped by the time limit (5 s) after {summary.Evaluations} of 1000000000 evaluations", StringComparison.Ordinal));
            Assert.Contains("(time limit 5 s)", error); // the progress title, on stderr with --json
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void TheTableSaysWhatStoppedTheFit()
    {
        var (code, output, error, dir) = FitFixtures.Run(Endless, FitFixtures.RateFiles(), "fit", "CONFIG", "--time-limit", "0.5", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            Assert.Matches(@"evaluations \(0 failed\) in [\d.]+ s, method random, seed 1, stopped by time_limit \(0\.5 s\)", output);
        }
        finally { FitFixtures.Delete(dir); }
        (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig.Replace("method: cmaes", "method: random"), FitFixtures.RateFiles(), "fit", "CONFIG", "--time-limit", "600", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            Assert.Contains("300 evaluations (0 failed)", output);
            Assert.Contains("stopped by max_evals", output);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Theory]
    [InlineData("0", "--time-limit: expected a positive number of seconds, got 0")]
    [InlineData("-2", "--time-limit: expected a positive number of seconds, got -2")]
    [InlineData("5min", "--time-limit: '5min' is not a number of seconds")]
    [InlineData("1e12", "--time-limit: 1000000000000 s is too long")]
    public void ABadTimeLimitIsOneLineAndExitCode2(string value, string message)
    {
        var (code, _, error, dir) = FitFixtures.Run(Endless, FitFixtures.RateFiles(), "fit", "CONFIG", "--time-limit", value, "--out", "DIR/run");
        try
        {
            Assert.Equal(2, code);
            Assert.Contains(message, error);
            Assert.DoesNotContain("   at ", error);
            Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        }
        finally { FitFixtures.Delete(dir); }
    }
}
