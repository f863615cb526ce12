using System.CommandLine;
using System.Text.Json;
using NeuroFit.Results;

namespace NeuroFit.Cli;

/// <summary><c>neurofit report RUN_DIR</c>: renders a run folder as one self-contained HTML file (report.html).</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run-dir") { Description = "Run folder written by 'neurofit fit' (holds results.json)." };
        var command = new Command("report", "Write report.html (tables, figures inline as SVG) for a run folder.") { run };
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
            string path;
            try { path = HtmlReport.Write(directory); }
            catch (JsonException e) { throw new CliUsageException($"{Path.Combine(directory, HtmlReport.SummaryFileName)}: not a NeuroFit results file: {e.Message}"); }
            parse.InvocationConfiguration.Output.WriteLine(path);
            return 0;
        });
        return command;
    }
}
