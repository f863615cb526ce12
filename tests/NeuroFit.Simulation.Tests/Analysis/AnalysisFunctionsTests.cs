using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Simulation.Tests.Analysis;

public class AnalysisFunctionsTests
{
    [Fact]
    public void Rmse_rsse_and_mse_match_hand_computed_values()
    {
        double[] a = [1, 2, 3], b = [1, 2, 5];
        Assert.Equal(Math.Sqrt(4.0 / 3.0), AnalysisFunctions.Rmse(a, b), 15);
        Assert.Equal(2.0, AnalysisFunctions.Rsse(a, b), 15);
        Assert.Equal(4.0 / 3.0, AnalysisFunctions.Mse(a, b), 15);
        // CompNeuroPy example A: target 2 then 6 (500 samples each), model a·I + b with a = 0.8, b = 2 → 0.
        var target = Enumerable.Repeat(2.0, 500).Concat(Enumerable.Repeat(6.0, 500)).ToArray();
        var model = Enumerable.Repeat(0.8 * 0 + 2, 500).Concat(Enumerable.Repeat(0.8 * 5 + 2, 500)).ToArray();
        Assert.Equal(0.0, AnalysisFunctions.Rmse(target, model), 12);
        // a = 1, b = 2: second half off by 1 → sqrt(500/1000).
        var off = Enumerable.Repeat(2.0, 500).Concat(Enumerable.Repeat(7.0, 500)).ToArray();
        Assert.Equal(Math.Sqrt(0.5), AnalysisFunctions.Rmse(target, off), 15);
    }

    [Fact]
    public void Error_measures_reject_mismatched_lengths_naming_both()
    {
        var e = Assert.Throws<ArgumentException>(() => AnalysisFunctions.Rmse([1.0, 2.0], [1.0]));
        Assert.Contains("2 and 1", e.Message);
        Assert.Throws<ArgumentException>(() => AnalysisFunctions.Rmse([], []));
    }

    [Property(MaxTest = 200)]
    public Property Rsse_is_rmse_times_sqrt_n(NonEmptyArray<NormalFloat> values)
    {
        var a = values.Get.Select(v => v.Get).ToArray();
        var b = a.Select((v, i) => v * 0.5 + i).ToArray();
        var rmse = AnalysisFunctions.Rmse(a, b);
        var rsse = AnalysisFunctions.Rsse(a, b);
        return (Math.Abs(rsse - rmse * Math.Sqrt(a.Length)) <= 1e-9 * Math.Max(1, rsse)).ToProperty();
    }

    [Fact]
    public void Minimum_and_maximum_ignore_nan_and_flatten_one_level()
    {
        double[][] nested = [[3, double.NaN], [1, 7], []];
        Assert.Equal(1.0, AnalysisFunctions.GetMinimum(nested));
        Assert.Equal(7.0, AnalysisFunctions.GetMaximum(nested));
        Assert.Equal(-2.5, AnalysisFunctions.GetMinimum([double.NaN, -2.5, 4]));
        Assert.Equal(4.0, AnalysisFunctions.GetMaximum([double.NaN, -2.5, 4]));
        Assert.True(double.IsNaN(AnalysisFunctions.GetMinimum([double.NaN, double.NaN])));
        Assert.Equal(3.5, AnalysisFunctions.GetMaximum(3.5));
        Assert.Throws<ArgumentException>(() => AnalysisFunctions.GetMinimum(Array.Empty<double>()));
    }

    [Theory]
    [InlineData(5.0, 0)]
    [InlineData(5.1, 1)]
    [InlineData(0.0101, 4)]
    [InlineData(0.1, 1)]
    [InlineData(0.25, 2)]
    [InlineData(1e-5, 5)]
    [InlineData(1.5e-7, 8)]
    [InlineData(-0.05, 2)]
    public void Number_of_decimals(double value, int expected) =>
        Assert.Equal(expected, AnalysisFunctions.GetNumberOfDecimals(value));

    [Fact]
    public void Raster_flattens_ranks_in_ascending_order_keeping_each_rank_order()
    {
        var raster = RasterData.From(new Dictionary<int, int[]> { [1] = [5, 2], [0] = [3], [2] = [] });
        Assert.Equal(new[] { 3, 5, 2 }, raster.Steps);
        Assert.Equal(new[] { 0, 1, 1 }, raster.Ranks);
        Assert.Equal(new[] { 3 * 0.1, 5 * 0.1, 2 * 0.1 }, raster.TimesMs(0.1));
    }

    [Fact]
    public void Linear_interpolation_holds_or_extends_the_ends()
    {
        double[] x = [0, 1, 3], y = [0, 2, 6];
        Assert.Equal(new[] { 0.0, 1, 2, 4, 6, 6 }, Interpolation.Linear(x, y, [-1, 0.5, 1, 2, 3, 4]));
        Assert.Equal(new[] { -2.0, 1, 8 }, Interpolation.Linear(x, y, [-1, 0.5, 4], extrapolate: true));
        Assert.Throws<ArgumentException>(() => Interpolation.Linear([0.0, 0.0], [1.0, 2.0], [0.0]));
    }
}
