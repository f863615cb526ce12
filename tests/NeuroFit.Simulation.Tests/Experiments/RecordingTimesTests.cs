using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Experiments;

public class RecordingTimesTests
{
    [Fact]
    public void RecordingAThousandMsAtPeriodOneGivesTimeAndIndexLimitsOfTheSpec()
    {
        // compneuropy-optneuron.md §7.1: recording 0–1000 ms at period 1 → time lims (0, 999), idx lims (0, 999).
        var timings = new CompartmentTimings();
        timings.Start(0);
        var periods = timings.Periods(nowStep: 1000, periodSteps: 1, dt: 1.0);
        var times = new RecordingTimes([new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["pop"] = periods }]);
        Assert.Equal((0.0, 999.0), times.TimeLims());
        Assert.Equal((0, 999), times.IdxLims());
        Assert.Equal(1000, periods.Single().Count);
    }

    [Fact]
    public void PeriodTenMsAtDtOneGivesTenRowsPerHundredSteps()
    {
        var timings = new CompartmentTimings();
        timings.Start(0);
        var period = timings.Periods(100, periodSteps: 10, dt: 1.0).Single();
        Assert.Equal(10, period.Count);
        Assert.Equal(0, period.StartMs);
        Assert.Equal(90, period.StopMs);
    }

    [Fact]
    public void PauseAndResumeMakeTwoPeriodsWithConsecutiveIndices()
    {
        var timings = new CompartmentTimings();
        timings.Start(0);
        timings.Pause(10);
        timings.Start(20);
        var periods = timings.Periods(30, 1, 1.0);
        Assert.Equal(2, periods.Count);
        Assert.Equal(new RecordingPeriod(0, 9, 0, 9), periods[0]);
        Assert.Equal(new RecordingPeriod(20, 29, 10, 19), periods[1]);
    }

    [Fact]
    public void PauseRightAfterStartLeavesNoPeriod()
    {
        var timings = new CompartmentTimings();
        timings.Start(5);
        timings.Pause(5);
        Assert.Empty(timings.Periods(50, 1, 1.0));
        Assert.False(timings.EverStarted);
    }

    [Fact]
    public void StartingTwiceKeepsTheFirstStart()
    {
        var timings = new CompartmentTimings();
        timings.Start(0);
        timings.Start(7);
        Assert.Equal(new RecordingPeriod(0, 19, 0, 19), timings.Periods(20, 1, 1.0).Single());
    }

    [Fact]
    public void ANewChunkRestartsARunningCompartmentAtTheGivenStep()
    {
        var timings = new CompartmentTimings();
        timings.Start(0);
        timings.NewChunk(0);
        Assert.Equal(new RecordingPeriod(0, 4, 0, 4), timings.Periods(5, 1, 1.0).Single());
        timings.Pause(5);
        timings.NewChunk(0);
        Assert.Empty(timings.Periods(5, 1, 1.0));
    }

    [Fact]
    public void TimesAtDtPointOneAreExactlyRounded()
    {
        var timings = new CompartmentTimings();
        timings.Start(3);
        var p = timings.Periods(30, 1, 0.1).Single();
        Assert.Equal(0.3, p.StartMs);
        Assert.Equal(2.9, p.StopMs);
    }

    [Fact]
    public void CombineChunksSequentialRestartsTimeAndConsecutiveContinuesIt()
    {
        var chunkA = Chunk([1, 2, 3]);
        var chunkB = Chunk([4, 5]);
        var times = new RecordingTimes([
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 2, 0, 2)] },
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 1, 0, 1)] },
        ]);
        var (seqTime, seqData) = times.CombineChunks([chunkA, chunkB], "p;r");
        Assert.Equal([0.0, 1, 2, 0, 1], seqTime);
        Assert.Equal([1.0, 2, 3, 4, 5], seqData.Neuron(0).ToArray());
        var (conTime, conData) = times.CombineChunks([chunkA, chunkB], "p;r", CombineMode.Consecutive);
        Assert.Equal([0.0, 1, 2, 3, 4], conTime);
        Assert.Equal([1.0, 2, 3, 4, 5], conData.Neuron(0).ToArray());
    }

    [Fact]
    public void CombineChunksConsecutiveSkipsAChunkInWhichTheCompartmentWasPausedThroughout()
    {
        // Was an ArgumentOutOfRangeException from List indexing ([^1] of the empty chunk's periods).
        var times = new RecordingTimes([
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [] },
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 2, 0, 2)] },
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [] },
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 1, 0, 1)] },
        ]);
        RecordingChunk[] chunks = [Chunk([]), Chunk([1, 2, 3]), Chunk([]), Chunk([4, 5])];
        var (conTime, conData) = times.CombineChunks(chunks, "p;r", CombineMode.Consecutive);
        Assert.Equal([0.0, 1, 2, 3, 4], conTime);
        Assert.Equal([1.0, 2, 3, 4, 5], conData.Neuron(0).ToArray());
        var (seqTime, seqData) = times.CombineChunks(chunks, "p;r");
        Assert.Equal([0.0, 1, 2, 0, 1], seqTime);
        Assert.Equal([1.0, 2, 3, 4, 5], seqData.Neuron(0).ToArray());
    }

    [Fact]
    public void TimeLimitsOfAChunkWithoutRecordingNameTheCompartmentAndChunk()
    {
        var times = new RecordingTimes([
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 2, 0, 2)], ["q"] = [] },
        ]);
        var e = Assert.Throws<InvalidOperationException>(() => times.TimeLims(chunk: 0, compartment: "q"));
        Assert.Equal("compartment \"q\" has no recording period in chunk 0 (its monitor was paused throughout)", e.Message);
        Assert.Equal((0.0, 2.0), times.TimeLims(chunk: 0));
    }

    [Fact]
    public void CombiningTheRecordingsOfAnotherChunkIsAClearError()
    {
        // CombinePeriods(recordings[0], key, chunk: 1) read past the 3 rows of chunk 0 (IndexOutOfRangeException).
        var times = new RecordingTimes([
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 2, 0, 2)] },
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 4, 0, 4)] },
        ]);
        var e = Assert.Throws<ArgumentException>(() => times.CombinePeriods(Chunk([1, 2, 3]), "p;r", chunk: 1));
        Assert.Equal("the chunk's recordings hold 3 rows of \"p;r\" but chunk 1 of the recording times has 5 samples: " +
                     "pass the recordings and the chunk index of the same chunk (CombinePeriods(recordings[1], \"p;r\", chunk: 1))", e.Message);
        var swapped = Assert.Throws<ArgumentException>(() => times.CombineChunks([Chunk([1, 2, 3, 4, 5]), Chunk([1, 2, 3])], "p;r"));
        Assert.StartsWith("recordings[0] hold 5 rows of \"p;r\" but chunk 0 of the recording times has 3 samples", swapped.Message);
        Assert.Equal([0.0, 1, 2, 3, 4], times.CombinePeriods(Chunk([1, 2, 3, 4, 5]), "p;r", chunk: 1).Time);
    }

    [Fact]
    public void CombinePeriodsFillsThePauseWithNaNOrInterpolates()
    {
        var chunk = Chunk([1, 2, 5, 6]);
        var times = new RecordingTimes([
            new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 1, 0, 1), new RecordingPeriod(4, 5, 2, 3)] },
        ]);
        var (t, nanFilled) = times.CombinePeriods(chunk, "p;r");
        Assert.Equal([0.0, 1, 2, 3, 4, 5], t);
        var values = nanFilled.Neuron(0).ToArray();
        Assert.True(double.IsNaN(values[2]) && double.IsNaN(values[3]));
        var (_, interpolated) = times.CombinePeriods(chunk, "p;r", interpolate: true);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], interpolated.Neuron(0).ToArray());
        var (leftOut, _) = times.CombinePeriods(chunk, "p;r", fill: null);
        Assert.Equal([0.0, 1, 4, 5], leftOut);
        Assert.Equal(2, times.NrPeriods());
        Assert.Equal((4.0, 5.0), times.TimeLims(period: 1));
    }

    [Fact]
    public void AskingForAMissingChunkOrCompartmentSaysWhatExists()
    {
        var times = new RecordingTimes([new Dictionary<string, IReadOnlyList<RecordingPeriod>> { ["p"] = [new RecordingPeriod(0, 1, 0, 1)] }]);
        var chunkError = Assert.Throws<ArgumentOutOfRangeException>(() => times.TimeLims(chunk: 3));
        Assert.Contains("1 chunk", chunkError.Message);
        var compartmentError = Assert.Throws<KeyNotFoundException>(() => times.TimeLims(compartment: "q"));
        Assert.Contains("recorded: p", compartmentError.Message);
    }

    private static RecordingChunk Chunk(double[] r) => new(new Dictionary<string, object>
    {
        ["p;r"] = TraceMatrix.FromTrace(r),
        ["p;period"] = 1.0,
        ["dt"] = 1.0,
    });
}
