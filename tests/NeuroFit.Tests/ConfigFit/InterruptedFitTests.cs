using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Progress;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

/// <summary>
/// A fit stopped through its cancellation token (Ctrl-C in <c>neurofit fit</c>) keeps what it evaluated and writes the
/// run folder; a fit that ends without results leaves no empty run folder behind.
/// </summary>
public class InterruptedFitTests
{
    private static string Config(string method, int maxEvals, string loss = "{rmse: r}") => $$$"""
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
        loss: [{{{loss}}}]
        parameters: {a: [-10, 10], b: [-10, 10]}
        method: {{{method}}}
        max_evals: {{{maxEvals}}}
        seed: 1
        """;

    /// <summary>Cancels its token when the first batch has been reported.</summary>
    private sealed class CancelAfterFirstBatch(CancellationTokenSource source) : IFitProgress
    {
        public void Run(string title, int total, Action<Action<FitProgressSnapshot>> work) => work(_ => source.Cancel());
    }

    [Fact]
    public void AnInterruptedFitKeepsTheBestOfWhatItEvaluatedAndWritesTheRunFolder()
    {
        using var files = new TempFiles();
        using var source = new CancellationTokenSource();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Config("random", 100_000))));
        var result = fit.Run(new ConfiguredFitSettings
        {
            OutputDirectory = files.Path("run"),
            Progress = new CancelAfterFirstBatch(source),
            Cancellation = source.Token,
        });
        Assert.True(result.Result.Interrupted);
        Assert.Equal(64, result.Result.Evaluations); // one batch of random search
        Assert.Contains(result.Result.Notes, n => n.StartsWith("interrupted after 64 of 100000 evaluations", StringComparison.Ordinal));
        Assert.Equal(result.Result.History.Min(h => h.Loss!.Value), result.Result.Loss);
        Assert.True(File.Exists(files.Path("run/results.json")));
        Assert.Contains("interrupted after 64", File.ReadAllText(files.Path("run/report.html")));
    }

    [Fact]
    public void AFitStoppedBeforeItsFirstBatchThrowsAndLeavesNoEmptyRunFolder()
    {
        using var files = new TempFiles();
        using var source = new CancellationTokenSource();
        source.Cancel();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Config("cmaes", 100))));
        Assert.ThrowsAny<OperationCanceledException>(() =>
            fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run"), Cancellation = source.Token }));
        Assert.False(Directory.Exists(files.Path("run")));
    }

    [Fact]
    public void AnInterruptedSbiFitThrowsBecauseItsPosteriorNeedsEveryRound()
    {
        using var files = new TempFiles();
        using var source = new CancellationTokenSource();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", Config("sbi", 400))));
        var e = Assert.ThrowsAny<OperationCanceledException>(() => fit.Run(new ConfiguredFitSettings
        {
            OutputDirectory = files.Path("run"),
            Progress = new CancelAfterFirstBatch(source),
            Cancellation = source.Token,
        }));
        Assert.Contains("sbi", e.Message);
        Assert.False(Directory.Exists(files.Path("run")));
    }

    [Fact]
    public void AFitThatCannotRunLeavesNoEmptyRunFolder()
    {
        using var files = new TempFiles();
        // v = 1/(1 - t) diverges within the first 2 ms whatever a is: every evaluation fails
        var config = Config("random", 64).Replace("""
              equations: |
                r = a*I_app + b
            target:
            """.Replace("\r", ""), """
              equations: |
                dv/dt = v*v + 0*a*b : init = 1
                r = v
            target:
            """.Replace("\r", ""));
        Assert.Contains("dv/dt", config);
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", config)));
        var e = Assert.Throws<ConfigException>(() => fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") }));
        Assert.Contains("every evaluation failed", e.Message);
        Assert.False(Directory.Exists(files.Path("run")));
    }
}
