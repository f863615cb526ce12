using NeuroFit.Simulation.Analysis;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Analysis;

public class ChunkSpikeFeaturesTests
{
    private static ExperimentResults Results(string dataKey, params int[][] chunkSpikes)
    {
        var chunks = chunkSpikes.Select(s => new RecordingChunk(new Dictionary<string, object>
        {
            ["p;spike"] = new SpikeTrains([s]),
            ["p;period"] = 0.5,
            ["dt"] = 0.5,
        })).ToList();
        var times = new RecordingTimes([.. chunkSpikes.Select(_ =>
            (IReadOnlyDictionary<string, IReadOnlyList<RecordingPeriod>>)new Dictionary<string, IReadOnlyList<RecordingPeriod>>
            {
                ["p"] = [new RecordingPeriod(0, 99.5, 0, 199)],
            })]);
        return new ExperimentResults(chunks, times, new Dictionary<string, IReadOnlyList<string>> { ["p"] = ["spike"] },
            new Dictionary<string, object?> { [dataKey] = "p" });
    }

    [Fact]
    public void FeaturesOfAChunkAreInMsOfThePopulationNamedInData()
    {
        var results = Results("population_name", [10, 30, 70], []);
        var features = ChunkSpikeFeatures.Of(0, results);
        Assert.Equal(3, features.SpikeCount);
        Assert.Equal(5.0, features.TimeToFirstSpike);
        Assert.Equal(35.0, features.TimeToLastSpike);
        var silent = ChunkSpikeFeatures.Of(1, results);
        Assert.Equal(0, silent.SpikeCount);
        Assert.Null(silent.TimeToFirstSpike);
        Assert.Equal(2, ChunkSpikeFeatures.Of(0, Results("pop_name", [1, 2])).SpikeCount); // CompNeuroPy's key
    }

    [Fact]
    public void LossOfAChunkMatchesTheHandComputedValue()
    {
        // results1 spikes at 5, 15, 35 ms; results2 at 5, 15 ms; the chunk spans 99.5 ms = 199 samples.
        // count |3-2|/ceil(99.5/200) = 1; first/second 0; third: missing in one → 99.5 / clip(9.95, 5, 50) = 10;
        // last |35-15| / 9.95; ISI_CV: 1/3 (ISIs 10, 20) against 0 (one ISI) → (1/3) / 0.1. Mean over 6.
        var expected = (1 + 0 + 0 + 10 + 20 / 9.95 + 1.0 / 3 / 0.1) / 6;
        var results1 = Results("population_name", [10, 30, 70]);
        var results2 = Results("population_name", [0], [10, 30]);
        Assert.Equal(expected, ChunkSpikeFeatures.Loss(0, results1, results2, chunk2: 1), 12);
        Assert.Equal(0.0, ChunkSpikeFeatures.Loss(0, results1, results1));
        Assert.Equal(1.0, ChunkSpikeFeatures.Loss(0, results1, results2, chunk2: 1, features: [SpikeFeature.SpikeCount]));
    }

    [Fact]
    public void MistakesSayWhatToFix()
    {
        var noName = Results("something", [1]);
        Assert.Contains("Data[\"population_name\"] = populationName", Assert.Throws<ArgumentException>(() => ChunkSpikeFeatures.Of(0, noName)).Message);
        Assert.Contains("chunk 3 not available; results has 1 chunk(s)",
            Assert.Throws<ArgumentOutOfRangeException>(() => ChunkSpikeFeatures.Of(3, Results("pop_name", [1]))).Message);
        var noSpikes = new ExperimentResults([new RecordingChunk(new Dictionary<string, object> { ["dt"] = 1.0 })], null,
            new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, object?> { ["population_name"] = "p" });
        Assert.Contains("the spikes of 'p' were not recorded in chunk 0", Assert.Throws<ArgumentException>(() => ChunkSpikeFeatures.Of(0, noSpikes)).Message);
    }
}
