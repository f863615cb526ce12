using NeuroFit.Figures;
using NeuroFit.Progress;

namespace NeuroFit.Tests.Facade;

public class FigureAndProgressTests
{
    [Theory]
    [InlineData(".svg")]
    [InlineData(".png")]
    public void LossHistoryIsWrittenInTheFormatOfTheSuffix(string suffix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"neurofit-loss-{Guid.NewGuid():N}{suffix}");
        try
        {
            LossHistoryFigure.Save(path, [5, 3, 4, 0, 1], [5, 3, 3, 0, 0]);
            var bytes = File.ReadAllBytes(path);
            if (suffix == ".svg") Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes));
            else Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TraceFiguresDrawTheTargetUnderneathInGreyAndTheBestOnTop()
    {
        double[] x = [0, 1, 2];
        var series = NeuroFit.Fitting.ResultsWriter.TraceSeries(x, [1, 2, 3], (x, [1.5, 2.5, 2.5]));
        Assert.Equal(["target", "best"], series.Select(s => s.Label)); // later series are drawn on top
        Assert.Equal(NeuroFit.Fitting.ResultsWriter.TargetColor, series[0].Color);
        Assert.All(series, s => Assert.False(s.Dashed)); // dashes break noisy recordings into specks
        Assert.Equal(["best"], NeuroFit.Fitting.ResultsWriter.TraceSeries(x, [1, 2, 3], null).Select(s => s.Label));

        var path = Path.Combine(Path.GetTempPath(), $"neurofit-trace-{Guid.NewGuid():N}.svg");
        try
        {
            LineFigure.Save(path, "v", "time [ms]", "v", series);
            var svg = File.ReadAllText(path);
            var target = svg.IndexOf(NeuroFit.Fitting.ResultsWriter.TargetColor, StringComparison.OrdinalIgnoreCase);
            var best = svg.IndexOf("#1F77B4", StringComparison.OrdinalIgnoreCase);
            Assert.InRange(target, 0, best - 1); // the target path is written (drawn) before the best one
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AnUnknownFigureSuffixIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => LossHistoryFigure.Save("loss.jpg", [1], [1]));
        Assert.Contains(".svg or .png", e.Message);
    }

    [Fact]
    public void PlainProgressPrintsTitleAndAFinalLineWithTheLastSnapshot()
    {
        var output = new StringWriter();
        new PlainProgress(output) { Interval = TimeSpan.FromHours(1) }.Run("fit", 10, report =>
        {
            report(new FitProgressSnapshot(5, 10, 2.5, 1, 1.0));
            report(new FitProgressSnapshot(10, 10, 0.25, 1, 2.0));
        });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("fit: 10 evaluations", lines[0]);
        Assert.Contains("10/10 evaluations, best loss 0.25, 5 evals/s, 1 failed", lines[^1]);
        Assert.EndsWith("(done)", lines[^1].TrimEnd());
    }
}
