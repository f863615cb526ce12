using System.Text.Json;
using NeuroFit.Results;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Cli.Tests.Fit;

public class FitCommandTests
{
    [Fact]
    public void JsonOutputIsOneObjectWithTheIssueFields()
    {
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "fit", "CONFIG", "--json", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            using var json = JsonDocument.Parse(output); // throws unless stdout is exactly one JSON value
            var root = json.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal(["a", "b"], root.GetProperty("best").EnumerateObject().Select(p => p.Name));
            Assert.Equal(0.8, root.GetProperty("best").GetProperty("a").GetDouble(), 0.01);
            Assert.Equal(2.0, root.GetProperty("best").GetProperty("b").GetDouble(), 0.01);
            Assert.True(root.GetProperty("loss").GetDouble() < 0.05);
            var evaluations = root.GetProperty("evaluations").GetInt32();
            Assert.InRange(evaluations, 1, 300);
            Assert.Equal(0, root.GetProperty("failed").GetInt32());
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            Assert.Equal(Path.Combine(dir, "run"), root.GetProperty("output").GetString());
            Assert.Contains("evaluations", error); // progress went to stderr
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void TheRunFolderHoldsJsonNpzFiguresConfigAndReport()
    {
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.SpikeConfig, FitFixtures.SpikeFiles(), "fit", "CONFIG", "--out", "DIR/run", "--seed", "3");
        var run = Path.Combine(dir, "run");
        try
        {
            Assert.True(code == 0, error);
            foreach (var file in new[] { "results.json", "results.npz", "results_loss_history.svg", "results_loss_history.png", "results_convergence.svg", "results_convergence.png", "results_chunk0_v.svg", "config.yaml", "report.html" })
                Assert.True(File.Exists(Path.Combine(run, file)), $"{file} missing; folder: {string.Join(", ", Directory.GetFiles(run).Select(Path.GetFileName))}");

            var summary = FitSummary.FromJson(File.ReadAllText(Path.Combine(run, "results.json")));
            Assert.Equal(3UL, summary.Seed);
            Assert.Equal(["C", "k"], summary.Best.Select(p => p.Name));
            Assert.Equal(12, summary.Evaluations);
            Assert.Contains("report.html", summary.Files);
            Assert.Equal(2, summary.AllLoss.Count); // one weighted value per loss term
            Assert.Equal(["rmse v", "van_rossum 5"], summary.LossTerms); // and what each is
            Assert.Equal("mV", summary.Units["v"]); // from the built-in model's comments
            Assert.Equal("pF", summary.Units["C"]);
            Assert.Equal(64, summary.Scale!.RandomCount);
            Assert.Equal(2, summary.Scale.CentreComponents.Count);
            Assert.Null(summary.Known); // no known.json, no target model
            Assert.Equal("the evaluation budget was used (12 evaluations)", summary.Stop);

            var npz = Npz.Read(Path.Combine(run, "results.npz"));
            Assert.Equal(500, npz["best/chunk0/model_neuron;v"].Shape[0]);
            Assert.Equal(500, npz["target/chunk0/data;v"].Shape[0]);
            Assert.True(npz.ContainsKey("target/chunk0/data;spike"));

            var html = File.ReadAllText(Path.Combine(run, "report.html"));
            Assert.Contains("src=\"data:image/svg+xml;base64,", html);
            Assert.Contains("<tr><td>C</td><td class=\"text\">pF</td>", html);
            Assert.Contains("<section id=\"loss-terms\">", html);
            Assert.Contains("<td>van_rossum 5</td>", html);
            Assert.Contains("v [mV] of the target", html);
            Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value),
                src => Assert.StartsWith("data:", src)); // self-contained: nothing loaded from files

            Assert.Contains("parameter", output);
            Assert.Contains($"loss terms (re-run): rmse v = ", output);
            Assert.Matches(@"\nC +pF +[0-9.]+ +50 +150\n", output); // unit column
            Assert.Contains("scale: centre of the bounds ", output);
            Assert.Contains("64 random candidates: best ", output);
            Assert.Contains($"report:  {Path.Combine(run, "report.html")}", output);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void WithRepeatsTheTableGivesTheSdOfTheBestLoss()
    {
        const string config = """
            model: {builtin: Izhikevich2007NoisyBase, set: {base_noise: 40, rate_base_noise: 200}}
            target: {model: {builtin: Izhikevich2007NoisyBase, set: {base_noise: 40, rate_base_noise: 200, C: 150}}}
            experiment:
              dt: 0.5
              record: [v]
              chunks:
                - [{duration: 100, set: {I_app: 50}}]
            loss: [{rmse: v}]
            parameters: {C: [50, 300]}
            num_rep_loss: 3
            max_evals: 6
            seed: 1
            """;
        var (code, output, error, dir) = FitFixtures.Run(config, new Dictionary<string, byte[]>(), "fit", "CONFIG", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            var summary = FitSummary.FromJson(File.ReadAllText(Path.Combine(dir, "run", "results.json")));
            Assert.NotNull(summary.Std);
            Assert.Contains($" ± {summary.Std!.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} (SD over repeats)", output);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void CommandLineOptionsOverrideTheConfig()
    {
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(),
            "fit", "CONFIG", "--json", "--out", "DIR/run", "--method", "random", "--max-evals", "7", "--seed", "5");
        try
        {
            Assert.True(code == 0, error);
            Assert.Equal(7, JsonDocument.Parse(output).RootElement.GetProperty("evaluations").GetInt32());
            var summary = FitSummary.FromJson(File.ReadAllText(Path.Combine(dir, "run", "results.json")));
            Assert.Equal("random", summary.Method);
            Assert.Equal(5UL, summary.Seed);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void AValueAtABoundIsFlaggedInTheTableAndTheJson()
    {
        // The data need a = 0.8; a range ending at 0.5 leaves the best a at its upper bound.
        var config = FitFixtures.RateConfig.Replace("a: [-50, 100]", "a: [-5, 0.5]");
        var (code, output, error, dir) = FitFixtures.Run(config, FitFixtures.RateFiles(), "fit", "CONFIG", "--out", "DIR/run");
        var (_, json, _, dir2) = FitFixtures.Run(config, FitFixtures.RateFiles(), "fit", "CONFIG", "--out", "DIR/run", "--json");
        try
        {
            Assert.True(code == 0, error);
            var row = output.Split('\n').Single(l => l.StartsWith("a ", StringComparison.Ordinal));
            Assert.Contains("at a bound", row);
            Assert.DoesNotContain("at a bound", output.Split('\n').Single(l => l.StartsWith("b ", StringComparison.Ordinal)));
            Assert.Equal(["a"], JsonDocument.Parse(json).RootElement.GetProperty("at_bound").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            FitFixtures.Delete(dir);
            FitFixtures.Delete(dir2);
        }
    }

    [Fact]
    public void TheDefaultRunFolderIsNamedAfterTheConfig()
    {
        var config = FitFixtures.RateConfig.Replace("seed: 1", "seed: 1\nname: demo-fit");
        var cwd = Directory.GetCurrentDirectory();
        var (code, output, error, dir) = FitFixtures.Run(config, FitFixtures.RateFiles(), "fit", "CONFIG", "--json", "--max-evals", "6", "--out", "DIR/runs/x");
        try
        {
            Assert.True(code == 0, error);
            Assert.EndsWith(Path.Combine("runs", "x"), JsonDocument.Parse(output).RootElement.GetProperty("output").GetString());
            var name = NeuroFit.ConfigFit.ConfiguredFit.DefaultOutputDirectory(NeuroFit.Config.FitConfigLoader.Load(Path.Combine(dir, "config.yaml")), new DateTime(2025, 3, 4, 5, 6, 7));
            Assert.Equal(Path.Combine("runs", "demo-fit-20250304-050607"), name);
            Assert.Equal(cwd, Directory.GetCurrentDirectory());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void OutIntoTheConfigsOwnFolderIsRefusedAndNeverOverwritesTheConfig()
    {
        // --out next to config.yaml used to crash with an IOException stack trace copying the config onto itself; --out
        // into a folder of someone else's files would have overwritten their config.yaml and mixed the run into them
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "3", "--out", "DIR");
        try
        {
            Assert.Equal(2, code);
            Assert.Contains($"output: the run folder {dir} already holds files that are not a NeuroFit run ('chunk0.csv')", error);
            Assert.DoesNotContain("   at ", error);
            Assert.Equal(FitFixtures.RateConfig, File.ReadAllText(Path.Combine(dir, "config.yaml")));
            Assert.False(File.Exists(Path.Combine(dir, "results.json")));
            // an earlier run's folder is resumed, and its own config.yaml may be the config given
            var run = Path.Combine(dir, "run");
            Assert.Equal(0, NeuroFitCommand.Run(["fit", Path.Combine(dir, "config.yaml"), "--max-evals", "3", "--out", run], new StringWriter(), new StringWriter()));
            File.WriteAllText(Path.Combine(run, "config.yaml"), FitFixtures.RateConfig.Replace("file: chunk", $"file: {dir}/chunk"));
            var stderr = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["fit", Path.Combine(run, "config.yaml"), "--max-evals", "6", "--out", run], new StringWriter(), stderr));
            Assert.Contains("/chunk0.csv", File.ReadAllText(Path.Combine(run, "config.yaml")));
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void ARunKilledWhileWritingItsFilesIsFinishedByTheSameCommand()
    {
        // a fit with --storage elsewhere, killed (kill -9) after results.npz and the figures but before results.json,
        // left a folder that the same command then refused as "files that are not a NeuroFit run ('results.npz')"
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(),
            "fit", "CONFIG", "--max-evals", "6", "--storage", "sqlite:DIR/s.db", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            var run = Path.Combine(dir, "run");
            foreach (var name in new[] { "results.json", "report.html", "config.yaml" }) File.Delete(Path.Combine(run, name));
            Assert.True(File.Exists(Path.Combine(run, "results.npz")));
            Assert.Contains(Directory.GetFiles(run), f => Path.GetFileName(f).StartsWith("results_", StringComparison.Ordinal));
            var stderr = new StringWriter();
            var args = new[] { "fit", Path.Combine(dir, "config.yaml"), "--max-evals", "6", "--storage", $"sqlite:{dir}/s.db", "--out", run };
            Assert.Equal(0, NeuroFitCommand.Run(args, new StringWriter(), stderr));
            Assert.Equal("", stderr.ToString());
            Assert.True(File.Exists(Path.Combine(run, "results.json")));
            // a folder with someone else's file beside such files is still refused
            foreach (var name in new[] { "results.json", "report.html", "config.yaml" }) File.Delete(Path.Combine(run, name));
            File.WriteAllText(Path.Combine(run, "notes.txt"), "mine");
            stderr = new StringWriter();
            Assert.Equal(2, NeuroFitCommand.Run(args, new StringWriter(), stderr));
            Assert.Contains("already holds files that are not a NeuroFit run ('notes.txt')", stderr.ToString());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void SbiSamplingKeysAreCheckedAndNotedForOtherMethods()
    {
        var bad = FitFixtures.RateConfig.Replace("method: cmaes", "method: sbi\nmethod_options: {sbi_sampling: rejection}");
        var (code, _, error, dir) = FitFixtures.Run(bad, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "20", "--out", "DIR/run");
        FitFixtures.Delete(dir);
        Assert.Equal(2, code);
        Assert.Contains("method_options.sbi_sampling", error);
        Assert.Contains("expected direct, mcmc or auto, got 'rejection'", error);
        var seconds = FitFixtures.RateConfig.Replace("method: cmaes", "method: cmaes\nmethod_options: {sbi_sampling: mcmc, sbi_sampling_seconds: 30}");
        (code, var output, error, dir) = FitFixtures.Run(seconds, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "6", "--out", "DIR/run");
        FitFixtures.Delete(dir);
        Assert.True(code == 0, error);
        Assert.Contains("method_options.sbi_sampling(_seconds) is an option of sbi; method cmaes does not use it", output);
    }

    [Fact]
    public void SbiStatisticsIsCheckedAndNotedForOtherMethods()
    {
        var bad = FitFixtures.RateConfig.Replace("method: cmaes", "method: sbi\nmethod_options: {sbi_statistics: features}");
        var (code, _, error, dir) = FitFixtures.Run(bad, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "20", "--out", "DIR/run");
        FitFixtures.Delete(dir);
        Assert.Equal(2, code);
        Assert.Contains("method_options.sbi_statistics", error);
        Assert.Contains("got 'features'", error);
        var other = FitFixtures.RateConfig.Replace("method: cmaes", "method: cmaes\nmethod_options: {sbi_statistics: none}");
        (code, var output, error, dir) = FitFixtures.Run(other, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "6", "--out", "DIR/run");
        FitFixtures.Delete(dir);
        Assert.True(code == 0, error);
        Assert.Contains("method_options.sbi_statistics is an option of sbi; method cmaes does not use it", output);
    }

    [Fact]
    public void MethodOptionsOfAnotherMethodGetANoteInsteadOfVanishing()
    {
        // sigma0 (CMA-ES) and sbi_rounds (sbi) given to another method were dropped without a word
        var config = FitFixtures.RateConfig.Replace("method: cmaes", "method: cmaes\nmethod_options: {sigma0: 0.5, sbi_rounds: 2}");
        var (code, output, error, dir) = FitFixtures.Run(config, FitFixtures.RateFiles(), "fit", "CONFIG", "--max-evals", "6", "--method", "random", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            Assert.Contains("note: method_options.sigma0 is an option of cmaes and deap; method random does not use it", output);
            Assert.Contains("note: method_options.sbi_rounds is an option of sbi; method random does not use it", output);
            Assert.Contains("method random does not use it", File.ReadAllText(Path.Combine(dir, "run", "results.json")));
            var stdout = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["fit", Path.Combine(dir, "config.yaml"), "--max-evals", "6", "--out", Path.Combine(dir, "run2")], stdout, new StringWriter()));
            Assert.DoesNotContain("sigma0 is an option", stdout.ToString());
            Assert.Contains("note: method_options.sbi_rounds is an option of sbi; method cmaes does not use it", stdout.ToString());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void SeedsAboveTwoToTheThirtyOneRunAndAreReportedAsGiven()
    {
        // a config seed of 2^31 was "expected a whole number, got '2147483648'"; --seed 2^63 printed "seed -9223372036854775808"
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig.Replace("seed: 1", "seed: 2147483648"), FitFixtures.RateFiles(),
            "fit", "CONFIG", "--max-evals", "3", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            Assert.Contains("seed 2147483648", output);
            Assert.Contains("\"seed\": 2147483648,", File.ReadAllText(Path.Combine(dir, "run", "results.json")));
            var stdout = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["fit", Path.Combine(dir, "config.yaml"), "--max-evals", "3", "--seed", "9223372036854775807", "--out", Path.Combine(dir, "run2")], stdout, new StringWriter()));
            Assert.Contains("seed 9223372036854775807", stdout.ToString());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void AKnownJsonBesideTheConfigGivesTrueValuesAndErrorsInTheTableTheResultsAndTheReport()
    {
        var files = new Dictionary<string, byte[]>(FitFixtures.RateFiles())
        {
            ["known.json"] = System.Text.Encoding.UTF8.GetBytes("""{"parameters": {"a": 0.8, "b": 2.0}, "relative_tolerance": 0.02}"""),
        };
        var (code, output, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, files, "fit", "CONFIG", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            Assert.Matches(@"parameter +best +true +error +lower +upper", output);
            Assert.Matches(@"\na +0\.[78]\d* +0\.8 +(< )?[0-9.]+ % +-50 +100\n", output);
            Assert.Contains("Both known parameters are within 2 % of the true values (known.json;", output);
            Assert.Contains("The loss of the true parameters is 0", output); // the target data are exact
            var summary = FitSummary.FromJson(File.ReadAllText(Path.Combine(dir, "run", "results.json")));
            Assert.Equal("known.json", summary.Known!.Source);
            Assert.Equal([0.8, 2.0], summary.Known.Parameters.Select(p => p.True));
            Assert.All(summary.Known.Parameters, p => Assert.True(p.WithinTolerance));
            Assert.Equal(0, summary.Scale!.TrueLoss!.Value, 9);
            var html = File.ReadAllText(Path.Combine(dir, "run", "report.html"));
            Assert.Contains("Fitted parameters against the true values", html);
            Assert.Contains("<th>true</th><th>error</th>", html);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void AMalformedKnownJsonIsAOneLineMistakeNamingIt()
    {
        var files = new Dictionary<string, byte[]>(FitFixtures.RateFiles()) { ["known.json"] = System.Text.Encoding.UTF8.GetBytes("""{"parameters": {"a": "x"}}""") };
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, files, "fit", "CONFIG", "--out", "DIR/run");
        try
        {
            Assert.Equal(2, code);
            Assert.Contains($"{Path.Combine(dir, "known.json")}: parameters.a: expected a finite number, got \"x\"", error);
            Assert.False(Directory.Exists(Path.Combine(dir, "run")));
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void ReportRewritesTheHtmlOfARunFolder()
    {
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "fit", "CONFIG", "--json", "--max-evals", "6", "--out", "DIR/run");
        try
        {
            Assert.True(code == 0, error);
            var run = Path.Combine(dir, "run");
            File.Delete(Path.Combine(run, "report.html"));
            var stdout = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["report", run], stdout, new StringWriter()));
            Assert.Equal(Path.Combine(run, "report.html"), stdout.ToString().Trim());
            Assert.Contains("results_chunk1_r.svg", File.ReadAllText(Path.Combine(run, "report.html")));
            // the run's results.json stands for its folder; another file is a clear error
            File.Delete(Path.Combine(run, "report.html"));
            stdout = new StringWriter();
            Assert.Equal(0, NeuroFitCommand.Run(["report", Path.Combine(run, "results.json")], stdout, new StringWriter()));
            Assert.Equal(Path.Combine(run, "report.html"), stdout.ToString().Trim());
            var stderr = new StringWriter();
            Assert.Equal(2, NeuroFitCommand.Run(["report", Path.Combine(run, "config.yaml")], new StringWriter(), stderr));
            Assert.Contains("config.yaml: is a file; give the run folder", stderr.ToString());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Theory]
    [InlineData("missing", "no such run folder")]
    [InlineData("empty", "not a NeuroFit run folder")]
    [InlineData("corrupt", "not a NeuroFit results file")]
    public void ReportOfABadFolderExitsWithTwo(string kind, string problem)
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-report-").FullName;
        try
        {
            var run = kind == "missing" ? Path.Combine(dir, "nothing") : dir;
            if (kind == "corrupt") File.WriteAllText(Path.Combine(dir, "results.json"), "{ not json");
            var stderr = new StringWriter();
            Assert.Equal(2, NeuroFitCommand.Run(["report", run], new StringWriter(), stderr));
            Assert.Contains(problem, stderr.ToString());
            Assert.DoesNotContain("   at ", stderr.ToString());
        }
        finally { FitFixtures.Delete(dir); }
    }
}
