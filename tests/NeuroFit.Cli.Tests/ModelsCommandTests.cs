using NeuroFit.Cli;
using NeuroFit.Models;

namespace NeuroFit.Cli.Tests;

public class ModelsCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = NeuroFitCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void ListsEveryBuiltinModelWithItsDescription()
    {
        var (code, output, error) = Run("models");
        Assert.Equal(0, code);
        Assert.Equal("", error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(BuiltinModels.Names.Count, lines.Length);
        foreach (var (model, line) in BuiltinModels.All.Zip(lines))
        {
            Assert.StartsWith(model.Name + " ", line);
            Assert.EndsWith(model.Description, line);
        }
    }

    [Fact]
    public void ShowPrintsTheModelFileWhichLoadsBackToTheSameModel()
    {
        var (code, output, _) = Run("models", "show", "Izhikevich2007");
        Assert.Equal(0, code);
        Assert.Contains("C * dv/dt = k*(v - v_r)*(v - v_t) - u + I_v : init = v_r", output);
        var model = NeuroFit.Models.Files.ModelFile.Parse(output, "shown.yaml").Model;
        Assert.Equal(BuiltinModels.Izhikevich2007(), model);
    }

    [Fact]
    public void ShowOfAnUnknownModelIsAUserError()
    {
        var (code, _, error) = Run("models", "show", "izhikevich2007");
        Assert.Equal(NeuroFitCommand.UserErrorExitCode, code);
        Assert.Equal("neurofit: no built-in model 'izhikevich2007'; did you mean 'Izhikevich2007'?", error.Trim());
        Assert.Equal(NeuroFitCommand.UserErrorExitCode, Run("models", "show").Code);
    }
}
