using NeuroFit.Cli;

namespace NeuroFit.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("neurofit-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = NeuroFitCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void PrintsParametersVariablesBlocksAndMethods()
    {
        var path = Write("izh.yaml", """
            name: Izh
            parameters: |
              a = 0.02
              b = 0.2 : population
            equations: |
              I = 10.0
              dv/dt = 0.04*v^2 + 5*v + 140 - u + I : init = -65
              du/dt = a*(b*v - u) : midpoint
            spike: v >= 30
            reset: |
              v = -65
              u += 8
            """);
        var (code, output, error) = Run("check", path);
        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("model Izh (spiking)", output);
        Assert.Contains("parameters (2):", output);
        Assert.Matches(@"\n  b\s+= 0\.2\s+float\s+global\n", output);
        Assert.Matches(@"\n  u\s+ODE, midpoint\s", output);
        Assert.Contains("ODE block, updated together from the values at its start [v: explicit, u: midpoint]", output);
        Assert.Contains("du/dt = a * (b * v - u)", output);
        Assert.Contains("reset: v = -65; u = u + 8", output);
        Assert.EndsWith($"{path}: ok\n", output);
    }

    [Fact]
    public void ABrokenFileGivesOneLineWithFileLineAndColumnAndExitCode2()
    {
        var path = Write("broken.yaml", "name: B\nparameters: |\n  tau = 10.0\nequations: |\n  tau*dv/dt = -v\n  r = 2v\n");
        var (code, output, error) = Run("check", path);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{path}:6:8: error NF1003: ", line);
    }

    [Theory]
    [InlineData("equations: |\n  dv/dt = -v\n", "NF1116", 2)]
    [InlineData("equations: [\n", "NF1201", 2)]
    [InlineData("equation: |\n  r = 1\n", "NF1202", 1)]
    public void FileLevelMistakesAreOneLineToo(string yaml, string id, int line)
    {
        var path = Write("m.yaml", yaml);
        var (code, _, error) = Run("check", path);
        Assert.Equal(2, code);
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(path)}:{line}:\d+: error {id}: [^\n]+\n$", error);
    }

    [Fact]
    public void MissingFileIsAUserError()
    {
        var (code, _, error) = Run("check", Path.Combine(_directory, "nope.yaml"));
        Assert.Equal(2, code);
        Assert.EndsWith("nope.yaml: error: no such file\n", error);
    }

    [Fact]
    public void ShippedExamplesCheckAndTheBrokenOneFailsWhereItsCommentSays()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "NeuroFit.sln"))) root = Path.GetDirectoryName(root)!;
        var examples = Directory.GetFiles(Path.Combine(root, "examples", "models"), "*.yaml");
        Assert.True(examples.Length >= 4);
        foreach (var example in examples)
        {
            var (code, _, error) = Run("check", example);
            if (Path.GetFileName(example) == "broken.yaml")
            {
                Assert.Equal(2, code);
                Assert.Contains("broken.yaml:9:38: error NF1003:", error);
                Assert.Contains("broken.yaml:9:38: error NF1003:", File.ReadAllText(example));
            }
            else
            {
                Assert.True(code == 0, $"{example}: {error}");
            }
        }
    }
}
