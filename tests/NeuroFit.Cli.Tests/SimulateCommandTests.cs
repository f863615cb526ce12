using System.Globalization;
using System.Text.Json;
using NeuroFit.Cli;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Cli.Tests;

public class SimulateCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NeuroFitCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static readonly int[] ReferenceSpikes = [1036, 1217, 1669, 2120, 2571, 3022, 3473, 3924, 4375, 4826, 5277, 5728];

    private static double[] ReferenceV() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "brian2_izhikevich_step_dt0.1.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture))];

    private static void AssertMatchesBrian2(JsonElement root)
    {
        Assert.Equal(0.1, root.GetProperty("dt").GetDouble());
        Assert.Equal(6000, root.GetProperty("steps").GetInt32());
        Assert.Equal(ReferenceSpikes, root.GetProperty("spikes").GetProperty("0").EnumerateArray().Select(e => e.GetInt32()));
        var v = root.GetProperty("variables").GetProperty("v").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var reference = ReferenceV();
        Assert.Equal(6000, v.Length);
        for (var k = 0; k + 1 < reference.Length; k++)
            Assert.True(Math.Abs(v[k] - reference[k + 1]) <= 1e-9, $"v after step {k}: {v[k]:R} vs Brian2 {reference[k + 1]:R}");
    }

    [Fact]
    public void TheBuiltinIzhikevichReproducesTheBrian2Reference()
    {
        var (code, output, error) = Run("simulate", "--model", "Izhikevich", "--dt", "0.1",
            "--phase", "i_offset=0:100", "--phase", "i_offset=10:500", "--record", "v");
        Assert.True(code == 0, error);
        AssertMatchesBrian2(JsonDocument.Parse(output).RootElement);
    }

    [Fact]
    public void AModelFileWithTheReferenceEquationsReproducesItToo()
    {
        var file = Path.Combine(Path.GetTempPath(), $"izh-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(file, """
            name: izh_reference
            parameters: |
              a = 0.02
              b = 0.2
              c = -65.0
              d = 8.0
              I = 0.0
            equations: |
              dv/dt = 0.04*v^2 + 5.0*v + 140.0 - u + I : init = -65.0
              du/dt = a*(b*v - u) : init = -13.0
            spike: v >= 30.0
            reset: |
              v = c
              u += d
            """);
        try
        {
            var json = Path.Combine(Path.GetTempPath(), $"izh-{Guid.NewGuid():N}.json");
            var (code, _, error) = Run("simulate", "--model", file, "--dt", "0.1", "--phase", "I=0:100", "--phase", "I=10:500", "--out", json);
            Assert.True(code == 0, error);
            AssertMatchesBrian2(JsonDocument.Parse(File.ReadAllText(json)).RootElement);
            File.Delete(json);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SetChangesInitialValuesAndVariableInitsFollowTheParameters()
    {
        var (code, output, _) = Run("simulate", "--model", "Izhikevich", "--set", "c=-60", "--duration", "0.1", "--dt", "0.1", "--format", "csv", "--record", "u");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal("t,u,spikes", lines[0]); // a spiking model: the spike count per sample comes last
        // u starts at b*c = -12 with c = -60: one Euler step of du/dt = a(b v - u) with v = c = -60 leaves it unchanged
        Assert.Equal("0,-12,0", lines[1]);
    }

    [Fact]
    public void CsvHasATimeColumnAndOneColumnPerVariable()
    {
        var (code, output, _) = Run("simulate", "--model", "Izhikevich", "--duration", "1", "--dt", "0.25", "--format", "csv", "--record", "v,u");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal("t,v,u,spikes", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Equal(["0", "0.25", "0.5", "0.75"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void CsvAndJsonOfASpikingModelCarryItsSpikesAndSpikeIsAcceptedInRecord()
    {
        var (code, csv, error) = Run("simulate", "--model", "Izhikevich2007", "--phase", "I_app=200:30", "--record", "v,spike", "--format", "csv");
        Assert.True(code == 0, error);
        var lines = csv.Trim().Split('\n');
        Assert.Equal("t,v,spikes", lines[0]);
        Assert.Equal(["21.2"], lines.Skip(1).Where(l => l.Split(',')[2] == "1").Select(l => l.Split(',')[0]));
        var (jsonCode, json, _) = Run("simulate", "--model", "Izhikevich2007", "--phase", "I_app=200:30", "--record", "spike");
        Assert.Equal(0, jsonCode);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal([212], root.GetProperty("spikes").GetProperty("0").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([21.2], root.GetProperty("spike_times_ms").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Empty(root.GetProperty("variables").EnumerateObject());
        var (rateCode, _, rateError) = Run("simulate", "--model", "LeakyIntegrator", "--duration", "1", "--record", "spike");
        Assert.Equal(2, rateCode);
        Assert.Contains("rate-coded", rateError);
    }

    [Fact]
    public void NpzHoldsTimeVariablesAndSpikes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.npz");
        try
        {
            var (code, _, error) = Run("simulate", "--model", "Izhikevich", "--dt", "0.1", "--phase", "i_offset=0:100", "--phase", "i_offset=10:500",
                "--record", "v,u", "--format", "npz", "--out", path);
            Assert.True(code == 0, error);
            var arrays = Npz.Read(path);
            Assert.Equal(ReferenceSpikes.Select(s => (long)s), arrays["spikes"].As<long>());
            Assert.Equal(6000, arrays["v"].Length);
            Assert.Equal(6000, arrays["t"].Length);
            Assert.Equal(0.1, arrays["dt"].ToDoubles()[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string TempModel(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"model-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void CsvWithOnlySpikesRecordedHasOneRowPerStep()
    {
        // it used to print only the header: no samples, so no rows, and the spikes were lost
        var (code, csv, error) = Run("simulate", "--model", "Izhikevich2007", "--phase", "I_app=200:30", "--record", "spike", "--format", "csv");
        Assert.True(code == 0, error);
        var lines = csv.Trim().Split('\n');
        Assert.Equal("t,spikes", lines[0]);
        Assert.Equal(301, lines.Length);
        Assert.Equal("0,0", lines[1]);
        Assert.Equal("29.9,0", lines[^1]);
        Assert.Equal(["21.2"], lines.Skip(1).Where(l => l.Split(',')[1] == "1").Select(l => l.Split(',')[0]));
    }

    [Fact]
    public void JsonIsStreamedInPiecesAndStaysOneDocumentMatchingTheCsv()
    {
        // 70 000 samples cross the 65 536-value pieces the json is written in (it was built as one string, which cannot
        // exceed 2^30 characters: a long run crashed)
        string[] args = ["simulate", "--model", "Izhikevich2007", "--phase", "I_app=70:7000", "--record", "v"];
        var (code, json, error) = Run([.. args]);
        Assert.True(code == 0, error);
        Assert.EndsWith("}\n", json);
        var v = JsonDocument.Parse(json).RootElement.GetProperty("variables").GetProperty("v").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var csv = Run([.. args, "--format", "csv"]).Out.Trim().Split('\n').Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(70000, v.Length);
        Assert.Equal(csv, v);
        var path = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, Run([.. args, "--out", path]).Code);
            Assert.Equal(json, File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnInputIsSetWithPhaseAndSetSaysSo()
    {
        var (code, csv, error) = Run("simulate", "--model", "LeakyIntegrator", "--phase", "sum(exc)=1,sum(inh)=0.5:1", "--dt", "0.5", "--format", "csv");
        Assert.True(code == 0, error);
        Assert.Equal((1 - Math.Exp(-0.05)) * 0.5, double.Parse(csv.Split('\n')[1].Split(',')[1], CultureInfo.InvariantCulture), 15);
        var (setCode, _, setError) = Run("simulate", "--model", "LeakyIntegrator", "--set", "sum(exc)=1", "--duration", "1");
        Assert.Equal(2, setCode);
        Assert.Equal("neurofit: --set: 'sum(exc)' is an input, which is 0 after a reset; set it for a while with --phase sum(exc)=1:MS", setError.Trim());
    }

    [Fact]
    public void TheModelsWarningsGoToStderrAndTheDataToStdout()
    {
        var model = TempModel("parameters: |\n  tau = 10.0\nequations: |\n  dv/dt = 1/2*v + 1\n  r = v\n");
        try
        {
            var (code, output, error) = Run("simulate", "--model", model, "--duration", "0.2", "--format", "csv");
            Assert.Equal(0, code);
            Assert.Equal($"{model}:4:12: warning NF2001: integer division 1/2 truncates to 0 (C semantics, as in ANNarchy); write 1.0/2 for 0.5", error.Trim());
            Assert.Equal("t,v,r\n0,0.1,0.1\n0.1,0.2,0.2\n", output);
            var (_, _, builtinError) = Run("simulate", "--model", "Izhikevich", "--duration", "0.2");
            Assert.Equal("", builtinError);
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Theory]
    [InlineData("csv", "spikes")]
    [InlineData("npz", "spikes")]
    [InlineData("npz", "steps")]
    public void AVariableNamedLikeAnOutputColumnIsRefusedBeforeAnythingIsWritten(string format, string variable)
    {
        var model = TempModel($"equations: |\n  dv/dt = 1\n  {variable} = 7\nspike: v > 0.25\nreset: v = 0\n");
        var output = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.{format}");
        try
        {
            // npz crashed with an ArgumentException stack trace and left a truncated file; csv had two 'spikes' columns
            var (code, _, error) = Run("simulate", "--model", model, "--duration", "1", "--format", format, "--out", output);
            Assert.Equal(NeuroFitCommand.UserErrorExitCode, code);
            Assert.StartsWith($"neurofit: --format {format}: the variable '{variable}'", error);
            Assert.DoesNotContain("   at ", error);
            Assert.False(File.Exists(output));
            // json keeps variables apart, and --record can leave it out
            var (jsonCode, json, jsonError) = Run("simulate", "--model", model, "--duration", "1");
            Assert.True(jsonCode == 0, jsonError);
            Assert.Equal(7.0, JsonDocument.Parse(json).RootElement.GetProperty("variables").GetProperty(variable)[0].GetDouble());
            var (recordCode, _, recordError) = Run("simulate", "--model", model, "--duration", "1", "--format", format, "--out", output, "--record", "v");
            Assert.True(recordCode == 0, recordError);
        }
        finally
        {
            File.Delete(model);
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("simulate", "--model", "NoSuchModel", "--duration", "1")]
    [InlineData("simulate", "--model", "Izhikevich")]
    [InlineData("simulate", "--model", "Izhikevich", "--phase", "i_offset=1")]
    [InlineData("simulate", "--model", "Izhikevich", "--phase", "x=1:10")]
    [InlineData("simulate", "--model", "Izhikevich", "--set", "a:1", "--duration", "1")]
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1", "--format", "csv", "--out", ".")]  // crashed with UnauthorizedAccessException
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1", "--format", "npz", "--out", "/no/such/folder/x.npz")]
    [InlineData("simulate", "--model", "Izhikevich", "--set", "a=NaN", "--duration", "1")]
    [InlineData("simulate", "--model", "Izhikevich", "--set", "v=1e400", "--duration", "1")]
    [InlineData("simulate", "--model", "Izhikevich", "--phase", "i_offset=-Infinity:1")]
    [InlineData("simulate", "--model", "Izhikevich", "--phase", "a=0.02:1", "--duration", "1e300")]
    [InlineData("simulate", "--model", "Izhikevich", "--record", "w", "--duration", "1")]
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1", "--format", "npz")]
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1", "--dt", "0")]
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1", "--dt", "fast")]
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1ms")]
    [InlineData("simulate", "--model", "Izhikevich", "--duration", "1", "--seed", "-4")]
    [InlineData("bench", "npe", "--dims", "two")]
    [InlineData("bench", "fit", "--max-evals", "1e3")]
    public void MistakesExitWithCode2AndAMessage(params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(NeuroFitCommand.UserErrorExitCode, code);
        Assert.StartsWith("neurofit:", error);
        Assert.DoesNotContain("System.", error); // no .NET type names (e.g. 'System.Nullable`1[System.Double]')
    }

    [Fact]
    public void BenchSimulatePrintsTheFiveLinesAndBothPathsAgree()
    {
        var (code, output, error) = Run("bench", "simulate", "--neurons", "200", "--duration", "100");
        Assert.True(code == 0, error);
        var lines = output.Trim().Split('\n');
        Assert.Equal(["spikes", "neuron_steps_per_s", "compile_ms", "baseline_neuron_steps_per_s", "ratio"], lines.Take(5).Select(l => l.Split(' ')[0]));
        Assert.True(long.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture) > 0);
        Assert.All(lines.Skip(1).Take(4), l => Assert.True(double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture) > 0));
        Assert.Contains(lines, l => l.StartsWith("model ", StringComparison.Ordinal));
    }
}
