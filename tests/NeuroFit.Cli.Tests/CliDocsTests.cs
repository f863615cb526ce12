using System.Text.RegularExpressions;
using NeuroFit.Cli;

namespace NeuroFit.Cli.Tests;

/// <summary>docs/cli.md names exactly the commands and options the command line has.</summary>
public class CliDocsTests
{
    private static readonly string[][] Commands =
    [
        ["models"], ["models", "show"], ["check"], ["simulate"], ["fit"], ["report"], ["bench", "fit"], ["bench", "global"], ["bench", "npe"], ["bench", "simulate"],
        ["study", "create"], ["study", "show"], ["study", "export"], ["study", "list"], ["worker"],
    ];

    private static string Help(string[] command)
    {
        var output = new StringWriter();
        Assert.Equal(0, NeuroFitCommand.Run([.. command, "--help"], output, new StringWriter()));
        return output.ToString();
    }

    private static IEnumerable<string> Options(string help) =>
        Regex.Matches(help, @"^\s+(--[a-z][a-z-]*)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).Where(o => o != "--help");

    private static string Docs()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "docs", "cli.md"))) return File.ReadAllText(Path.Combine(dir.FullName, "docs", "cli.md"));
        throw new FileNotFoundException("docs/cli.md not found above the test binaries");
    }

    [Fact]
    public void EveryCommandAndOptionIsDocumented()
    {
        var docs = Docs();
        foreach (var command in Commands)
        {
            Assert.Contains($"neurofit {string.Join(' ', command)}", docs);
            foreach (var option in Options(Help(command)))
                Assert.True(Regex.IsMatch(docs, $@"{Regex.Escape(option)}\b"), $"'neurofit {string.Join(' ', command)} {option}' is not in docs/cli.md");
        }
    }

    [Fact]
    public void EveryDocumentedOptionExists()
    {
        var known = Commands.SelectMany(c => Options(Help(c))).Append("--help").ToHashSet();
        foreach (Match m in Regex.Matches(Docs(), @"(?<![\w-])(--[a-z][a-z-]*)"))
            Assert.True(known.Contains(m.Groups[1].Value), $"docs/cli.md names {m.Groups[1].Value}, which no command has");
    }
}
