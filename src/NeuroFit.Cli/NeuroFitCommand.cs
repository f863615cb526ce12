using System.CommandLine;

namespace NeuroFit.Cli;

/// <summary>Builds the <c>neurofit</c> command tree and maps failures to exit codes.</summary>
public static class NeuroFitCommand
{
    /// <summary>Exit code for a user mistake (bad model text, bad config, bad arguments).</summary>
    public const int UserErrorExitCode = 2;

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("NeuroFit: fit neuron models to data or to other models.");
        foreach (var command in Commands()) root.Subcommands.Add(command);
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors) stderr.WriteLine($"neurofit: {error.Message}");
                stderr.WriteLine("Run 'neurofit --help' for usage.");
                return UserErrorExitCode;
            }
            return parse.Invoke(config);
        }
        catch (Exception e) when (UserErrors.IsUserError(e))
        {
            stderr.WriteLine($"neurofit: {UserErrors.OneLine(e)}");
            return UserErrorExitCode;
        }
    }

    // Each command lives in its own file under Commands/; add new ones here.
    private static IEnumerable<Command> Commands()
    {
        yield return BenchCommand.Create();
        yield return ModelsCommand.Create();
        yield return CheckCommand.Create();
        yield return SimulateCommand.Create();
        yield return FitCommand.Create();
        yield return ReportCommand.Create();
        yield return StudyCommand.Create();
        yield return WorkerCommand.Create();
    }
}
