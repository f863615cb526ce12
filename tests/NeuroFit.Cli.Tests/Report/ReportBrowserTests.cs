using System.Buffers.Binary;
using System.Text;
using NeuroFit.Cli.Tests.Fit;
using NeuroFit.Results;

namespace NeuroFit.Cli.Tests.Report;

/// <summary>Skips a test with a visible reason when no Chromium is installed (./test.sh installs Debian's chromium).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.Find() is null)
            Skip = $"browser tests skipped: no Chromium found ({HeadlessBrowser.InstallHint}; ./test.sh installs it when it runs as root)";
    }
}

/// <summary>report.html as a real browser renders it: headless Chromium through the DevTools protocol.</summary>
public class ReportBrowserTests
{
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [BrowserFact]
    public void TheReportOfASpikingFitRendersEverySectionAndFigureAndReportPngWritesItsScreenshot()
    {
        var files = new Dictionary<string, byte[]>(FitFixtures.SpikeFiles())
        {
            ["known.json"] = Encoding.UTF8.GetBytes("""{"parameters": {"C": 100, "k": 0.7}, "relative_tolerance": 0.05}"""),
        };
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.SpikeConfig, files, "fit", "CONFIG", "--out", "DIR/run");
        var run = Path.Combine(dir, "run");
        try
        {
            Assert.True(code == 0, error);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["report", run, "--png"], stdout, stderr));
            Assert.Equal([Path.Combine(run, "report.html"), Path.Combine(run, "report.png")], stdout.ToString().Trim().Split('\n'));
            Assert.Equal("", stderr.ToString()); // no rendering warnings
            var (width, height) = PngSize(File.ReadAllBytes(Path.Combine(run, "report.png")));
            Assert.Equal(HeadlessBrowser.ViewportWidth, width);
            Assert.True(height > 1500, $"the screenshot is {height} px high; the whole page should be in it");

            var page = HeadlessBrowser.Render(Path.Combine(run, "report.html"));
            Assert.Equal("NeuroFit report: config", page.Title);
            Assert.Equal(["summary", "scale", "parameters", "loss-terms", "figures", "files"], page.SectionIds.Where(id => id is not ("constants" or "notes" or "failures")));
            Assert.Empty(page.ConsoleErrors);
            var svgs = Directory.GetFiles(run, "*.svg").Length;
            Assert.True(svgs >= 4, $"{svgs} figures"); // convergence, loss history, v, spikes
            Assert.Equal(svgs, page.Images.Count);
            Assert.All(page.Images, i => Assert.True(i.NaturalWidth >= 700 && i.NaturalHeight >= 200, $"{i.Alt}: {i.NaturalWidth}×{i.NaturalHeight}"));
            Assert.Contains("Fitted parameters against the true values", page.Text);
            Assert.Contains("true parameters", page.Text);   // the scale reference of known values
            Assert.Contains("random: best of 64", page.Text);
            Assert.Contains("v [mV] of the target", page.Text);
            Assert.Empty(page.Problems);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [BrowserFact]
    public void TheCheckSeesConsoleErrorsAndImagesThatDidNotLoad()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-browser-").FullName;
        try
        {
            var path = Path.Combine(dir, "broken.html");
            File.WriteAllText(path, """
                <!DOCTYPE html><html><head><title>broken</title></head><body><section id="only"><h1>x</h1>
                <img alt="missing" src="missing.png"><img alt="empty" src="data:image/svg+xml;base64,">
                <script>console.error("from the page"); undefinedFunction();</script></section></body></html>
                """);
            var page = HeadlessBrowser.Render(path);
            Assert.Equal(["only"], page.SectionIds);
            Assert.Contains(page.ConsoleErrors, e => e.Contains("from the page"));
            Assert.Contains(page.ConsoleErrors, e => e.Contains("undefinedFunction"));
            Assert.Equal(["missing", "empty"], page.Images.Where(i => !i.Loaded).Select(i => i.Alt));
            Assert.Contains("image 'missing' did not load (0×0)", page.Problems);
            Assert.True(PngSize(page.Screenshot).Width == HeadlessBrowser.ViewportWidth);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void ReportPngWithoutABrowserIsAMistakeThatSaysHowToInstallOne()
    {
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "6", "--out", "DIR/run");
        var previous = Environment.GetEnvironmentVariable(HeadlessBrowser.EnvVar);
        try
        {
            Assert.True(code == 0, error);
            Environment.SetEnvironmentVariable(HeadlessBrowser.EnvVar, Path.Combine(dir, "no-such-browser"));
            var stderr = new StringWriter();
            Assert.Equal(2, NeuroFitCommand.Run(["report", Path.Combine(dir, "run"), "--png"], new StringWriter(), stderr));
            Assert.Contains("--png needs a browser to render the report: install Chromium (Debian/Ubuntu: sudo apt-get install chromium)", stderr.ToString());
            Assert.DoesNotContain("   at ", stderr.ToString());
            Assert.False(File.Exists(Path.Combine(dir, "run", "report.png")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(HeadlessBrowser.EnvVar, previous);
            FitFixtures.Delete(dir);
        }
    }
}
