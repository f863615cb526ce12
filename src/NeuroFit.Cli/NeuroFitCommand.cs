using System.CommandLine;

namespace NeuroFit.Cli;

/// <summary>Builds the <c>neurofit</c> command tree and maps failures to exit codes.</summary>
public static class NeuroFitCommand
{
    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("NeuroFit: fit neuron models to data or to other models.");
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
