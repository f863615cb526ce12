using System.Globalization;
using System.Text.Json;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Data;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Cli.Tests.Fit;

/// <summary>
/// The shipped examples (examples/*): each config runs through <c>neurofit fit</c> and recovers the parameters of its
/// known.json within the tolerance stated there; the data files are what the known parameters produce.
/// </summary>
public class ExamplesTests
{
    internal static string ExamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NeuroFit.sln")) && Directory.Exists(Path.Combine(dir.FullName, "examples")))
                return Path.Combine(dir.FullName, "examples");
        throw new DirectoryNotFoundException("no examples/ folder above the test binaries");
    }

    private sealed record Known(Dictionary<string, double> Parameters, double RelativeTolerance, double AbsoluteTolerance, double NoiseSd);

    private static Known ReadKnown(string example)
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(ExamplesDirectory(), example, "known.json"))).RootElement;
        return new Known(
            root.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()),
            root.GetProperty("relative_tolerance").GetDouble(),
            root.TryGetProperty("absolute_tolerance", out var a) ? a.GetDouble() : 0,
            root.TryGetProperty("noise_sd", out var n) ? n.GetDouble() : 0);
    }

    private static void AssertRecovers(string example, int? seed = null)
    {
        var known = ReadKnown(example);
        var output = Directory.CreateTempSubdirectory("neurofit-example-").FullName;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            string[] args = ["fit", Path.Combine(ExamplesDirectory(), example, "config.yaml"), "--json", "--out", output];
            var code = NeuroFitCommand.Run(seed is { } s ? [.. args, "--seed", s.ToString(CultureInfo.InvariantCulture)] : args, stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            var best = JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("best");
            Assert.Equal(known.Parameters.Keys.Order(), best.EnumerateObject().Select(p => p.Name).Order());
            foreach (var (name, expected) in known.Parameters)
            {
                var value = best.GetProperty(name).GetDouble();
                var tolerance = Math.Max(known.RelativeTolerance * Math.Abs(expected), known.AbsoluteTolerance);
                Assert.True(Math.Abs(value - expected) <= tolerance, $"{example}: {name} = {value}, known {expected} ± {tolerance}");
            }
            Assert.True(File.Exists(Path.Combine(output, "report.html")));
        }
        finally { FitFixtures.Delete(output); }
    }

    [Theory]
    [InlineData("from-data")]
    [InlineData("from-neuron")]
    public void FastExamplesRecoverTheirKnownParameters(string example) => AssertRecovers(example);

    [Theory]
    [Trait("Category", "slow")]
    [InlineData("izhikevich-trace")]
    [InlineData("adex-spikes")]
    [InlineData("leaky-integrator-rate")]
    public void SlowExamplesRecoverTheirKnownParameters(string example) => AssertRecovers(example);

    /// <summary>Issue 15: with <c>--seed 1</c> the first version of the README's example missed b by 14 %. Seed 0 is the
    /// seed with the largest b error measured (4.5 %), seed 1 the one reported.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TheReadmesExampleRecoversItsParametersWithOtherSeeds(int seed) => AssertRecovers("izhikevich-trace", seed);

    [Fact]
    public void SbiInSeedModeRunsOnTheReadmesExampleWhereDirectPosteriorSamplingFails()
    {
        // issue 15: the README's example stopped at 439/3000 with "only 0 of 10000 draws fell inside the prior support"
        var output = Directory.CreateTempSubdirectory("neurofit-example-").FullName;
        try
        {
            var config = SeedModeCopyOfTheReadmesExample(output);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = NeuroFitCommand.Run(["fit", config, "--method", "sbi", "--max-evals", "3000", "--out", Path.Combine(output, "run")], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            Assert.Contains("seed mode (x = loss, x_o = 0)", stdout.ToString());
            Assert.Contains("drawn by slice-sampling MCMC restricted to the bounds", stdout.ToString());
            Assert.True(File.Exists(Path.Combine(output, "run", "report.html")));
        }
        finally { FitFixtures.Delete(output); }
    }

    /// <summary>izhikevich-trace with <c>method_options: {sbi_statistics: none}</c>, written to <paramref name="folder"/>
    /// with absolute data paths.</summary>
    private static string SeedModeCopyOfTheReadmesExample(string folder)
    {
        var example = Path.Combine(ExamplesDirectory(), "izhikevich-trace");
        var text = File.ReadAllText(Path.Combine(example, "config.yaml"));
        foreach (var file in Directory.GetFiles(example, "*.csv"))
            text = text.Replace($"file: {Path.GetFileName(file)}", $"file: '{file}'", StringComparison.Ordinal);
        text += "method_options: {sbi_statistics: none}\n";
        var path = Path.Combine(folder, "seed-mode.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Issue 15: sbi on the README's example, judged by sbi's stated tolerance (examples/izhikevich-trace/README.md).
    /// With the default statistics (derived from the loss terms, the data's noise given to the candidates) and 10,000
    /// simulations the central 95 % posterior interval holds every true parameter and the MAP is within 10 % (seeds 0–8
    /// measured: intervals holding the truth in all; MAP C, k, d within 3 %, b 1.9–8.6 %, its interval ±18 % wide).</summary>
    [Fact]
    public void SbiRecoversTheReadmesExampleFromStatisticsOfItsLossTerms()
    {
        var known = ReadKnown("izhikevich-trace");
        var output = Directory.CreateTempSubdirectory("neurofit-example-").FullName;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = NeuroFitCommand.Run(["fit", Path.Combine(ExamplesDirectory(), "izhikevich-trace", "config.yaml"), "--method", "sbi",
                "--max-evals", "10000", "--json", "--out", output], stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            var best = JsonDocument.Parse(stdout.ToString()).RootElement.GetProperty("best");
            var samples = Npz.Read(Path.Combine(output, "results.npz"))["posterior_samples"];
            Assert.Equal([10_000, 4], samples.Shape);
            var values = (double[])samples.Data;
            var names = best.EnumerateObject().Select(p => p.Name).ToList();
            foreach (var (name, expected) in known.Parameters)
            {
                var value = best.GetProperty(name).GetDouble();
                Assert.True(Math.Abs(value - expected) <= 0.10 * Math.Abs(expected), $"{name} = {value}, known {expected} ± 10 %");
                var j = names.IndexOf(name);
                var column = Enumerable.Range(0, 10_000).Select(i => values[i * 4 + j]).Order().ToArray();
                Assert.InRange(expected, column[250], column[9_750]);
            }
            var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json"))).RootElement;
            Assert.Contains(results.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("sbi statistics from the loss terms", StringComparison.Ordinal));
        }
        finally { FitFixtures.Delete(output); }
    }

    [Fact]
    public void TheReadmesConfigBlockIsTheIzhikevichTraceExampleFile()
    {
        var readme = File.ReadAllText(Path.Combine(ExamplesDirectory(), "..", "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var file = File.ReadAllText(Path.Combine(ExamplesDirectory(), "izhikevich-trace", "config.yaml")).ReplaceLineEndings("\n");
        Assert.Equal(file, block);
        Assert.Contains("This is `examples/izhikevich-trace/config.yaml`", readme);
    }

    [Fact]
    public void EveryExampleHasAConfigKnownParametersAndAReadmeStatingThem()
    {
        var examples = Directory.GetDirectories(ExamplesDirectory()).Where(d => File.Exists(Path.Combine(d, "config.yaml"))).Select(Path.GetFileName).ToList();
        Assert.Equal(["adex-spikes", "from-data", "from-neuron", "izhikevich-trace", "leaky-integrator-rate"], examples.Order());
        foreach (var example in examples)
        {
            var known = ReadKnown(example!);
            var readme = File.ReadAllText(Path.Combine(ExamplesDirectory(), example!, "README.md"));
            Assert.Contains("Known parameters:", readme);
            Assert.Contains($"Tolerance: {known.RelativeTolerance * 100:0} %", readme);
            Assert.Contains($"./neurofit fit examples/{example}/config.yaml", readme);
        }
    }

    /// <summary>The committed data are the experiment simulated with the known parameters (plus the stated noise).</summary>
    [Theory]
    [InlineData("izhikevich-trace")]
    [InlineData("adex-spikes")]
    [InlineData("leaky-integrator-rate")]
    public void GeneratedDataComeFromTheKnownParameters(string example)
    {
        var known = ReadKnown(example);
        var config = FitConfigLoader.Load(Path.Combine(ExamplesDirectory(), example, "config.yaml"));
        var simulated = ConfigSimulation.Run(config, known.Parameters);
        var target = Assert.IsType<DataTargetSpec>(config.Target);
        foreach (var trace in target.Traces)
        {
            var data = TraceImport.ReadCsv(config.Resolve(trace.File), new TraceRequest(trace.Variable));
            var model = simulated.Sweeps[trace.Chunk].Traces[trace.Variable];
            Assert.Equal(model.Length, data.Count);
            var residual = data.Values.Select((v, i) => v - model[i]).ToArray();
            if (known.NoiseSd == 0)
            {
                Assert.All(residual, r => Assert.Equal(0, r));
                continue;
            }
            var mean = residual.Average();
            var sd = Math.Sqrt(residual.Sum(r => (r - mean) * (r - mean)) / residual.Length);
            Assert.InRange(mean, -4 * known.NoiseSd / Math.Sqrt(residual.Length), 4 * known.NoiseSd / Math.Sqrt(residual.Length));
            Assert.InRange(sd, 0.95 * known.NoiseSd, 1.05 * known.NoiseSd);
        }
        foreach (var spikes in target.Spikes)
        {
            var data = SpikeImport.Read(config.Resolve(spikes.File));
            var model = simulated.Sweeps[spikes.Chunk].SpikeTimesMs!;
            Assert.Equal(model.Count, data.Length);
            for (var i = 0; i < data.Length; i++) Assert.Equal(model[i], data[i], 1e-9);
        }
    }
}
