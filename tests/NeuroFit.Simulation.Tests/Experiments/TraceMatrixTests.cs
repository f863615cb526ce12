using FsCheck;
using FsCheck.Fluent;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Experiments;

public class TraceMatrixTests
{
    [Fact]
    public void TimeMajorInputIsReadBackAtTheSameIndices()
    {
        var values = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }; // 2 steps, 3 neurons
        var m = TraceMatrix.FromTimeMajor(values);
        Assert.Equal(2, m.TimeSteps);
        Assert.Equal(3, m.Neurons);
        Assert.Equal(6, m[1, 2]);
        Assert.Equal([2.0, 5.0], m.Neuron(1).ToArray());
        Assert.Equal(values, m.ToArray());
    }

    [Fact]
    public void SelectedNeuronIsAViewAsRankZero()
    {
        var m = TraceMatrix.FromTimeMajor(new double[,] { { 1, 2 }, { 3, 4 } });
        var view = m.SelectNeuron(1);
        Assert.Equal(1, view.Neurons);
        Assert.Equal(4, view[1, 0]);
        Assert.Throws<IndexOutOfRangeException>(() => view[0, 1]);
    }

    [Fact]
    public void ANeuronOutsideTheRecordingIsAnArgumentErrorNamingTheRange()
    {
        // rec[c].Var(pop, "v").Neuron(5) on a 2-neuron recording was an IndexOutOfRangeException
        var m = TraceMatrix.FromTimeMajor(new double[,] { { 1, 2 }, { 3, 4 } });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Neuron(5).ToArray());
        Assert.Equal("neuron", e.ParamName);
        Assert.Contains("neuron 5 outside 0..1 (the recording has 2 neuron(s))", e.Message);
        Assert.Contains("neuron -1 outside 0..1", Assert.Throws<ArgumentOutOfRangeException>(() => m.SelectNeuron(-1)).Message);
    }

    [Fact]
    public void ChunkSplitGivesEveryNeuronItsOwnTraceSpikesAndParameters()
    {
        var chunk = new RecordingChunk(new Dictionary<string, object>
        {
            ["pop;v"] = TraceMatrix.FromTimeMajor(new double[,] { { 1, 2 }, { 3, 4 } }),
            ["pop;spike"] = new SpikeTrains([[1], [0, 1]]),
            ["pop;parameter_dict"] = (IReadOnlyDictionary<string, double[]>)new Dictionary<string, double[]> { ["a"] = [0.5, 0.7] },
            ["pop;period"] = 1.0,
            ["dt"] = 1.0,
        });
        var second = chunk.SelectNeuron(1);
        Assert.Equal([2.0, 4.0], second.Var("pop", "v").Neuron(0).ToArray());
        Assert.Equal([0, 1], second.Spikes("pop")[0]);
        Assert.Equal([0.7], second.ParameterDict("pop")["a"]);
        Assert.Equal(1.0, second.Dt);
        var missing = Assert.Throws<KeyNotFoundException>(() => chunk.Var("pop", "u"));
        Assert.Contains("pop;v", missing.Message);
    }

    [Fact]
    public void SplittingThenReadingEqualsReadingTheColumn() =>
        Prop.ForAll(
            Gen.Choose(1, 6).SelectMany(t => Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Gen.Choose(-100, 100).Select(x => x / 7.0), t * n).Select(d => (t, n, d)))).ToArbitrary(),
            input =>
            {
                var (t, n, data) = input;
                var m = new TraceMatrix(data, t, n);
                for (var i = 0; i < n; i++)
                    for (var k = 0; k < t; k++)
                        if (m.SelectNeuron(i)[k, 0] != m[k, i]) return false;
                return true;
            }).QuickCheckThrowOnFailure();
}
