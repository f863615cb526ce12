using NeuroFit.Models.Analysis;
using NeuroFit.Models.Files;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Tests;

/// <summary>Model files: YAML keys, block-to-file position mapping, the dict form of parameters, writing.</summary>
public class ModelFileTests
{
    private const string Valid = """
        name: Demo
        description: A demo neuron.
        parameters: |
          tau = 10.0
          threshold = 1.0
        equations: |
          # membrane
          dv/dt = -v/tau
          x = v + 1
        spike: v > threshold
        reset: |
          v = 0
        """;

    private static ModelDiagnostic Error(string yaml)
    {
        var e = Assert.Throws<ModelException>(() => ModelFile.Parse(yaml, "demo.yaml").Analyse());
        Assert.StartsWith($"demo.yaml:{e.First.FileLine}:{e.First.FileColumn}: error {e.First.Id}: ", e.Message);
        return e.First;
    }

    [Fact]
    public void LoadsEveryKey()
    {
        var document = ModelFile.Parse(Valid, "demo.yaml");
        Assert.Equal("Demo", document.Model.Name);
        Assert.Equal("A demo neuron.", document.Model.Description);
        Assert.Equal("v > threshold", document.Model.Spike);
        var m = document.Analyse();
        Assert.Equal(["v", "x", "r"], m.Variables.Select(v => v.Name));
    }

    [Theory]
    [InlineData("a: \"1; b = 5\"", "NF1121", 2, 6)]                     // declared a second parameter b (and made a local)
    [InlineData("a: {value: \"2 # x\", type: int}", "NF1121", 2, 14)]  // the comment swallowed ': population, int'
    [InlineData("a: \"1 : int\"", "NF1121", 2, 6)]
    [InlineData("a:", "NF1121", 2, 5)]                                  // was "expected an expression but found ':'"
    [InlineData("a: ~", "NF1121", 2, 6)]
    [InlineData("a: 0x1F", "NF1121", 2, 6)]
    [InlineData("\"a = 1\\n b\": 2", "NF1104", 2, 3)]                  // declared a and b
    [InlineData("2a: 1", "NF1104", 2, 3)]
    public void DictFormParameterEntriesMustBeANameAndOneLiteral(string entry, string id, int line, int column)
    {
        var e = Error($"parameters:\n  {entry}\nequations: |\n  r = 1\n");
        Assert.Equal((id, line, column), (e.Id, e.FileLine, e.FileColumn));
    }

    [Fact]
    public void DictFormParameterLiteralsInEveryFormAreAccepted()
    {
        var m = ModelFile.Parse("parameters:\n  a: -1.5e-3\n  b: +2\n  c: false\n  d: {value: 3, type: int, locality: local}\n  e: .5\n  f: 5.\n  g: {type: int}\nequations: |\n  r = a\n",
            "dict.yaml").Analyse();
        Assert.Equal([-1.5e-3, 2, 0, 3, 0.5, 5, 0], m.Parameters.Select(p => p.Default));
        Assert.Equal([Locality.Global, Locality.Global, Locality.Global, Locality.Local, Locality.Global, Locality.Global, Locality.Global],
            m.Parameters.Select(p => p.Locality));
    }

    [Theory]
    [InlineData("x = v + 1", "x = v + 2v", 9, 12)]               // literal block: line after 'equations: |', indentation 2
    [InlineData("spike: v > threshold", "spike: v > thresh", 10, 12)]   // plain scalar on the key's line
    [InlineData("spike: v > threshold", "spike: \"v > 2 v\"", 10, 15)]  // quoted scalar: one more for the quote
    [InlineData("  v = 0", "  v = pos", 12, 7)]
    public void ErrorsAreReportedAtFileLineAndColumn(string replace, string with, int line, int column)
    {
        var d = Error(Valid.Replace(replace, with));
        Assert.Equal(("demo.yaml", line, column), (d.File, d.FileLine, d.FileColumn));
    }

    [Fact]
    public void UnknownKeysNonTextValuesAndYamlSyntaxAreFileErrors()
    {
        var unknown = Error(Valid.Replace("spike:", "spikes:"));
        Assert.Equal(("NF1202", 10, 1), (unknown.Id, unknown.FileLine, unknown.FileColumn));
        Assert.Contains("did you mean 'spike'", unknown.Message);
        var list = Error(Valid.Replace("reset: |\n  v = 0", "reset:\n  - v = 0"));
        Assert.Equal(("NF1203", 12, 3), (list.Id, list.FileLine, list.FileColumn));
        var syntax = Error("name: x\nequations: [r = 1\n");
        Assert.Equal("NF1201", syntax.Id);
        Assert.Equal("NF1201", Error("- just\n- a list\n").Id);
    }

    [Fact]
    public void DictFormParametersAreGlobalByDefaultLikeAnnarchy()
    {
        var yaml = """
            parameters:
              tau: 10.0
              B: {value: 0.0, locality: local}
              n: {value: 3, type: int}
              flag: True
            equations: |
              r = n * tau + B
            """;
        var m = ModelFile.Parse(yaml, "dict.yaml").Analyse();
        Assert.Equal(["tau", "B", "n", "flag"], m.Parameters.Select(p => p.Name));
        Assert.Equal([Locality.Global, Locality.Local, Locality.Global, Locality.Global], m.Parameters.Select(p => p.Locality));
        Assert.Equal([ValueType.Float, ValueType.Float, ValueType.Int, ValueType.Bool], m.Parameters.Select(p => p.Type));
        var bad = Error(yaml.Replace("n: {value: 3, type: int}", "n: {value: 2.5, type: int}"));
        Assert.Equal(("NF1121", 4, 3), (bad.Id, bad.FileLine, bad.FileColumn));
        Assert.Equal("NF1202", Error(yaml.Replace("locality: local", "locality: everywhere")).Id);
    }

    [Theory]
    [MemberData(nameof(BuiltinModelTests.Names), MemberType = typeof(BuiltinModelTests))]
    public void FormatThenParseGivesTheSameModel(string name)
    {
        var model = BuiltinModels.Get(name);
        var text = ModelFile.Format(model);
        var again = ModelFile.Parse(text, name + ".yaml").Model;
        Assert.Equal(text, ModelFile.Format(again));
        var (a, b) = (model.Analyse(), again.Analyse());
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        Assert.Equal(a.Variables.Select(v => (v.Name, v.Kind, v.Method)), b.Variables.Select(v => (v.Name, v.Kind, v.Method)));
        Assert.Equal(model.Name, again.Name);
        Assert.Equal(model.Description, again.Description);
    }

    [Fact]
    public void FormatQuotesScalarsThatYamlWouldMisread()
    {
        var model = new NeuronModel("a = 1.0", "r = a", Name: "x: y", Description: "# not a comment", Refractory: "- 1");
        var again = ModelFile.Parse(ModelFile.Format(model), "q.yaml").Model;
        Assert.Equal(("x: y", "# not a comment", "- 1"), (again.Name, again.Description, again.Refractory));
    }

    [Fact]
    public void LoadReadsFromDisk()
    {
        var path = Path.Combine(Path.GetTempPath(), $"neurofit-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, Valid.Replace("x = v + 1", "x = w"));
            var e = Assert.Throws<ModelException>(() => ModelFile.Load(path).Analyse());
            Assert.Equal((path, 9, 7), (e.First.File, e.First.FileLine, e.First.FileColumn));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load(path));
    }

    [Fact]
    public void WarningsAreReportedAtFilePositions()
    {
        var m = ModelFile.Parse("name: W\nequations: |\n  v = 1\n  r = v + 3/2\n", "w.yaml").Analyse();
        Assert.StartsWith("w.yaml:4:12: warning NF2001:", Assert.Single(m.Warnings));
    }

    [Fact]
    public void WarningsAreListedInFileOrder()
    {
        // the analysis finds them phase by phase: NF2003 (flags) came before NF2001 on the same line, reset before refractory
        var m = ModelFile.Parse("equations: |\n  dv/dt = 1/2*v : unless_refractory\n  r = v\nrefractory: 5\nreset: v = 0\n", "w.yaml").Analyse();
        Assert.Equal(["w.yaml:2:12: warning NF2001", "w.yaml:2:19: warning NF2003", "w.yaml:4:13: warning NF2002", "w.yaml:5:8: warning NF2004"],
            m.Warnings.Select(w => w[..w.IndexOf(':', w.IndexOf("warning", StringComparison.Ordinal))]));
    }

    [Theory]
    [InlineData("equations: r = 1 +\n  2v\n", 2, 4)]                       // plain scalar: YAML joins the lines (was 1:21)
    [InlineData("equations: \"r = 1 +\n  2v\"\n", 2, 4)]                  // quoted, over two lines (was 1:22)
    [InlineData("equations: \"r = 1 + \\t 2v\"\n", 1, 25)]                // after an escape (was 1:24)
    [InlineData("equations: \"r = 1\\nx = 2v\"\n", 1, 25)]               // an escaped line break stays on line 1 (was 2:8)
    [InlineData("equations: 'r = 1 + ''a'' +\n\n  2v'\n", 1, 21, "NF1001")] // single-quoted '' escape
    [InlineData("spike: v > 1\nequations: |\n  dv/dt = 1\nreset: \"v = 0\\n u = 2w\"\n", 4, 22)]
    [InlineData("equations: r = 2 v\n", 1, 18)]                            // one line: unchanged
    public void PositionsInsideJoinedOrEscapedScalarsAreExact(string yaml, int line, int column, string id = "NF1003")
    {
        var e = Assert.Throws<ModelException>(() => ModelFile.Parse(yaml, "j.yaml").Analyse());
        Assert.Equal((id, line, column), (e.First.Id, e.First.FileLine, e.First.FileColumn));
    }
}
