using NeuroFit.Data;

namespace NeuroFit.Tests.Data;

public class ResamplingTests
{
    private static ImportedTrace Linear(int n, double dt) =>
        ImportedTrace.Uniform("f.csv", Enumerable.Range(0, n).Select(i => 2 * (i * dt) + 1).ToArray(), dt);

    [Fact]
    public void Same_dt_and_length_pass_unchanged()
    {
        var t = ImportedTrace.Uniform("f.csv", [1.0, 5, -3], 0.1);
        Assert.Equal(new[] { 1.0, 5, -3 }, t.ToSimulationGrid(0.1, 3));
    }

    [Theory]
    [InlineData(2000, 0.05)] // finer data, 0 … 99.95 ms
    [InlineData(2001, 0.05)] // finer data including the end point 100 ms
    [InlineData(501, 0.2)]   // coarser data including the end point
    [InlineData(1001, 0.1)]  // same dt plus the end point
    public void Linear_data_resample_exactly_onto_the_grid(int n, double dataDt)
    {
        var grid = Linear(n, dataDt).ToSimulationGrid(0.1, 1000);
        Assert.Equal(1000, grid.Length);
        for (var k = 0; k < 1000; k++) Assert.Equal(2 * (k * 0.1) + 1, grid[k], 9);
    }

    [Fact]
    public void A_dt_in_seconds_is_hinted_as_dt_and_times_in_seconds_as_time_unit()
    {
        // the hint used to say "give time_unit: s" also for a dt in seconds, where time_unit does not apply
        var fromDt = Assert.Throws<DataFormatException>(() => ImportedTrace.Uniform("f.npy", new double[100], 0.001).ToSimulationGrid(1, 100));
        Assert.Contains("dt looks like seconds: dt is in ms (dt: 1?)", fromDt.Message);
        Assert.DoesNotContain("time_unit", fromDt.Message);
        var times = new ImportedTrace("f.csv[v]", [.. Enumerable.Range(0, 100).Select(i => i * 0.001)], new double[100]);
        Assert.False(times.TimesFromDt);
        Assert.Contains("the times look like seconds: give time_unit: s", Assert.Throws<DataFormatException>(() => times.ToSimulationGrid(1, 100)).Message);
    }

    [Fact]
    public void Coarser_data_hold_the_last_value_for_at_most_one_interval()
    {
        // 500 samples every 0.2 ms cover 100 ms; the grid point at 99.9 ms lies after the last sample (99.8 ms).
        var grid = Linear(500, 0.2).ToSimulationGrid(0.1, 1000);
        Assert.Equal(2 * 99.8 + 1, grid[^1], 9);
        Assert.Equal(2 * 99.8 + 1, grid[^2], 9);
        Assert.Equal(2 * 99.7 + 1, grid[^3], 9);
    }

    [Theory]
    [InlineData(999, 0.1)]  // one sample short
    [InlineData(1002, 0.1)] // two samples too long
    [InlineData(499, 0.2)]
    [InlineData(3000, 0.05)]
    public void Mismatched_lengths_name_both(int n, double dataDt)
    {
        var e = Assert.Throws<DataFormatException>(() => Linear(n, dataDt).ToSimulationGrid(0.1, 1000));
        Assert.Contains($"{n} samples", e.Message);
        Assert.Contains("1000 samples", e.Message);
        Assert.StartsWith("f.csv: ", e.Message);
    }

    [Fact]
    public void Uneven_times_interpolate()
    {
        var t = new ImportedTrace("u.csv", [0, 0.3, 0.4, 1.0], [0, 3, 4, 10]);
        Assert.Null(t.UniformDt);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.0 }, t.ToSimulationGrid(0.1, 11).Select(x => Math.Round(x, 9)));
    }
}
