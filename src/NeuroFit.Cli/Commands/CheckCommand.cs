using System.CommandLine;
using NeuroFit.Models;
using NeuroFit.Models.Files;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit check FILE</c>: validates a model file and prints its parameters, variables, ODE blocks and methods.
/// A mistake prints one line <c>FILE:LINE:COL: error NFxxxx: message</c> and exits with code 2.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Model file (YAML with parameters, equations, spike, reset, refractory, functions)." };
        var check = new Command("check", "Check a model file and print what the simulator will run.");
        check.Arguments.Add(file);
        check.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!File.Exists(path))
            {
                error.WriteLine(Directory.Exists(path) ? $"{path}: error: a folder, not a model file" : $"{path}: error: no such file");
                return NeuroFitCommand.UserErrorExitCode;
            }
            try
            {
                var model = ModelFile.Load(path).Analyse();
                output.Write(ModelReport.Describe(model));
                output.WriteLine($"{path}: ok");
                return 0;
            }
            catch (ModelException e)
            {
                error.WriteLine(e.First.ToString());
                return NeuroFitCommand.UserErrorExitCode;
            }
        });
        return check;
    }
}
