using NeuroFit.Cli;

namespace NeuroFit.Cli.Tests;

public class HelpTests
{
    [Fact]
    public void HelpDescribesTheTool()
    {
        var output = new StringWriter();
        var code = NeuroFitCommand.Run(["--help"], output, new StringWriter());
        Assert.Equal(0, code);
        Assert.Contains("NeuroFit", output.ToString());
    }
}
