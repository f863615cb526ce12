using NeuroFit.Simulation.Experiments;
using NeuroFit.Simulation.Tests.IO;

namespace NeuroFit.Simulation.Tests.Experiments;

public class RecordingsFileTests
{
    private static IReadOnlyList<RecordingChunk> Sample() =>
    [
        new(new Dictionary<string, object>
        {
            ["pop;v"] = TraceMatrix.FromTimeMajor(new double[,] { { -65, -64.5 }, { -64.25, 30.125 }, { 1e-300, double.NaN } }),
            ["pop;spike"] = new SpikeTrains([[], [1, 2]]),
            ["pop;period"] = 0.5,
            ["pop;parameter_dict"] = (IReadOnlyDictionary<string, double[]>)new Dictionary<string, double[]> { ["a"] = [0.02, 0.1] },
            ["dt"] = 0.1,
        }),
        new(new Dictionary<string, object>
        {
            ["pop;v"] = TraceMatrix.FromTimeMajor(new double[,] { { 1, 2 } }),
            ["pop;spike"] = new SpikeTrains([[0], []]),
            ["pop;period"] = 0.5,
            ["dt"] = 0.1,
        }),
    ];

    [Theory]
    [InlineData("rec.npz")]
    [InlineData("rec.csv")]
    public void RecordingsSurviveARoundTrip(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name);
        var original = Sample();
        RecordingsFile.Save(path, original);
        var loaded = RecordingsFile.Load(path);
        Assert.Equal(2, loaded.Count);
        for (var c = 0; c < 2; c++)
        {
            Assert.Equal(original[c].Var("pop", "v").ToArray(), loaded[c].Var("pop", "v").ToArray());
            Assert.Equal(original[c].Spikes("pop").Select(s => s.Value.ToArray()), loaded[c].Spikes("pop").Select(s => s.Value.ToArray()));
            Assert.Equal(0.5, loaded[c].Period("pop"));
            Assert.Equal(0.1, loaded[c].Dt);
        }
        Assert.Equal([0.02, 0.1], loaded[0].ParameterDict("pop")["a"]);
        Assert.Empty(loaded[0].Spikes("pop")[0]); // an empty train is kept
    }

    [NumpyFact]
    public void NumpyReadsTracesAsTimeByNeuronAndSpikesAsRankStepPairs()
    {
        using var dir = new TempDir();
        var path = dir.File("rec.npz");
        RecordingsFile.Save(path, Sample());
        var output = PythonNumpy.Run("""
            import sys, numpy as np
            d = np.load(sys.argv[1])
            v = d["chunk0/pop;v"]
            print(v.shape, v[1, 1], d["chunk0/pop;spike"].tolist(), int(d["chunk0/pop;spike_neurons"]), float(d["chunk0/dt"]))
            """, path);
        Assert.Equal("(3, 2) 30.125 [[1, 1], [1, 2]] 2 0.1", output.Trim());
    }
}
