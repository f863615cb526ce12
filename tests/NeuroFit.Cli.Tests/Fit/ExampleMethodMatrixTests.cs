using NeuroFit.Config;

namespace NeuroFit.Cli.Tests.Fit;

/// <summary>Every shipped example runs with every method on a small budget (issue 15: a newcomer tries
/// <c>--method X</c> on an example and must not meet an error).</summary>
public class ExampleMethodMatrixTests
{
    public static IEnumerable<object[]> Cases() =>
        from example in new[] { "adex-spikes", "from-data", "from-neuron", "izhikevich-trace", "leaky-integrator-rate" }
        from method in FitConfigLoader.Methods
        select new object[] { example, method };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryExampleFitsWithEveryMethodOnASmallBudget(string example, string method)
    {
        var output = Directory.CreateTempSubdirectory("neurofit-matrix-").FullName;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var config = Path.Combine(ExamplesTests.ExamplesDirectory(), example, "config.yaml");
            var code = NeuroFitCommand.Run(["fit", config, "--method", method, "--max-evals", "60", "--seed", "1", "--out", output], stdout, stderr);
            Assert.True(code == 0, $"{example} with {method}: exit {code}: {stderr}");
            Assert.True(File.Exists(Path.Combine(output, "results.json")), $"{example} with {method}: no results.json");
            Assert.Contains($"method {method}", stdout.ToString());
        }
        finally { FitFixtures.Delete(output); }
    }
}
