using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Simulation.Tests.Analysis;

public class TimeDataTests
{
    private static double[,] Column(params double[] v) => TimeData.ToColumn(v);

    private static double[] Col(double[,] m, int c = 0) => Enumerable.Range(0, m.GetLength(0)).Select(r => m[r, c]).ToArray();

    [Fact]
    public void Fill_gaps_inserts_rows_at_the_smallest_step()
    {
        var (t, d) = TimeData.FillGaps([0, 1, 2, 5, 6], new double[] { 1, 2, 3, 4, 5 });
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6 }, t);
        Assert.Equal(new[] { 1, 2, 3, double.NaN, double.NaN, 4, 5 }, d);
        var (_, zero) = TimeData.FillGaps([0, 1, 2, 5, 6], new double[] { 1, 2, 3, 4, 5 }, fill: 0);
        Assert.Equal(new double[] { 1, 2, 3, 0, 0, 4, 5 }, zero);
    }

    [Fact]
    public void Fill_gaps_with_a_given_step_and_several_columns()
    {
        var data = new double[,] { { 1, 10 }, { 2, 20 }, { 3, 30 } };
        var (t, d) = TimeData.FillGaps([0, 0.1, 0.4], data, fillTimeStep: 0.1);
        Assert.Equal(5, t.Length);
        Assert.Equal(new[] { 0, 0.1, 0.2, 0.3, 0.4 }, t.Select(x => Math.Round(x, 9)));
        Assert.Equal(new[] { 10, 20, double.NaN, double.NaN, 30 }, Col(d, 1));
        Assert.Throws<ArgumentException>(() => TimeData.FillGaps([0, 1], new double[,] { { 1 } }));
    }

    [Fact]
    public void Sample_with_time_step_interpolates_and_extrapolates()
    {
        var (t, d) = TimeData.SampleWithTimeStep([0, 1, 3], [0, 2, 6], 0.5);
        Assert.Equal(new[] { 0, 0.5, 1, 1.5, 2, 2.5, 3 }, t);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6 }, d);
        var (t2, d2) = TimeData.SampleWithTimeStep([0.2, 1.2], [1, 2], 0.5);
        Assert.Equal(new[] { 0, 0.5, 1.0 }, t2);
        Assert.Equal(new[] { 0.8, 1.3, 1.8 }, d2.Select(x => Math.Round(x, 12)));
    }

    private static readonly ChunkSeries Chunk0 = new([new TimeLimits(0, 4)], Column(0, 1, 2, 3, 4));
    private static readonly ChunkSeries Chunk1 = new([new TimeLimits(0, 2)], Column(10, 11, 12));

    [Fact]
    public void Combine_chunks_sequential_restarts_time_in_each_chunk()
    {
        var (t, d) = TimeData.CombineChunks([Chunk0, Chunk1], period: 1, dt: 1, ChunkLayout.Sequential);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 0, 1, 2 }, t);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 10, 11, 12 }, Col(d));
    }

    [Fact]
    public void Combine_chunks_consecutive_starts_one_period_after_the_previous_stop()
    {
        var (t, _) = TimeData.CombineChunks([Chunk0, Chunk1, Chunk1], period: 1, dt: 1, ChunkLayout.Consecutive);
        // chunk 1 starts at 0 + 4 + 1 = 5; chunk 2 at 5 + 2 + 1 = 8.
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, t);
    }

    [Fact]
    public void Combine_chunks_fills_pauses_with_nan()
    {
        var paused = new ChunkSeries([new TimeLimits(0, 2), new TimeLimits(5, 6)], Column(1, 2, 3, 6, 7));
        var (t, d) = TimeData.CombineChunks([paused, Chunk1], period: 1, dt: 1, ChunkLayout.Consecutive);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, t);
        Assert.Equal(new[] { 1, 2, 3, double.NaN, double.NaN, 6, 7, 10, 11, 12 }, Col(d));
        var (ts, _) = TimeData.CombineChunks([paused, Chunk1], period: 1, dt: 1, ChunkLayout.Sequential);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 0, 1, 2 }, ts);
    }

    [Fact]
    public void Combine_chunks_with_a_recording_period_of_10_ms()
    {
        // dt 0.1, period 10 ms: chunk 0 records 0..90 ms (10 samples), chunk 1 0..40 ms (5 samples).
        var c0 = new ChunkSeries([new TimeLimits(0, 90)], Column(Enumerable.Range(0, 10).Select(i => (double)i).ToArray()));
        var c1 = new ChunkSeries([new TimeLimits(0, 40)], Column(Enumerable.Range(0, 5).Select(i => i + 100.0).ToArray()));
        var (t, _) = TimeData.CombineChunks([c0, c1], period: 10, dt: 0.1, ChunkLayout.Consecutive);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => i * 10.0), t);
    }

    [Fact]
    public void Combine_chunks_names_the_chunk_whose_rows_do_not_match()
    {
        var bad = new ChunkSeries([new TimeLimits(0, 2)], Column(1, 2, 3, 4));
        var e = Assert.Throws<ArgumentException>(() => TimeData.CombineChunks([Chunk0, bad], 1, 1, ChunkLayout.Sequential));
        Assert.Contains("chunk 1 has 4 data rows but its recording periods hold 3 samples", e.Message);
    }

    [Fact]
    public void Combine_periods_with_each_fill()
    {
        TimeLimits[] periods = [new(0, 2), new(5, 6)];
        var data = Column(1, 2, 3, 6, 7);
        var (tn, dn) = TimeData.CombinePeriods(periods, data, 1, 1, PeriodFill.None);
        Assert.Equal(new double[] { 0, 1, 2, 5, 6 }, tn);
        Assert.Equal(new double[] { 1, 2, 3, 6, 7 }, Col(dn));
        var (t, d) = TimeData.CombinePeriods(periods, data, 1, 1, PeriodFill.NaN);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6 }, t);
        Assert.Equal(new[] { 1, 2, 3, double.NaN, double.NaN, 6, 7 }, Col(d));
        Assert.Equal(new double[] { 1, 2, 3, -1, -1, 6, 7 }, Col(TimeData.CombinePeriods(periods, data, 1, 1, PeriodFill.Value(-1)).Data));
        // Interpolated between (2 ms, 3) and (5 ms, 6): 4 and 5.
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6, 7 }, Col(TimeData.CombinePeriods(periods, data, 1, 1, PeriodFill.Interpolate).Data));
    }
}
