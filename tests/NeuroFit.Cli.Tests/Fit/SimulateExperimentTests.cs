using System.Text.Json;

namespace NeuroFit.Cli.Tests.Fit;

public class SimulateExperimentTests
{
    [Fact]
    public void TheConfigsExperimentRunsWithTheGivenValues()
    {
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "simulate", "--experiment", "CONFIG", "--set", "a=0.8", "--set", "b=2");
        try
        {
            Assert.True(code == 0, error);
            var chunks = JsonDocument.Parse(output).RootElement.GetProperty("chunks").EnumerateArray().ToList();
            Assert.Equal(2, chunks.Count);
            double[] R(int c) => [.. chunks[c].GetProperty("variables").GetProperty("r").EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal([.. Enumerable.Repeat(2.0, 50), .. Enumerable.Repeat(6.0, 50)], R(0));
            Assert.Equal([.. Enumerable.Repeat(2.0, 50), .. Enumerable.Repeat(10.0, 50)], R(1));
            Assert.Equal(100, chunks[1].GetProperty("duration_ms").GetDouble());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void SpikeTimesAndCsvOutput()
    {
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.SpikeConfig, FitFixtures.SpikeFiles(), "simulate", "--experiment", "CONFIG", "--set", "C=30");
        var (csvCode, csv, csvError, dir2) = FitFixtures.Run(FitFixtures.SpikeConfig, FitFixtures.SpikeFiles(), "simulate", "--experiment", "CONFIG", "--format", "csv", "--set", "C=30");
        try
        {
            Assert.True(code == 0, error);
            var chunk = JsonDocument.Parse(output).RootElement.GetProperty("chunks")[0];
            // with C = 30 pF, Izhikevich2007 at 80 pA spikes once, at step 257 (as `simulate --model` shows)
        Assert.Equal(25.7, Assert.Single(chunk.GetProperty("spike_times_ms").EnumerateArray()).GetDouble(), 9);
            Assert.True(csvCode == 0, csvError);
            var lines = csv.TrimEnd().Split('\n');
            Assert.Equal("chunk,t,v,spikes", lines[0]); // spikes: how many fall in [t, t + period)
            Assert.Equal(501, lines.Length);
            Assert.Equal(["0,25.7"], lines.Skip(1).Where(l => l.Split(',')[3] != "0").Select(l => string.Join(",", l.Split(',')[..2])));
        }
        finally
        {
            FitFixtures.Delete(dir);
            FitFixtures.Delete(dir2);
        }
    }

    [Fact]
    public void SpikeTimesCarryNoFloatNoiseAndASpikeOnlyRecordingHasCsvRows()
    {
        // adex-spikes: spikes only; its first chunk at the default parameters spikes at 99.4 ms, the second at 61.8 ms
        // (step 618 · 0.1 ms = 61.800000000000004 in floating point)
        var config = Path.Combine(ExamplesTests.ExamplesDirectory(), "adex-spikes", "config.yaml");
        var json = new StringWriter();
        Assert.Equal(0, NeuroFitCommand.Run(["simulate", "--experiment", config], json, new StringWriter()));
        Assert.Contains("\"spike_times_ms\":[61.8,", json.ToString());
        var csv = new StringWriter();
        Assert.Equal(0, NeuroFitCommand.Run(["simulate", "--experiment", config, "--format", "csv"], csv, new StringWriter()));
        var lines = csv.ToString().TrimEnd().Split('\n');
        Assert.Equal("chunk,t,spikes", lines[0]);
        Assert.Equal(1 + 3 * 5000, lines.Length); // three 500-ms chunks sampled every 0.1 ms
        var spikes = JsonDocument.Parse(json.ToString()).RootElement.GetProperty("chunks").EnumerateArray().Sum(c => c.GetProperty("spike_times_ms").GetArrayLength());
        Assert.Equal(spikes, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("1,61.8,1", lines);
    }

    [Theory]
    [InlineData("--phase", "I_app=1:10", "cannot be combined with --experiment")]
    [InlineData("--target", "", "target is data")]
    [InlineData("--set", "z=1", "no parameter or variable 'z'")]
    [InlineData("--set", "a=NaN", "'NaN' (for a) is not a finite number")]
    [InlineData("--set", "a=1e400", "is not a finite number")]
    public void MistakesExitWithTwo(string option, string value, string problem)
    {
        string[] args = value.Length > 0 ? ["simulate", "--experiment", "CONFIG", option, value] : ["simulate", "--experiment", "CONFIG", option];
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), args);
        try
        {
            Assert.Equal(2, code);
            Assert.Contains(problem, error);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void WithoutModelOrExperimentSimulateSaysWhatToGive()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, NeuroFitCommand.Run(["simulate", "--duration", "10"], new StringWriter(), stderr));
        Assert.Contains("--experiment", stderr.ToString());
    }
}
