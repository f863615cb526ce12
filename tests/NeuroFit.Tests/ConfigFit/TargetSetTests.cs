using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

/// <summary>A target model's <c>set:</c> gives parameter values and variables' initial values (issue 13).</summary>
public class TargetSetTests
{
    private static string Config(string targetSet) => $$"""
        model:
          name: decay
          parameters: |
            tau = 10
          equations: |
            dv/dt = -v/tau : init = 0
            r = v
        target:
          model:
            name: decay
            parameters: |
              tau = 10
            equations: |
              dv/dt = -v/tau : init = 0
              r = v
            set: {{targetSet}}
        experiment:
          dt: 0.1
          record: [v]
          chunks:
            - [{duration: 20}]
        loss: [{rmse: v}]
        parameters:
          tau: [1, 100]
          v: 5
        method: cmaes
        max_evals: 600
        seed: 1
        """;

    [Fact]
    public void AVariableInTheTargetsSetIsItsInitialValue()
    {
        using var files = new TempFiles();
        // the target decays from v = 5 with tau = 25; without the initial value its trace would be 0 and tau unidentifiable
        var path = files.Write("config.yaml", Config("{v: 5, tau: 25}"));
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(path)).Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") });
        Assert.Equal(25, fit.Result.Best["tau"], 1e-3);
        Assert.True(fit.Result.Loss < 1e-6, $"loss {fit.Result.Loss}");
    }

    [Fact]
    public void AnUnknownNameInTheTargetsSetNamesTheParametersAndVariables()
    {
        using var files = new TempFiles();
        var path = files.Write("config.yaml", Config("{w: 5}"));
        var e = Assert.Throws<ConfigException>(() => ConfiguredFit.Prepare(FitConfigLoader.Load(path)));
        Assert.Equal("target.model.set.w", e.KeyPath);
        Assert.Contains("no parameter or variable 'w'", e.Message);
        Assert.Contains("its variables: v, r", e.Message);
    }

    [Theory]
    [InlineData("izhikevich2007-10p")]
    [InlineData("izhikevich2003-abcd")]
    public void TheBenchmarkConfigsPrepareAndTheirTargetsStartAtTheSetValues(string name)
    {
        var path = Path.Combine(RepoRoot(), "examples", "benchmarks", name, "config.yaml");
        var config = FitConfigLoader.Load(path);
        var fit = ConfiguredFit.Prepare(config);
        Assert.Equal("auto", config.Method);
        Assert.Equal(30, config.TimeLimit);
        Assert.NotNull(fit);
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "NeuroFit.sln")))
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        return dir;
    }
}
