using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Results;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

/// <summary><c>time_limit:</c> in a config: the search stops at max_evals or the limit and the run folder says which.</summary>
public class TimeLimitFitTests
{
    private static string Config(string method, string budget) => $$$"""
        model:
          parameters: |
            I_app = 0
            a = 0
            b = 0
          equations: |
            r = a*I_app + b
        target:
          model:
            parameters: |
              I_app = 0
              a = 0.8
              b = 2
            equations: |
              r = a*I_app + b
        experiment:
          record: [r]
          chunks:
            - [{duration: 10, set: {I_app: 0}}, {duration: 10, set: {I_app: 5}}]
        loss: [{rmse: r}]
        parameters: {a: [-10, 10], b: [-10, 10]}
        method: {{{method}}}
        {{{budget}}}
        seed: 1
        """;

    [Fact]
    public void ATimeLimitWithoutMaxEvalsBoundsTheFitAndResultsJsonSaysSo()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Config("random", "time_limit: 2"))));
        var result = fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") });
        Assert.Equal(StopReason.TimeLimit, result.Result.StopReason);
        Assert.True(result.Result.Evaluations > 1000, $"{result.Result.Evaluations} evaluations: the default max_evals (1000) was applied");
        var summary = FitSummary.FromJson(File.ReadAllText(files.Path("run/results.json")));
        Assert.Equal("time_limit", summary.StopReason);
        Assert.Equal(2, summary.TimeLimit);
        Assert.Contains(summary.Notes, n => n.StartsWith($"stopped by the time limit (2 s) after {summary.Evaluations} evaluations;", StringComparison.Ordinal));
        Assert.Contains("stopped by the time limit (2 s)", File.ReadAllText(files.Path("run/report.html")));
    }

    [Fact]
    public void TheSettingsOverrideTheConfigsLimitAndMaxEvalsStillCounts()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Config("random", "max_evals: 200\ntime_limit: 1e6"))));
        var result = fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("a") });
        Assert.Equal(StopReason.MaxEvals, result.Result.StopReason);
        Assert.Equal(200, result.Result.Evaluations);
        Assert.Equal("max_evals", FitSummary.FromJson(File.ReadAllText(files.Path("a/results.json"))).StopReason);

        var limited = fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("b"), MaxEvals = 1_000_000_000, TimeLimit = TimeSpan.FromSeconds(0.5) });
        Assert.Equal(StopReason.TimeLimit, limited.Result.StopReason);
        Assert.Equal(TimeSpan.FromSeconds(0.5), limited.Result.TimeLimit);
    }

    [Fact]
    public void SbiWithATimeLimitIsRefusedAtTheKey()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Config("sbi", "max_evals: 100\ntime_limit: 10"))));
        var e = Assert.Throws<ConfigException>(() => fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") }));
        Assert.Equal("time_limit", e.KeyPath);
        Assert.Contains("method sbi takes no time limit", e.Problem);
        Assert.True(e.Line > 0);
        Assert.False(Directory.Exists(files.Path("run")));
    }
}
