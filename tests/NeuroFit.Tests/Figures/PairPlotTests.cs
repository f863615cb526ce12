using NeuroFit.Figures;

namespace NeuroFit.Tests.Figures;

public class PairPlotTests
{
    private static double[,] Samples(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var samples = new double[n, d];
        for (var r = 0; r < n; r++)
        {
            var common = rng.NextDouble();
            for (var j = 0; j < d; j++) samples[r, j] = (j + 1) * (0.5 * common + 0.5 * rng.NextDouble());
        }
        return samples;
    }

    private static string TempFile(string suffix) => Path.Combine(Path.GetTempPath(), $"neurofit-pairs-{Guid.NewGuid():N}{suffix}");

    [Fact]
    public void SvgHasEveryParameterNameAndBound()
    {
        var path = TempFile(".svg");
        try
        {
            PairPlot.Save(path, Samples(2000, 3, 1), ["alpha", "beta", "gamma"], [0, 0, 0], [1, 2, 3.5],
                new PairPlotOptions { Marker = [0.5, 1, 1.5], Title = "posterior" });
            var svg = File.ReadAllText(path);
            Assert.Contains("<svg", svg);
            foreach (var text in new[] { "alpha", "beta", "gamma", "3.5", "posterior" }) Assert.Contains(text, svg);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void PngBySuffix()
    {
        var path = TempFile(".png");
        try
        {
            PairPlot.Save(path, Samples(500, 2, 2), ["a", "b"], [0, 0], [1, 2]);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var samples = Samples(10, 2, 3);
        Assert.Contains(".svg or .png", Assert.Throws<ArgumentException>(() => PairPlot.Save("p.jpg", samples, ["a", "b"], [0, 0], [1, 1])).Message);
        Assert.Contains("names", Assert.Throws<ArgumentException>(() => PairPlot.Save("p.svg", samples, ["a"], [0, 0], [1, 1])).Message);
        Assert.Contains("low < high", Assert.Throws<ArgumentException>(() => PairPlot.Save("p.svg", samples, ["a", "b"], [0, 1], [1, 1])).Message);
    }

    [Fact]
    public void HistogramsCountInsideTheBoundsOnly()
    {
        var samples = new double[,] { { 0.05, 0.9 }, { 0.5, 0.1 }, { 1.0, 0.15 }, { 1.5, 0.5 }, { -0.1, 0.5 } };
        Assert.Equal([1, 0, 1, 0, 1], PairPlotHistograms.Histogram(samples, 0, 0, 1, 5)); // 1.0 lands in the last bin
        var counts = PairPlotHistograms.Histogram2D(samples, 0, 1, (0, 1), (0, 1), 2);
        Assert.Equal(1, counts[1, 0]); // (0.05, 0.9): left column, upper row
        Assert.Equal(2, counts[0, 1]); // (0.5, 0.1) and (1.0, 0.15): right column, lower row
        Assert.Equal(0, counts[0, 0]);
        Assert.Equal(3, counts.Cast<int>().Sum()); // (1.5, 0.5) and (−0.1, 0.5) are outside
    }
}
