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
        var (csvCode, csv, csvError, dir2) = FitFixtures.Run(FitFixtures.SpikeConfig, FitFixtures.SpikeFiles(), "simulate", "--experiment", "CONFIG", "--format", "csv");
        try
        {
            Assert.True(code == 0, error);
            var chunk = JsonDocument.Parse(output).RootElement.GetProperty("chunks")[0];
            // with C = 30 pF, Izhikevich2007 at 80 pA spikes once, at step 257 (as `simulate --model` shows)
        Assert.Equal(25.7, Assert.Single(chunk.GetProperty("spike_times_ms").EnumerateArray()).GetDouble(), 9);
            Assert.True(csvCode == 0, csvError);
            var lines = csv.TrimEnd().Split('\n');
            Assert.Equal("chunk,t,v", lines[0]);
            Assert.Equal(501, lines.Length);
        }
        finally
        {
            FitFixtures.Delete(dir);
            FitFixtures.Delete(dir2);
        }
    }

    [Theory]
    [InlineData("--phase", "I_app=1:10", "cannot be combined with --experiment")]
    [InlineData("--target", "", "target is data")]
    [InlineData("--set", "z=1", "no parameter or variable 'z'")]
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
