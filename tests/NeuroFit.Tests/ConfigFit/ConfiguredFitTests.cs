using System.Globalization;
using System.Text;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Simulation.IO;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

public class ConfiguredFitTests
{
    private const string RateModel = """
        model:
          name: simple
          parameters: |
            I_app = 0
            a = 0
            b = 0
          equations: |
            r = a*I_app + b
        """;

    private static string Experiment(string period = "") => $"""
        experiment:
          dt: 0.5
          record: [r]{period}
          chunks:
            - [{"{"}duration: 10, set: {"{"}I_app: 0{"}}"}, {"{"}duration: 10, set: {"{"}I_app: 5{"}}"}]
        loss: [{"{"}rmse: r{"}"}]
        parameters:
          a: [-10, 10]
          b: [-10, 10]
        max_evals: 400
        seed: 2
        """;

    /// <summary>r of a = 0.8, b = 2 at time t (ms): 2 before 10 ms, 6 after.</summary>
    private static double Truth(double t) => t < 10 - 1e-9 ? 2 : 6;

    private static ConfiguredFitResult Fit(TempFiles files, string target, string period = "")
    {
        var path = files.Write("config.yaml", $"{RateModel}\n{target}\n{Experiment(period)}");
        return ConfiguredFit.Prepare(FitConfigLoader.Load(path)).Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") });
    }

    private static void AssertRecovered(ConfiguredFitResult fit)
    {
        Assert.Equal(0.8, fit.Result.Best["a"], 1e-4);
        Assert.Equal(2.0, fit.Result.Best["b"], 1e-4);
    }

    [Fact]
    public void AFloat32NpyTraceWithDtIsFitted()
    {
        using var files = new TempFiles();
        Npy.Write(files.Path("r.npy"), NpyArray.FromVector(Enumerable.Range(0, 40).Select(i => (float)Truth(i * 0.5)).ToArray()));
        AssertRecovered(Fit(files, "target: {data: {file: r.npy, variable: r, dt: 0.5}}"));
    }

    [Fact]
    public void ATraceInVoltsWithTimesInSecondsIsFittedWithScaleAndTimeUnit()
    {
        // the same data as everywhere here, written as a CompNeuroPy user with SI units might: t in s, r in thousandths
        using var files = new TempFiles();
        var csv = new StringBuilder("t,r\n");
        for (var i = 0; i < 40; i++) csv.Append(CultureInfo.InvariantCulture, $"{i * 0.0005},{Truth(i * 0.5) / 1000}\n");
        files.Write("r.csv", csv.ToString());
        var unscaled = Assert.Throws<ConfigException>(() => Fit(files, "target: {data: {file: r.csv, variable: r}}"));
        Assert.Contains("the times look like seconds: give time_unit: s", unscaled.Message);
        AssertRecovered(Fit(files, "target: {data: {file: r.csv, variable: r, scale: 1000, time_unit: s}}"));
    }

    [Fact]
    public void SpikeTimesInSecondsAreReadWithTimeUnit()
    {
        using var files = new TempFiles();
        files.Write("spikes.csv", "t\n0.0105\n0.0302\n");
        var config = files.Write("config.yaml", """
            model: Izhikevich2007
            target: {spikes: {file: spikes.csv, time_unit: s}}
            experiment:
              dt: 0.1
              record: [spike]
              chunks: [[{duration: 50, set: {I_app: 80}}]]
            loss: [{van_rossum: 5}]
            parameters: {C: [50, 150]}
            """);
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(config));
        Assert.Equal([10.5, 30.2], fit.Data!.Sweeps[0].SpikeTimesMs!, (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void AHeaderlessOneColumnCsvWithWindowsLineEndingsIsFitted()
    {
        // the first value used to be taken as the column name, so the data lost a sample and did not match the chunk
        using var files = new TempFiles();
        files.Write("r.csv", string.Join("\r\n", Enumerable.Range(0, 40).Select(i => Truth(i * 0.5).ToString(CultureInfo.InvariantCulture))));
        AssertRecovered(Fit(files, "target: {data: {file: r.csv, variable: r, dt: 0.5}}"));
        var named = Assert.Throws<ConfigException>(() => Fit(files, "target: {data: {file: r.csv, variable: r, dt: 0.5, column: r}}"));
        Assert.Equal("target.data.column", named.KeyPath);
        Assert.Contains("no header line", named.Problem);
    }

    [Fact]
    public void ADtThatContradictsTheFilesOwnTimesIsAnError()
    {
        // dt: 0.25 beside a t column every 0.5 ms used to be ignored without a word
        using var files = new TempFiles();
        files.Write("r.csv", "t,r\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i * 0.5).ToString(CultureInfo.InvariantCulture)},{Truth(i * 0.5)}\n")));
        var e = Assert.Throws<ConfigException>(() => Fit(files, "target: {data: {file: r.csv, variable: r, dt: 0.25}}"));
        Assert.Equal("target.data.dt", e.KeyPath);
        Assert.Contains("gives its own sample times, every 0.5 ms, but dt says 0.25 ms", e.Problem);
        AssertRecovered(Fit(files, "target: {data: {file: r.csv, variable: r, dt: 0.5}}")); // agreeing is fine
        Npz.Write(files.Path("r.npz"), [new("r", NpyArray.FromVector(Enumerable.Range(0, 40).Select(i => Truth(i * 0.5)).ToArray())), new("dt", NpyArray.Scalar(0.5))]);
        Assert.Equal("target.data.dt", Assert.Throws<ConfigException>(() => Fit(files, "target: {data: {file: r.npz, variable: r, dt: 1}}")).KeyPath);
    }

    [Fact]
    public void APeriodThatIsNotAMultipleOfDtIsNoted()
    {
        // period 0.75 at dt 0.5 records every 0.5 ms (ANNarchy's int(period/dt)); it did so without a word
        using var files = new TempFiles();
        Npy.Write(files.Path("r.npy"), NpyArray.FromVector(Enumerable.Range(0, 40).Select(i => Truth(i * 0.5)).ToArray()));
        var fit = Fit(files, "target: {data: {file: r.npy, variable: r, dt: 0.5}}", "\n  period: 0.75");
        const string note = "experiment.period 0.75 ms is not a multiple of dt (0.5 ms): samples are taken every 0.5 ms (int(period/dt) = 1 step, as ANNarchy)";
        Assert.Contains(note, ConfiguredFit.Prepare(FitConfigLoader.Load(files.Path("config.yaml"))).Notes); // printed before the fit
        Assert.Contains(note, NeuroFit.Results.FitSummary.FromJson(File.ReadAllText(Path.Combine(fit.OutputDirectory, "results.json"))).Notes);
        files.Write("config.yaml", File.ReadAllText(files.Path("config.yaml")).Replace("period: 0.75", "period: 1"));
        Assert.DoesNotContain(ConfiguredFit.Prepare(FitConfigLoader.Load(files.Path("config.yaml"))).Notes, n => n.Contains("experiment.period", StringComparison.Ordinal));
    }

    [Fact]
    public void AnNpzTraceTakesItsDtFromTheArchive()
    {
        using var files = new TempFiles();
        Npz.Write(files.Path("r.npz"), [new("r", NpyArray.FromVector(Enumerable.Range(0, 40).Select(i => Truth(i * 0.5)).ToArray())), new("dt", NpyArray.Scalar(0.5))]);
        AssertRecovered(Fit(files, "target: {data: {file: r.npz, variable: r}}"));
    }

    [Fact]
    public void DataAtAFinerIntervalAreResampledToTheRecordingPeriod()
    {
        // the data every 0.25 ms, recorded every 1 ms (period 1 at dt 0.5): samples at 0, 1, …, 19 ms
        using var files = new TempFiles();
        var csv = new StringBuilder("t,r\n");
        for (var i = 0; i < 80; i++) csv.Append(CultureInfo.InvariantCulture, $"{i * 0.25},{Truth(i * 0.25)}\n");
        files.Write("r.csv", csv.ToString());
        var fit = Fit(files, "target: {data: {file: r.csv, variable: r}}", "\n  period: 1");
        AssertRecovered(fit);
        var prepared = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Path("config.yaml")));
        Assert.Equal(20, prepared.Data!.Sweeps[0].Traces["r"].Length);
        Assert.Equal(1.0, prepared.Data.Sweeps[0].Dt);
    }

    [Fact]
    public void AMismatchedLengthNamesBothLengthsAndTheEntry()
    {
        using var files = new TempFiles();
        files.Write("r.csv", "t,r\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"{i * 0.5},2\n")));
        var path = files.Write("config.yaml", $"{RateModel}\ntarget: {{data: {{file: r.csv, variable: r}}}}\n{Experiment()}");
        var e = Assert.Throws<ConfigException>(() => ConfiguredFit.Prepare(FitConfigLoader.Load(path)));
        Assert.Equal("target.data", e.KeyPath);
        Assert.Contains("30 samples", e.Problem);
        Assert.Contains("40 samples", e.Problem);
    }

    [Fact]
    public void ATargetModelGivesTheLossComponentsPerTerm()
    {
        using var files = new TempFiles();
        var path = files.Write("config.yaml", $"""
            {RateModel}
            target:
              model:
                parameters: |
                  I_app = 0
                equations: |
                  r = 6*I_app + 1
            experiment:
              dt: 1
              record: [r]
              chunks:
                - [{"{"}duration: 4, set: {"{"}I_app: 1{"}}"}]
                - [{"{"}duration: 4, set: {"{"}I_app: 2{"}}"}]
            loss:
              - {"{"}rmse: r, chunk: 0{"}"}
              - {"{"}mse: r, weight: 0.5{"}"}
            parameters:
              a: 1
              b: [0, 10]
            method: random
            max_evals: 3
            """);
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(path)).Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") });
        var b = fit.Result.Best["b"];
        // candidate r = I_app + b against 6*I_app + 1: chunk 0 differs by |b - 6|, chunk 1 by |b - 11|
        Assert.Equal(2, fit.Result.AllLoss.Count);
        Assert.Equal(Math.Abs(b - 6), fit.Result.AllLoss[0], 9);
        Assert.Equal(0.5 * ((b - 6) * (b - 6) + (b - 11) * (b - 11)), fit.Result.AllLoss[1], 9);
        Assert.Equal(fit.Result.AllLoss.Sum(), fit.Result.RerunLoss, 9);
    }

    /// <summary>The config shape issue 7 gives (a helper dv and v_t computed from the model's own v_r), with v_r overridden and a short budget.</summary>
    private static readonly string HelperConfig = NeuroFit.Tests.Config.FitConfigLoaderTests.Valid
        .Replace("model: Izhikevich2007\n", "model: {builtin: Izhikevich2007, set: {v_r: -62}}\n")
        .Replace("max_evals: 1000", "max_evals: 12");

    [Fact]
    public void AHelperEntryAndTheModelsOwnParametersServeBoundExpressions()
    {
        using var files = new TempFiles();
        var path = files.Write("config.yaml", HelperConfig);
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(path))
            .Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run"), Storage = "memory" });
        Assert.Equal(-62 + fit.Result.Best["dv"], fit.Result.Parameters["v_t"], 12);
        Assert.Contains(fit.Result.Notes, n => n.Contains("'v_r' (-62)"));
    }

    [Fact]
    public void AnEntryThatIsNeitherAnAttributeNorUsedByAnExpressionIsAnError()
    {
        using var files = new TempFiles();
        var path = files.Write("config.yaml", HelperConfig.Replace("  dv: [0, 30]\n", "  dv: [0, 30]\n  Cm: [1, 2]\n"));
        var e = Assert.Throws<ConfigException>(() => ConfiguredFit.Prepare(FitConfigLoader.Load(path)));
        Assert.Equal("parameters.Cm", e.KeyPath);
        Assert.Contains("no parameter or variable 'Cm' (did you mean 'C'?)", e.Problem);
        var typo = files.Write("typo.yaml", HelperConfig.Replace("\"v_r + dv\"", "\"v_r + dvv\""));
        e = Assert.Throws<ConfigException>(() => ConfiguredFit.Prepare(FitConfigLoader.Load(typo)));
        Assert.Equal("parameters.v_t", e.KeyPath);
        Assert.Contains("uses 'dvv', neither given under parameters nor a parameter of model 'Izhikevich2007' (did you mean 'dv'?)", e.Problem);
    }

    [Fact]
    public void BuiltinOverridesAndModelFilesResolve()
    {
        using var files = new TempFiles();
        files.Write("m.yaml", "name: filed\nparameters: |\n  I_app = 0\n  g = 3\nequations: |\n  out = g*I_app\n  r = out\n");
        var path = files.Write("config.yaml", """
            model: {file: m.yaml, set: {g: 4}}
            target: {model: {builtin: Izhikevich2007, set: {C: 66.6}}}
            experiment: {dt: 1, record: [out], chunks: [[{duration: 2, set: {I_app: 1}}]]}
            loss: [{rmse: out}]
            parameters: {g: [0, 5]}
            """);
        var config = FitConfigLoader.Load(path);
        Assert.Equal([4.0, 4.0], ConfigSimulation.Run(config).Sweeps[0].Traces["out"]);
        // the target model is resolved too, and must record what the experiment records
        var e = Assert.Throws<ConfigException>(() => ConfiguredFit.Prepare(config));
        Assert.Equal("experiment.record[0]", e.KeyPath);
        Assert.Contains("Izhikevich2007", e.Problem);
    }

    [Fact]
    public void APopulationWideParameterForcesCandidatesOneAtATime()
    {
        using var files = new TempFiles();
        var path = files.Write("config.yaml", """
            model:
              parameters: |
                I_app = 0
                a = 0 : population
              equations: |
                r = a*I_app
            target: {model: {parameters: "I_app = 0", equations: "r = 3*I_app"}}
            experiment: {dt: 1, record: [r], chunks: [[{duration: 2, set: {I_app: 1}}]]}
            loss: [{rmse: r}]
            parameters: {a: [0, 5]}
            method_options: {batch_size: 4}
            """);
        var e = Assert.Throws<ConfigException>(() => ConfiguredFit.Prepare(FitConfigLoader.Load(path)));
        Assert.Equal("method_options.batch_size", e.KeyPath);
        File.WriteAllText(path, File.ReadAllText(path).Replace("method_options: {batch_size: 4}", "max_evals: 200"));
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(path));
        Assert.Contains(fit.Notes, n => n.Contains("one at a time"));
        Assert.Equal(3.0, fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") }).Result.Best["a"], 1e-4);
    }

    [Fact]
    public void ABadStorageInTheConfigIsReportedAtItsLine()
    {
        using var files = new TempFiles();
        var path = files.Write("config.yaml", $"{RateModel}\ntarget: {{model: {{parameters: \"I_app = 0\", equations: \"r = 0.8*I_app + 2\"}}}}\n{Experiment()}\nmethod_options:\n  storage: \"bogus:xyz\"\n");
        var e = Assert.Throws<ConfigException>(() =>
            ConfiguredFit.Prepare(FitConfigLoader.Load(path)).Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") }));
        Assert.Equal("method_options.storage", e.KeyPath);
        Assert.Equal(File.ReadAllLines(path).ToList().FindIndex(l => l.Contains("bogus")) + 1, e.Line);
        Assert.False(Directory.Exists(files.Path("run"))); // nothing left behind
    }

    [Fact]
    public void ASqliteStorageResumesTheStudy()
    {
        using var files = new TempFiles();
        files.Write("r.csv", "t,r\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i * 0.5).ToString(CultureInfo.InvariantCulture)},{Truth(i * 0.5)}\n")));
        var path = files.Write("config.yaml", $"{RateModel}\ntarget: {{data: {{file: r.csv, variable: r}}}}\n{Experiment()}\nmethod: random\nmethod_options: {{storage: \"sqlite:study.db\"}}".Replace("max_evals: 400", "name: resumable"));
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(path));
        var first = fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run1"), MaxEvals = 10 });
        Assert.Equal(10, first.Result.Evaluations);
        Assert.True(File.Exists(files.Path("study.db")), "the SQLite path is relative to the config file");
        var second = fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run2"), MaxEvals = 25 });
        Assert.Equal(25, second.Result.Evaluations);
        Assert.Contains(second.Result.Notes, n => n.Contains("resumed study 'resumable' with 10 finished trial"));
        Assert.Equal(first.Result.History.Select(h => h.Loss), second.Result.History.Take(10).Select(h => h.Loss));
    }

    [Fact]
    public void AStudyRunWithAnotherLossOrOtherDataIsNotResumed()
    {
        // resuming used to mix the stored trials' rmse values with the new mse values ("loss 58.4 (re-run 1706)")
        using var files = new TempFiles();
        files.Write("r.csv", "t,r\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{(i * 0.5).ToString(CultureInfo.InvariantCulture)},{Truth(i * 0.5)}\n")));
        var text = $"{RateModel}\ntarget: {{data: {{file: r.csv, variable: r}}}}\n{Experiment()}\nmethod: random\nname: same".Replace("max_evals: 400", "");
        var path = files.Write("config.yaml", text);
        ConfiguredFitResult Run(int evals) => ConfiguredFit.Prepare(FitConfigLoader.Load(path)).Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run"), MaxEvals = evals });
        Run(10);
        files.Write("config.yaml", "# a comment and another layout change nothing\n" + text.Replace("a: [-10, 10]", "a: [10, -10]"));
        Assert.Contains(Run(15).Result.Notes, n => n.Contains("resumed study 'same' with 10 finished trial"));
        files.Write("config.yaml", text.Replace("file: r.csv", $"file: {files.Path("r.csv")}")); // the same file, written another way
        Assert.Contains(Run(16).Result.Notes, n => n.Contains("resumed study 'same' with 15 finished trial"));
        files.Write("config.yaml", text.Replace("{rmse: r}", "{mse: r}"));
        var loss = Assert.Throws<ConfigException>(() => Run(20));
        Assert.Contains("study 'same'", loss.Message);
        Assert.Contains("was run with another model, target, experiment, loss or fixed parameters", loss.Message);
        files.Write("config.yaml", text);
        files.Write("r.csv", File.ReadAllText(files.Path("r.csv")).Replace("19.5,6", "19.5,7"));
        Assert.Throws<ConfigException>(() => Run(20));
        files.Write("r.csv", File.ReadAllText(files.Path("r.csv")).Replace("19.5,7", "19.5,6"));
        Assert.Equal(20, Run(20).Result.Evaluations);
        files.Write("config.yaml", text.Replace("b: [-10, 10]", "b: [-10, 10]\n  I_app: 1"));
        Assert.Throws<ConfigException>(() => Run(20));
    }
}
