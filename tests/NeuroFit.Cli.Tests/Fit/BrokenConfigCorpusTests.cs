using System.Text;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Cli.Tests.Fit;

/// <summary>
/// Broken configs and data files, each run through <c>neurofit fit</c>: exit code 2, one line on stderr naming the
/// config file, the key path of the offending entry and the problem, nothing on stdout, no stack trace.
/// </summary>
public class BrokenConfigCorpusTests
{
    private sealed record Case(bool Spiking, string Config, Action<Dictionary<string, byte[]>> Files, string KeyPath, string Problem);

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] NpyBytes(double[] values) => Npy.ToBytes(NpyArray.FromVector(values));

    private static byte[] NpzBytes(string key, double[] values)
    {
        using var stream = new MemoryStream();
        Npz.Write(stream, [new(key, NpyArray.FromVector(values))]);
        return stream.ToArray();
    }

    private static Case Rate(string old, string @new, string keyPath, string problem, Action<Dictionary<string, byte[]>>? files = null)
    {
        Assert.Contains(old, FitFixtures.RateConfig);
        return new Case(false, FitFixtures.RateConfig.Replace(old, @new), files ?? (_ => { }), keyPath, problem);
    }

    private static Case Spike(string old, string @new, string keyPath, string problem, Action<Dictionary<string, byte[]>>? files = null)
    {
        Assert.Contains(old, FitFixtures.SpikeConfig);
        return new Case(true, FitFixtures.SpikeConfig.Replace(old, @new), files ?? (_ => { }), keyPath, problem);
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // the config file itself
        ["duration not a number"] = Rate("{duration: 50, set: {I_app: 5}}", "{duration: abc}", "experiment.chunks[0].phases[1].duration", "expected a number"),
        ["negative duration"] = Rate("{duration: 50, set: {I_app: 10}}", "{duration: -5}", "experiment.chunks[1].phases[1].duration", "positive"),
        ["phase without duration"] = Rate("{duration: 50, set: {I_app: 10}}", "{set: {I_app: 10}}", "experiment.chunks[1].phases[1]", "missing 'duration'"),
        ["dt zero"] = Rate("dt: 1", "dt: 0", "experiment.dt", "positive"),
        ["period below dt"] = Rate("  dt: 1\n", "  dt: 1\n  period: 0.5\n", "experiment.period", "at least dt"),
        ["empty range"] = Rate("a: [-50, 100]", "a: [5, 5]", "parameters.a", "two different bounds"),
        ["range of three"] = Rate("a: [-50, 100]", "a: [1, 2, 3]", "parameters.a", "two numbers"),
        ["unknown method"] = Rate("method: cmaes", "method: annealing", "method", "unknown method"),
        ["zero evaluations"] = Rate("max_evals: 300", "max_evals: 0", "max_evals", "≥ 1"),
        ["unknown loss kind"] = Rate("- {rmse: r}", "- {rmsd: r}", "loss[0].rmsd", "unknown loss term"),
        ["negative weight"] = Rate("- {rmse: r}", "- {rmse: r, weight: -1}", "loss[0].weight", "≥ 0"),
        ["loss window after the end of a chunk"] = Rate("- {rmse: r}", "- {rmse: {variable: r, start: 100}}", "loss[0].rmse.start", "chunk 0 lasts 100 ms"),
        ["loss chunk out of range"] = Rate("- {rmse: r}", "- {rmse: r, chunk: 7}", "loss[0].chunk", "chunk 7 does not exist"),
        ["misspelt top-level key"] = Rate("seed: 1", "sed: 1", "sed", "unknown key (did you mean 'seed'?)"),
        ["missing target"] = Rate("target:\n  data:\n    - {file: chunk0.csv, variable: r, chunk: 0}\n    - {file: chunk1.csv, variable: r, chunk: 1}\n", "", "target", "missing required key"),
        ["data chunk out of range"] = Rate("{file: chunk1.csv, variable: r, chunk: 1}", "{file: chunk1.csv, variable: r, chunk: 2}", "target.data[1].chunk", "does not exist"),
        // models
        ["unknown built-in model"] = Spike("model: Izhikevich2007", "model: Izhikevich2077", "model", "no built-in model 'Izhikevich2077' (did you mean 'Izhikevich2007'?)"),
        ["set of an unknown parameter"] = Spike("model: Izhikevich2007", "model: {builtin: Izhikevich2007, set: {Cm: 100}}", "model.set.Cm", "no parameter or variable 'Cm' (did you mean 'C'?)"),
        ["inline model with set and a syntax error"] = Rate("    r = a*I_app + b\n", "    r = a I_app + b\n  set: {a: 1}\n", "model.equations", "NF1003"),
        ["missing model file"] = Spike("model: Izhikevich2007", "model: {file: my-model.yaml}", "model.file", "not found"),
        ["broken model file"] = Spike("model: Izhikevich2007", "model: {file: my-model.yaml}", "model.file", "NF",
            f => f["my-model.yaml"] = Text("name: broken\nparameters: |\n  C = 1\nequations: |\n  C * dv/dt = -v +* 3\n")),
        ["broken inline equations"] = Rate("r = a*I_app + b", "r = a*I_app + + * b", "model.equations", "not valid"),
        // experiment against the model
        ["record an unknown variable"] = Rate("record: [r]", "record: [rate]", "experiment.record[0]", "no variable 'rate'"),
        ["record spikes of a rate model"] = Rate("record: [r]", "record: [r, spike]", "experiment.record[1]", "rate-coded"),
        ["set an unknown attribute"] = Rate("{duration: 50, set: {I_app: 5}}", "{duration: 50, set: {I_ap: 5}}", "experiment.chunks[0].phases[1].set.I_ap", "no parameter or variable 'I_ap'"),
        ["a chunk too long to record"] = Rate("{duration: 50, set: {I_app: 5}}", "{duration: 5e10, set: {I_app: 5}}", "experiment.chunks[0]", "at most 2,147,483,647 steps"),
        ["current of the wrong length"] = Rate("{duration: 50, set: {I_app: 5}}", "{duration: 50, current: {file: current.csv}}", "experiment.chunks[0].phases[1].current", "covering",
            f => f["current.csv"] = FitFixtures.Csv("I_app", Enumerable.Repeat(5.0, 20))),
        ["current into an unknown attribute"] = Rate("{duration: 50, set: {I_app: 5}}", "{duration: 50, current: {file: current.csv, into: I_ext}}", "experiment.chunks[0].phases[1].current.into", "no parameter or variable 'I_ext'",
            f => f["current.csv"] = FitFixtures.Csv("I_app", Enumerable.Repeat(5.0, 50))),
        // parameters against the model
        ["bound of an unknown parameter"] = Rate("  b: [-50, 150]\n", "  b: [-50, 150]\n  c: [0, 1]\n", "parameters.c", "no parameter or variable 'c'"),
        ["expression of an unknown name"] = Rate("b: [-50, 150]", "b: \"a + offset\"", "parameters.b", "'offset'"),
        ["expression with a syntax error"] = Rate("b: [-50, 150]", "b: \"a + * 2\"", "parameters.b", "not a valid expression"),
        ["unknown method option"] = Rate("seed: 1", "seed: 1\nmethod_options: {popsize: 8}", "method_options.popsize", "unknown key"),
        ["bad batch size"] = Rate("seed: 1", "seed: 1\nmethod_options: {batch_size: 0}", "method_options.batch_size", "≥ 1"),
        ["sbi_rounds above int"] = Rate("seed: 1", "seed: 1\nmethod_options: {sbi_rounds: 99999999999}", "method_options.sbi_rounds", "99999999999 is too large; expected a whole number from 1 to 2147483647"),
        ["threads above int"] = Rate("seed: 1", "seed: 1\nmethod_options: {threads: 3000000000}", "method_options.threads", "3000000000 is too large; expected a whole number from 0 to 2147483647"),
        // loss terms
        ["negative van Rossum tau"] = Spike("- {van_rossum: 5}", "- {van_rossum: -5}", "loss[1].van_rossum.tau", "positive"),
        ["van Rossum without tau"] = Spike("- {van_rossum: 5}", "- {van_rossum: {}}", "loss[1].van_rossum.tau", "missing"),
        ["unknown loss setting"] = Spike("- {rmse: v}", "- {rmse: {variable: v, windw: 3}}", "loss[0].rmse.windw", "unknown setting"),
        ["window ends before it starts"] = Spike("- {rmse: v}", "- {rmse: {variable: v, start: 30, end: 10}}", "loss[0].rmse.end", "after its start"),
        ["unknown eFEL feature"] = Spike("- {rmse: v}", "- {efel: [spike_count, AP_width]}", "loss[0].efel.features", "'AP_width' is not supported"),
        ["unknown spike feature"] = Spike("- {van_rossum: 5}", "- {spike_features: [ISI_cv]}", "loss[1].spike_features.features", "'ISI_cv' is not supported"),
        ["bad rate correction flag"] = Spike("- {van_rossum: 5}", "- {gamma_factor: {delta: 2, rate_correction: maybe}}", "loss[1].gamma_factor.rate_correction", "true or false"),
        ["loss of an unrecorded variable"] = Spike("- {rmse: v}", "- {rmse: u}", "loss[0].rmse", "'u', which is not recorded"),
        ["spike loss without recorded spikes"] = Spike("record: [v, spike]", "record: [v]", "target.spikes", "add 'spike' to experiment.record"),
        ["two traces of one variable in a chunk"] = Rate("{file: chunk1.csv, variable: r, chunk: 1}", "{file: chunk1.csv, variable: r, chunk: 0}", "target.data[1]", "already has data"),
        ["rmse over a chunk without data"] = Rate("    - {file: chunk1.csv, variable: r, chunk: 1}\n", "", "loss[0].rmse", "no trace of 'r' for chunk 1"),
        // data files
        ["missing data file"] = Rate("{file: chunk0.csv", "{file: chunk_0.csv", "target.data[0].file", "not found"),
        ["wrong column"] = Rate("{file: chunk0.csv, variable: r, chunk: 0}", "{file: chunk0.csv, variable: r, column: rate, chunk: 0}", "target.data[0].column", "no column 'rate'"),
        ["data shorter than the chunk"] = Rate("dt: 1", "dt: 1", "target.data[1]", "samples",
            f => f["chunk1.csv"] = FitFixtures.Csv("r", Enumerable.Repeat(2.0, 60))),
        ["non-numeric CSV value"] = Rate("dt: 1", "dt: 1", "target.data[0].file", "not a finite number",
            f => f["chunk0.csv"] = Text("t,r\n0,2\n1,two\n")),
        ["CSV rows of different width"] = Rate("dt: 1", "dt: 1", "target.data[0].file", "values but the header has",
            f => f["chunk0.csv"] = Text("t,r\n0,2\n1,2,3\n")),
        ["empty CSV"] = Rate("dt: 1", "dt: 1", "target.data[0].file", "empty",
            f => f["chunk0.csv"] = Text("")),
        ["not an NPY file"] = Rate("{file: chunk0.csv", "{file: chunk0.npy", "target.data[0].file", "npy",
            f => f["chunk0.npy"] = Text("this is not a numpy file")),
        ["NPY without dt"] = Rate("{file: chunk0.csv", "{file: chunk0.npy", "target.data[0].file", "give dt",
            f => f["chunk0.npy"] = NpyBytes([.. Enumerable.Repeat(2.0, 100)])),
        ["NPZ without the named array"] = Rate("{file: chunk0.csv, variable: r, chunk: 0}", "{file: chunk0.npz, variable: r, column: rate, chunk: 0, dt: 1}", "target.data[0].column", "no array 'rate'",
            f => f["chunk0.npz"] = NpzBytes("r", [.. Enumerable.Repeat(2.0, 100)])),
        ["unknown data file type"] = Rate("{file: chunk0.csv", "{file: chunk0.xlsx", "target.data[0].file", "unknown data file type",
            f => f["chunk0.xlsx"] = Text("PK")),
        ["data of an unrecorded variable"] = Spike("data: {file: v.csv, variable: v}", "data: {file: v.csv, variable: u}", "target.data.variable", "'u' is not recorded"),
        ["missing spike file"] = Spike("spikes: {file: spikes.csv}", "spikes: {file: spike_times.csv}", "target.spikes.file", "not found"),
        ["spike after the end of the chunk"] = Spike("record: [v, spike]", "record: [v, spike]", "target.spikes", "the experiment lasts 50 ms",
            f => f["spikes.csv"] = Text("t\n10\n75\n")),
        ["negative spike time"] = Spike("record: [v, spike]", "record: [v, spike]", "target.spikes.file", "finite and ≥ 0",
            f => f["spikes.csv"] = Text("t\n-3\n10\n")),
        ["seed beyond 64-bit signed"] = Rate("seed: 1", "seed: 9223372036854775808", "seed", "expected a whole number ≥ 0 (at most 9223372036854775807)"),
        ["empty study name"] = Rate("seed: 1", "seed: 1\nmethod_options: {study_name: ''}", "method_options.study_name", "a study name must not be empty"),
        ["empty fit name"] = Rate("seed: 1", "seed: 1\nname: ''", "name", "got an empty string"),
        ["time_unit for an NPY without times"] = Rate("{file: chunk0.csv, variable: r, chunk: 0}", "{file: chunk0.npy, variable: r, chunk: 0, dt: 0.001, time_unit: s}",
            "target.data[0].time_unit", "has no time column or key, so time_unit does not apply",
            f => f["chunk0.npy"] = NpyBytes([.. Enumerable.Repeat(2.0, 100)])),
        ["empty output folder name"] = Rate("seed: 1", "seed: 1\noutput: \"\"", "output", "empty string"),
        ["dt contradicting the t column"] = Rate("{file: chunk0.csv, variable: r, chunk: 0}", "{file: chunk0.csv, variable: r, chunk: 0, dt: 0.5}", "target.data[0].dt",
            "gives its own sample times, every 1 ms, but dt says 0.5 ms"),
        ["sbi with too few evaluations"] = Rate("method: cmaes\nmax_evals: 300", "method: sbi\nmax_evals: 5", "max_evals", "at least 10 evaluations"),
        ["headerless CSV of two columns"] = Rate("dt: 1", "dt: 1", "target.data[0].file", "no column names; add a header line",
            f => f["chunk0.csv"] = Text("0,2\n1,2\n")),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void TheCorpusHasAtLeastThirtyCases() => Assert.True(Cases.Count >= 30, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryBrokenConfigExitsWithTwoAndNamesItsKeyPath(string name)
    {
        var c = Cases[name];
        var files = c.Spiking ? FitFixtures.SpikeFiles() : FitFixtures.RateFiles();
        c.Files(files);
        var (code, output, error, dir) = FitFixtures.Run(c.Config, files, "fit", "CONFIG", "--out", "DIR/run");
        try
        {
            Assert.True(code == 2, $"exit code {code}; stderr: {error}");
            Assert.Equal("", output);
            var lines = error.TrimEnd('\n').Split('\n');
            Assert.True(lines.Length == 1, $"expected one line, got:\n{error}");
            Assert.StartsWith("neurofit: ", lines[0]);
            Assert.Contains(Path.Combine(dir, "config.yaml"), lines[0]);
            if (c.Problem != "missing required key") // a key that is not there has no line
                Assert.Matches(@"config\.yaml:\d+: ", lines[0]); // the line of the entry (or of its closest enclosing one)
            Assert.Contains($": {c.KeyPath}: ", lines[0]);
            Assert.Contains(c.Problem, lines[0]);
            Assert.DoesNotContain("   at ", error);
            Assert.False(Directory.Exists(Path.Combine(dir, "run")), "a broken config must not leave a run folder");
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheBaseConfigsAreValid(bool spiking)
    {
        var (code, output, error, dir) = FitFixtures.Run(spiking ? FitFixtures.SpikeConfig : FitFixtures.RateConfig,
            spiking ? FitFixtures.SpikeFiles() : FitFixtures.RateFiles(), "fit", "CONFIG", "--out", "DIR/run", "--max-evals", "12", "--json");
        try
        {
            Assert.True(code == 0, error);
            Assert.StartsWith("{", output.Trim());
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Theory]
    [InlineData("--method", "annealing", "unknown method")]
    [InlineData("--max-evals", "0", "at least 1")]
    [InlineData("--max-evals", "many", "--max-evals: 'many' is not a whole number")]
    [InlineData("--seed", "-1", "--seed: '-1' is not a whole number ≥ 0")]
    [InlineData("--study", "", "--study: a study name must not be empty")]
    [InlineData("--study", "  ", "--study: a study name must not be empty")]
    [InlineData("--seed", "9223372036854775808", "--seed: '9223372036854775808' is not a whole number ≥ 0 (at most 9223372036854775807)")]
    public void BadCommandLineValuesExitWithTwo(string option, string value, string problem)
    {
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "fit", "CONFIG", option, value, "--out", "DIR/run");
        try
        {
            Assert.Equal(2, code);
            Assert.Contains(problem, error);
            Assert.DoesNotContain("   at ", error);
            Assert.DoesNotContain("System.", error); // no .NET type names
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void AnUnwritableRunFolderExitsWithTwo()
    {
        var (code, _, error, dir) = FitFixtures.Run(FitFixtures.RateConfig, FitFixtures.RateFiles(), "fit", "CONFIG", "--out", "DIR/config.yaml/run");
        try
        {
            Assert.Equal(2, code);
            Assert.Contains(": output: cannot create the run folder", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally { FitFixtures.Delete(dir); }
    }

    [Fact]
    public void AMissingConfigFileExitsWithTwo()
    {
        var stderr = new StringWriter();
        var code = NeuroFitCommand.Run(["fit", "/nonexistent/config.yaml"], new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/config.yaml", stderr.ToString());
        Assert.Contains("not found", stderr.ToString());
    }
}
