using NeuroFit.Simulation.Analysis;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Analysis;

/// <summary>The analysis helpers take the spike dictionary exactly as a recording chunk returns it
/// (<c>rec[c].Spikes(pop)</c>, a <see cref="SpikeTrains"/>), as CompNeuroPy's functions take <c>rec[c]["pop;spike"]</c>.</summary>
public class RecordedSpikesAnalysisTests
{
    private static SpikeTrains Recorded(params int[][] trains) => new([.. trains.Select(t => (IReadOnlyList<int>)t)]);

    private static RecordingChunk Chunk(SpikeTrains spikes) =>
        new(new Dictionary<string, object> { ["pop;spike"] = spikes, ["dt"] = 0.5 });

    [Fact]
    public void PopulationRateOfRecordedSpikesEqualsThatOfTheSameArrays()
    {
        var chunk = Chunk(Recorded([0, 100], []));
        var fromRecording = PopulationRate.Compute(chunk.Spikes("pop"))!;
        var fromArrays = PopulationRate.Compute(new Dictionary<int, int[]> { [0] = [0, 100], [1] = [] })!;
        Assert.Equal(fromArrays.TimeMs, fromRecording.TimeMs);
        Assert.Equal(fromArrays.RateHz, fromRecording.RateHz);
        Assert.All(fromRecording.RateHz, r => Assert.Equal(5.0, r, 9)); // 10 Hz for one of two neurons
    }

    [Fact]
    public void RasterOfRecordedSpikesIsInRankOrder()
    {
        var raster = RasterData.From(Recorded([7, 3], [], [1]));
        Assert.Equal([7, 3, 1], raster.Steps);
        Assert.Equal([0, 0, 2], raster.Ranks);
        Assert.Equal(0, RasterData.From(Recorded([], [])).Count);
    }

    [Fact]
    public void SpikeFeaturesOfRecordedSpikesUseDt()
    {
        var chunk = Chunk(Recorded([10, 30, 70]));
        var features = SpikeFeatures.OfPopulation(chunk.Spikes("pop"), chunk.Dt);
        Assert.Equal(3, features.SpikeCount);
        Assert.Equal(5.0, features.TimeToFirstSpike);
        Assert.Equal(15.0, features.TimeToSecondSpike);
        Assert.Equal(35.0, features.TimeToLastSpike);
        // ISIs 10 and 20 ms: mean 15, population SD 5 → CV 1/3
        Assert.Equal(1.0 / 3, features.IsiCv!.Value, 12);
        var silent = SpikeFeatures.OfPopulation(Recorded([]), 1);
        Assert.Equal(0, silent.SpikeCount);
        Assert.Null(silent.TimeToFirstSpike);
        Assert.Null(silent.IsiCv);
    }

    [Fact]
    public void AWindowThatEndsBeforeItStartsIsAnError()
    {
        // was silently an empty rate (and a zero-length result for a silent population)
        var spikes = Recorded([5, 7]);
        var e = Assert.Throws<ArgumentException>(() => PopulationRate.Compute(spikes, tStartMs: 10, tEndMs: 0));
        Assert.Equal("tEndMs", e.ParamName);
        Assert.Contains("the window ends before it starts (tStartMs = 10, tEndMs = 0)", e.Message);
        Assert.Throws<ArgumentException>(() => PopulationRate.Compute(Recorded([]), tStartMs: 10, tEndMs: 0));
        Assert.Throws<ArgumentException>(() => PopulationRate.Compute(Recorded([]), tStartMs: 0, tEndMs: double.NaN));
        Assert.Equal(10, PopulationRate.Compute(Recorded([]), tStartMs: 0, tEndMs: 10)!.RateHz.Length);
    }
}
