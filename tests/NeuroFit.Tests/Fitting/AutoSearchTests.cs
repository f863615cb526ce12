using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Examples;
using NeuroFit.Fitting;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.Fitting;

public class AutoSearchTests
{
    /// <summary>Izhikevich (2003) a, b, c, d fitted to a regular-spiking target (issue 13's second task, shortened):
    /// ten spikes whose RMSE landscape traps CMA-ES at 8–10 mV.</summary>
    private const string Izhikevich2003 = """
        name: izh2003
        model: Izhikevich
        target:
          model: {builtin: Izhikevich, set: {a: 0.02, b: 0.2, c: -65, d: 8}}
        experiment:
          dt: 0.1
          record: [v]
          chunks:
            - [{duration: 50, set: {i_offset: 0}}, {duration: 250, set: {i_offset: 10}}]
        loss:
          - {rmse: v}
        parameters:
          a: [0.01, 0.2]
          b: [0.1, 0.3]
          c: [-70, -45]
          d: [0.5, 10]
        method: auto
        """;

    private static ConfiguredFitResult Fit(TempFiles files, int maxEvals, ulong seed, string? method = null) =>
        ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Izhikevich2003)))
            .Run(new ConfiguredFitSettings { OutputDirectory = files.Path($"run-{method}-{seed}-{maxEvals}"), MaxEvals = maxEvals, Seed = seed, Method = method });

    [Fact]
    public void AutoRecoversTheIzhikevich2003ParametersWhereCmaEsStallsAtAFewMillivolts()
    {
        using var files = new TempFiles();
        var cmaes = Fit(files, 20_000, 0, "cmaes").Result;
        var auto = Fit(files, 200_000, 0).Result;
        Assert.True(cmaes.Loss > 1, $"plain CMA-ES found {cmaes.Loss} mV; the test no longer shows a hard landscape");
        Assert.True(auto.Loss < 1e-4, $"auto ended at {auto.Loss} mV");
        Assert.Equal(0.02, auto.Best["a"], 1e-5);
        Assert.Equal(0.2, auto.Best["b"], 1e-5);
        Assert.Equal(-65, auto.Best["c"], 1e-3);
        Assert.Equal(8, auto.Best["d"], 1e-3);
        Assert.Contains(auto.Notes, n => n.StartsWith("auto: ", StringComparison.Ordinal) && n.Contains("growing horizon"));
    }

    [Fact]
    public void TheSameSeedAndBudgetGiveTheSameFitAndAnotherSeedAnother()
    {
        using var files = new TempFiles();
        var first = Fit(files, 3000, 5).Result;
        var second = Fit(files, 3000, 5).Result;
        var other = Fit(files, 3000, 6).Result;
        Assert.Equal(first.Best, second.Best);
        Assert.Equal(first.History.Select(h => (h.Loss, h.Stage)), second.History.Select(h => (h.Loss, h.Stage)));
        Assert.Equal(3000, first.Evaluations);
        Assert.NotEqual(first.History.Select(h => h.Loss), other.History.Select(h => h.Loss));
    }

    [Fact]
    public void EvaluationsOfAPartOfTheExperimentHaveAStageButNoLoss()
    {
        using var files = new TempFiles();
        var result = Fit(files, 20_000, 1).Result; // above the small-budget threshold: the full beam over growing horizons
        var partial = result.History.Where(h => h.Stage is { } s && s.Contains("horizon")).ToList();
        Assert.NotEmpty(partial);
        Assert.All(partial, h => Assert.Null(h.Loss));
        Assert.All(result.History, h => Assert.NotNull(h.Stage));
        // the best so far only ever comes from evaluations of the whole experiment
        var fullLosses = result.History.Where(h => h.Loss is not null).Select(h => h.Loss!.Value).ToList();
        Assert.Equal(fullLosses.Min(), result.Loss);
    }

    [Fact]
    public void WithoutAHorizonAutoFitsTheWholeExperimentOfACSharpFit()
    {
        var opt = new OptNeuron(() => new CompNeuroPyExamples.StepExperiment(), CompNeuroPyExamples.LossFromData, CompNeuroPyExamples.Bounds(), CompNeuroPyExamples.Simple,
            resultsSoll: CompNeuroPyExamples.DataA(), method: "auto", record: ["r"], seed: 2, options: new OptNeuronOptions { WriteFiles = false });
        var result = opt.Run(20_000);
        Assert.InRange(Math.Abs(result.Best["a"] - 0.8), 0, 1e-6);
        Assert.InRange(Math.Abs(result.Best["b"] - 2.0), 0, 1e-6);
        Assert.Contains(result.Notes, n => n.Contains("the whole experiment (no horizon"));
        Assert.True(result.Evaluations <= 20_000);
    }

    [Fact]
    public void AutoRefusesAStudyStorageLikeSbi()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Izhikevich2003)));
        var e = Assert.Throws<ConfigException>(() => fit.Run(new ConfiguredFitSettings
            { OutputDirectory = files.Path("run"), MaxEvals = 100, Storage = "sqlite:" + files.Path("s.db") }));
        Assert.Contains("method auto does not run on a study", e.Message);
    }
}
