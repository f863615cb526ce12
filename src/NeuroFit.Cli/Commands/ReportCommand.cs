using System.CommandLine;
using System.Text.Json;
using NeuroFit.Results;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit report RUN_DIR [--png]</c>: renders a run folder as one self-contained HTML file (report.html); with
/// <c>--png</c> also a screenshot of it in headless Chromium (report.png), checked as a browser renders it.
/// </summary>
internal static class ReportCommand
{
    /// <summary>Name of the screenshot <c>--png</c> writes into the run folder.</summary>
    public const string ScreenshotName = "report.png";

    public static Command Create()
    {
        var run = new Argument<string>("run-dir") { Description = "Run folder written by 'neurofit fit' (holds results.json)." };
        var png = new Option<bool>("--png")
        {
            Description = $"Also render the report in headless Chromium and write a full-page screenshot ({ScreenshotName}); needs Chromium ({HeadlessBrowser.EnvVar} names another browser).",
        };
        var command = new Command("report", "Write report.html (summary, scale references, true vs fitted, figures) for a run folder.") { run, png };
        command.SetAction(parse =>
        {
            var directory = parse.GetRequiredValue(run);
            if (File.Exists(directory))
            {
                if (Path.GetFileName(directory) != HtmlReport.SummaryFileName)
                    throw new CliUsageException($"{directory}: is a file; give the run folder 'neurofit fit' wrote (it holds {HtmlReport.SummaryFileName})");
                directory = Path.GetDirectoryName(Path.GetFullPath(directory))!; // the run folder's results.json stands for the folder
            }
            if (!Directory.Exists(directory)) throw new CliUsageException($"{directory}: no such run folder");
            if (!File.Exists(Path.Combine(directory, HtmlReport.SummaryFileName)))
                throw new CliUsageException($"{directory}: not a NeuroFit run folder (no {HtmlReport.SummaryFileName}); give the folder 'neurofit fit' wrote");
            var screenshot = parse.GetValue(png);
            if (screenshot && HeadlessBrowser.Find() is null)
                throw new CliUsageException($"--png needs a browser to render the report: {HeadlessBrowser.InstallHint}");
            string path;
            try { path = HtmlReport.Write(directory); }
            catch (JsonException e) { throw new CliUsageException($"{Path.Combine(directory, HtmlReport.SummaryFileName)}: not a NeuroFit results file: {e.Message}"); }
            parse.InvocationConfiguration.Output.WriteLine(path);
            if (screenshot) parse.InvocationConfiguration.Output.WriteLine(Screenshot(path, directory, parse.InvocationConfiguration.Error));
            return 0;
        });
        return command;
    }

    /// <summary>Renders the report, writes report.png beside it and returns its path; rendering problems are warnings.</summary>
    private static string Screenshot(string report, string directory, TextWriter stderr)
    {
        RenderResult rendered;
        try { rendered = HeadlessBrowser.Render(report); }
        catch (BrowserNotFoundException e) { throw new CliUsageException($"--png: {e.Message}"); }
        catch (BrowserFailedException e) { throw new CliUsageException($"--png: {e.Message}"); }
        foreach (var problem in rendered.Problems) stderr.WriteLine($"warning: {report}: {problem}");
        var path = Path.Combine(directory, ScreenshotName);
        File.WriteAllBytes(path, rendered.Screenshot);
        return path;
    }
}
