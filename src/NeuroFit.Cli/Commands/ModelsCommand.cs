using System.CommandLine;
using NeuroFit.Config;
using NeuroFit.Models;

namespace NeuroFit.Cli;

/// <summary><c>neurofit models</c> lists the built-in models; <c>neurofit models show NAME</c> prints one as model text.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var models = new Command("models", "List the built-in neuron models with their descriptions.");
        models.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var width = BuiltinModels.Names.Max(n => n.Length);
            foreach (var model in BuiltinModels.All) output.WriteLine($"{model.Name.PadRight(width)}  {model.Description}");
            return 0;
        });

        var name = new Argument<string>("name") { Description = "Name of a built-in model (see 'neurofit models')." };
        var show = new Command("show", "Print a built-in model as a model file (YAML in the ANNarchy neuron language).");
        show.Arguments.Add(name);
        show.SetAction(parse =>
        {
            var requested = parse.GetRequiredValue(name);
            var text = BuiltinModels.TryText(requested);
            if (text is null)
            {
                var match = NameHints.Closest(requested, BuiltinModels.Names);
                throw new CliUsageException(match is not null
                    ? $"no built-in model '{requested}'; did you mean '{match}'?"
                    : $"no built-in model '{requested}'; run 'neurofit models' to list them");
            }
            parse.InvocationConfiguration.Output.Write(text);
            return 0;
        });
        models.Subcommands.Add(show);
        return models;
    }
}
