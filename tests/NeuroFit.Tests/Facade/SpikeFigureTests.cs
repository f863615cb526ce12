using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Figures;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.Facade;

/// <summary>A fit that records spikes draws, per chunk with spikes, the best candidate's spikes against the target's.</summary>
public class SpikeFigureTests
{
    [Fact]
    public void ASpikeFitDrawsARasterOfBestAgainstTargetForEveryChunkWithSpikes()
    {
        using var files = new TempFiles();
        var config = files.Write("config.yaml", """
            model: Izhikevich2007
            target: {model: {builtin: Izhikevich2007, set: {C: 150}}}
            experiment:
              dt: 0.5
              record: [spike]
              chunks:
                - [{duration: 100, set: {I_app: 0}}]
                - [{duration: 100, set: {I_app: 300}}]
            loss:
              - {van_rossum: 10, chunk: 1}
            parameters: {C: [50, 300]}
            max_evals: 30
            seed: 1
            """);
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(config)).Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") });
        Assert.False(File.Exists(files.Path("run/results_chunk0_spike.svg"))); // no spikes in chunk 0: no figure
        var svg = File.ReadAllText(files.Path("run/results_chunk1_spike.svg"));
        Assert.Contains("<svg", svg);
        Assert.True(File.Exists(files.Path("run/results_chunk1_spike.png")));
        var targetSpikes = ((NeuroFit.Simulation.Experiments.ExperimentResults)fit.Result.ResultsSoll!).Recordings[1].Spikes("target_model_neuron")[0].Count;
        Assert.True(targetSpikes > 0);
        Assert.Contains($"target ({targetSpikes})", svg); // rows are labelled with their spike counts
        Assert.Contains("best (", svg);
        Assert.Contains("results_chunk1_spike.svg", File.ReadAllText(files.Path("run/report.html")));
    }

    [Fact]
    public void TheRasterRejectsAnUnknownSuffixLikeEveryFigure()
    {
        var e = Assert.Throws<ArgumentException>(() => SpikeRasterFigure.Save("spikes.gif", "s", [new SpikeRow("best", [1.0], "#000000")], 10));
        Assert.Contains(".svg or .png", e.Message);
    }
}
