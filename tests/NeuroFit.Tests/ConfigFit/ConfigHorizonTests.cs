using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

public class ConfigHorizonTests
{
    private const string Config = """
        name: h
        model: Izhikevich2007
        target:
          model: {builtin: Izhikevich2007, set: {C: 80, k: 1.2}}
        experiment:
          dt: 0.1
          record: [v, spike]
          chunks:
            - [{duration: 20, set: {I_app: 0}}, {duration: 60, set: {I_app: 200}}]
            - [{duration: 40, set: {I_app: 100}}]
        loss:
          - {rmse: v}
          - {van_rossum: 5, chunk: 0}
          - {rmse: {variable: v, start: 70}, chunk: 0}
        parameters:
          C: [30, 300]
          k: [0.2, 3]
        method: auto
        """;

    [Fact]
    public void TruncatingCutsThePhaseAtTheHorizonAndDropsLaterOnes()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("c.yaml", Config)));
        var cut = fit.Plan.Truncate(30);
        Assert.Equal(300, cut.ChunkSteps(0));
        Assert.Equal([200L, 100L], cut.Chunks[0].Select(p => p.Steps));
        Assert.Equal(300, cut.ChunkSteps(1));
        Assert.Equal(800, fit.Plan.Truncate(1000).ChunkSteps(0));
        Assert.Equal([20.0], fit.Plan.PhaseBoundariesMs());
    }

    [Fact]
    public void TheLossAtTheWholeDurationIsTheFitsLossAndShorterHorizonsDropLaterWindows()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("c.yaml", Config)));
        var options = fit.ApplyMethodOptions(new OptNeuronOptions { WriteFiles = false });
        var horizon = options.Horizon!;
        Assert.Equal(80, horizon.DurationMs, 9);
        var target = fit.Simulate(new Dictionary<string, double> { ["C"] = 80, ["k"] = 1.2 });
        var candidate = fit.Simulate(new Dictionary<string, double> { ["C"] = 100, ["k"] = 0.9 });
        var whole = horizon.At(80, target)!;
        var fullLoss = fit.Loss.Compute(candidate, target);
        Assert.True(fullLoss.Total > 0);
        Assert.Equal(fullLoss.Components, whole.Loss(candidate, whole.ResultsSoll).Components);
        // at 50 ms the windowed term (start 70) takes no part: two components, computed on the first 50 ms only
        var partial = horizon.At(50, target)!;
        var shortRun = ConfigSimulation.Simulate(fit.Plan.Truncate(50), BuiltinModels.Izhikevich2007().Analyse(), new Dictionary<string, double> { ["C"] = 100, ["k"] = 0.9 }, 0);
        var partialLoss = partial.Loss(shortRun, partial.ResultsSoll);
        Assert.Equal(2, partialLoss.Components.Count);
        Assert.True(partialLoss.Components[0] > 0 && partialLoss.Components[0] != fullLoss.Components[0]);
    }

    [Fact]
    public void TheTargetsSpikesAndPhaseBoundariesAreTheEvents()
    {
        using var files = new TempFiles();
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("c.yaml", Config)));
        var horizon = fit.ApplyMethodOptions(new OptNeuronOptions()).Horizon!;
        var target = fit.Simulate(new Dictionary<string, double> { ["C"] = 80, ["k"] = 1.2 });
        var events = horizon.EventTimesMs(target);
        Assert.Contains(20.0, events);
        var spikes = ConfigExperiment.Sweeps(target, fit.Plan).SelectMany(s => s.SpikeTimesMs!).ToList();
        Assert.NotEmpty(spikes);
        Assert.All(spikes, s => Assert.Contains(s, events));
    }
}
