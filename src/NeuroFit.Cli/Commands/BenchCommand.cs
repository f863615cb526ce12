using System.CommandLine;

namespace NeuroFit.Cli;

/// <summary><c>neurofit bench …</c>: benchmark commands that print ratios against a baseline measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks (print ratios against a baseline measured in the same run).");
        foreach (var sub in Subcommands()) bench.Subcommands.Add(sub);
        return bench;
    }

    // One file per benchmark under Commands/Bench*.cs; add new ones here.
    private static IEnumerable<Command> Subcommands()
    {
        yield return BenchFitCommand.Create();
        yield return BenchGlobalCommand.Create();
        yield return BenchSimulateCommand.Create();
        yield return BenchNpeCommand.Create();
    }
}
