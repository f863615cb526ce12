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

    /// <summary>The SVG documents embedded in a report as data URIs.</summary>
    internal static List<string> EmbeddedSvgs(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "src=\"data:image/svg\\+xml;base64,([^\"]+)\"")
            .Select(m => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)))];

    [Fact]
    public void ReportEmbedsFiguresEscapesTextAndFlagsValuesAtABound()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-report-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, HtmlReport.SummaryFileName), Summary().ToJson());
            LossHistoryFigure.Save(Path.Combine(dir, "loss_history.svg"), [2, 1], [2, 1]);
            var html = File.ReadAllText(HtmlReport.Write(dir));
            Assert.Contains("demo &lt;fit&gt;", html);
            var svg = Assert.Single(EmbeddedSvgs(html));
            Assert.StartsWith("<svg", svg);
            Assert.Contains("loss_history.svg", html);
            Assert.Single(html.Split("at a bound").Skip(1)); // b = 9.99 is within 1 % of 10; a is not
            Assert.Contains("loss is NaN", html);
            // self-contained: every src is a data URI, and there is no script
            Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value), src => Assert.StartsWith("data:", src));
            Assert.DoesNotContain("<script", html);
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

    private static FitSummary Known() => Summary() with
    {
        Loss = 0.5,
        Known = new KnownParameters(new Dictionary<string, double> { ["a"] = 1.0, ["b"] = 10 }, "known.json") { RelativeTolerance = 0.05 }
            .Compare([new("a", 0.8), new("b", 9.99)]),
        Scale = new ScaleReference { CentreLoss = 400, CentreComponents = [300, 100], RandomCount = 64, RandomFailed = 3, RandomMedian = 250, RandomBest = 20, RandomSource = "64 candidates drawn uniformly", TrueLoss = 0.45, TrueComponents = [0.4, 0.05] },
        AllLoss = [0.4, 0.1],
        LossTerms = ["rmse v, chunk 0, × 10", "van_rossum 50"],
        Units = new Dictionary<string, string> { ["a"] = "pF", ["v"] = "mV" },
        Stop = "the evaluation budget was used (10 evaluations)",
    };

    [Fact]
    public void TheSummaryComesFirstWithTheVerdictScaleAndTrueValues()
    {
        var html = HtmlReport.Render(Known(), []);
        var order = HtmlReport.Sections.Append("loss-terms").Select(id => (id, at: html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal))).ToList();
        Assert.All(order, o => Assert.True(o.at > 0, $"section {o.id} missing"));
        Assert.Equal(["summary", "scale", "parameters", "loss-terms", "figures", "files"], order.OrderBy(o => o.at).Select(o => o.id));
        var summary = html[html.IndexOf("<section id=\"summary\"", StringComparison.Ordinal)..html.IndexOf("<section id=\"scale\"", StringComparison.Ordinal)];
        Assert.Contains("1 of 2 known parameters is outside 5 % of the true values (known.json): a 20.0 %.", summary);
        Assert.Contains("40× lower than the best of 64 random candidates (20)", summary);
        Assert.Contains("The loss of the true parameters is 0.45", summary);
        Assert.Contains("verdict warn", summary);
        Assert.Contains("the evaluation budget was used (10 evaluations)", summary);
        Assert.Contains("<td>random: median of 64 <span class=\"muted\">(3 failed, counted as ∞)</span></td><td>250</td><td>500× lower</td>", html);
        Assert.Contains("<td>centre of the bounds</td><td>400</td><td>800× lower</td>", html);
        // true vs fitted with units; b is 0.1 % off (within), a 20 % (outside)
        Assert.Contains("<tr><td>a</td><td class=\"text\">pF</td><td>0.8</td><td>1</td><td class=\"warn\">20.0 %</td>", html);
        Assert.Contains("<tr><td>b</td><td class=\"text\"></td><td>9.99</td><td>10</td><td class=\"ok\">0.100 %</td>", html);
        // the loss terms with units, shares and their values at the true parameters and the centre
        Assert.Contains("<tr><td>rmse v, chunk 0, × 10</td><td class=\"text\">mV</td><td>0.4</td><td>80 %</td><td>0.4</td><td>300</td></tr>", html);
    }

    [Fact]
    public void AnOldResultsFileWithoutReferencesStillRenders()
    {
        var html = HtmlReport.Render(Summary(), []);
        Assert.Contains("No scale references in this results file", html);
        Assert.DoesNotContain("<th>true</th>", html);
        Assert.Contains("<section id=\"parameters\"><h2>Fitted parameters</h2>", html);
    }

    [Theory]
    [InlineData("results_convergence.svg", "Best loss so far against wall time")]
    [InlineData("results_chunk0_v.svg", "Chunk 0: v [mV] of the target (grey)")]
    [InlineData("results_chunk2_r.svg", "Chunk 2: r (no unit declared in the model)")]
    [InlineData("results_chunk1_spike.svg", "Chunk 1: spike times")]
    public void FiguresAreCaptionedWithWhatTheyShowAndTheirUnits(string file, string caption) =>
        Assert.StartsWith(caption, ReportFigures.Caption(file, new Dictionary<string, string> { ["v"] = "mV" }));

    [Fact]
    public void FiguresComeConvergenceFirstThenByChunk()
    {
        string[] files = ["results_chunk1_v.svg", "posterior.svg", "results_chunk0_spike.svg", "results_loss_history.svg", "results_chunk0_v.svg", "results_convergence.svg", "results_chunk10_v.svg", "results_chunk2_v.svg"];
        Assert.Equal(["results_convergence.svg", "results_loss_history.svg", "results_chunk0_v.svg", "results_chunk0_spike.svg", "results_chunk1_v.svg", "results_chunk2_v.svg", "results_chunk10_v.svg", "posterior.svg"],
            ReportFigures.InOrder(files));
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
