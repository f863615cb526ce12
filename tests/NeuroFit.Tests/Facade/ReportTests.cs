using NeuroFit.Figures;
using NeuroFit.Results;

namespace NeuroFit.Tests.Facade;

public class ReportTests
{
    private static FitSummary Summary() => new()
    {
        Name = "demo <fit>",
        Method = "cmaes",
        Seed = 3,
        Model = "Izhikevich2007",
        Evaluations = 10,
        Failed = 1,
        Seconds = 0.5,
        Best = [new FittedParameter("a", 0.8, -10, 10), new FittedParameter("b", 9.99, -10, 10)],
        Parameters = new Dictionary<string, double> { ["a"] = 0.8, ["b"] = 9.99, ["c"] = 1.79 },
        Loss = 0.125,
        RerunLoss = double.NaN,
        History = [new HistoryEntry(1, null, null, 0.1, "loss is NaN"), new HistoryEntry(2, 0.125, 0.125, 0.2)],
    };

    [Fact]
    public void SummaryJsonRoundTripsIncludingNonFiniteNumbers()
    {
        var json = Summary().ToJson();
        Assert.Contains("\"rerun_loss\": \"NaN\"", json);
        var back = FitSummary.FromJson(json);
        Assert.Equal(0.125, back.Loss);
        Assert.True(double.IsNaN(back.RerunLoss!.Value));
        Assert.Equal("loss is NaN", back.History[0].Failure);
        Assert.Equal(1.79, back.Parameters["c"]);
    }

    [Fact]
    public void ReportInlinesFiguresEscapesTextAndFlagsValuesAtABound()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, HtmlReport.SummaryFileName), Summary().ToJson());
            LossHistoryFigure.Save(Path.Combine(dir, "loss_history.svg"), [2, 1], [2, 1]);
            var html = File.ReadAllText(HtmlReport.Write(dir));
            Assert.Contains("demo &lt;fit&gt;", html);
            Assert.Contains("<svg", html);
            Assert.Contains("loss_history.svg", html);
            Assert.Single(html.Split("at a bound").Skip(1)); // b = 9.99 is within 1 % of 10; a is not
            Assert.Contains("loss is NaN", html);
            Assert.DoesNotContain("src=", html); // self-contained
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TheReportShowsTheLossSdOverRepeatsAsTheTableDoes()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, HtmlReport.SummaryFileName), (Summary() with { Std = 0.0483789 }).ToJson());
            Assert.Contains("<td>0.125 ± 0.0483789 (SD over repeats)</td>", File.ReadAllText(HtmlReport.Write(dir)));
            File.WriteAllText(Path.Combine(dir, HtmlReport.SummaryFileName), Summary().ToJson());
            Assert.DoesNotContain("SD over repeats", File.ReadAllText(HtmlReport.Write(dir)));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AFolderWithoutResultsIsAClearError()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-report-").FullName;
        var e = Assert.Throws<FileNotFoundException>(() => HtmlReport.Write(dir));
        Assert.Contains("not a NeuroFit run folder", e.Message);
        Directory.Delete(dir);
    }
}
