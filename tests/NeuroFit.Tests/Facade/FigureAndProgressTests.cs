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
