using NeuroFit.Config;
using NeuroFit.Results;

namespace NeuroFit.Tests.Results;

public class KnownParametersTests
{
    private static string Write(string json)
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-known-").FullName;
        var path = Path.Combine(dir, KnownParameters.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void KnownJsonGivesValuesAndTolerancesAndIsFoundBesideTheConfig()
    {
        var path = Write("""{"parameters": {"a": 0.8, "b": 0}, "relative_tolerance": 0.02, "absolute_tolerance": 0.001, "noise_sd": 1}""");
        try
        {
            var known = KnownParameters.Beside(Path.Combine(Path.GetDirectoryName(path)!, "config.yaml"))!;
            Assert.Equal(new Dictionary<string, double> { ["a"] = 0.8, ["b"] = 0 }, known.Values);
            Assert.Equal(0.02, known.RelativeTolerance);
            Assert.Equal(0.001, known.AbsoluteTolerance);
            Assert.Equal("known.json", known.Source);
            Assert.Null(KnownParameters.Beside(Path.Combine(Path.GetTempPath(), "no-such-folder-neurofit", "config.yaml")));
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }

    [Theory]
    [InlineData("""[1, 2]""", "parameters", "expected an object")]
    [InlineData("""{"values": {}}""", "parameters", "expected an object")]
    [InlineData("""{"parameters": {"a": "0.8"}}""", "parameters.a", "expected a finite number")]
    [InlineData("""{"parameters": {"a": 1}, "relative_tolerance": -1}""", "relative_tolerance", "expected a number ≥ 0")]
    [InlineData("""{"parameters": {"a": 1},""", "", "not valid JSON")]
    public void AMalformedFileIsAConfigExceptionNamingTheFileAndTheKey(string json, string keyPath, string problem)
    {
        var path = Write(json);
        try
        {
            var e = Assert.Throws<ConfigException>(() => KnownParameters.Read(path));
            Assert.Equal(path, e.File);
            Assert.Equal(keyPath, e.KeyPath);
            Assert.Contains(problem, e.Problem);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, true); }
    }

    [Fact]
    public void ComparisonGivesRelativeErrorsAbsoluteOnesForZeroAndTheToleranceVerdict()
    {
        var known = new KnownParameters(new Dictionary<string, double> { ["a"] = -2, ["b"] = 0, ["unused"] = 5 }, "x")
        {
            RelativeTolerance = 0.05,
            AbsoluteTolerance = 0.01,
        };
        var rows = known.Compare([new("b", 0.02), new("a", -2.2), new("c", 1)])!.Parameters;
        Assert.Equal(["b", "a"], rows.Select(r => r.Name)); // the fitted order; c has no true value, 'unused' was not fitted
        Assert.Null(rows[0].RelativeError);
        Assert.Equal(0.02, rows[0].AbsoluteError, 12);
        Assert.False(rows[0].WithinTolerance); // 0.02 > max(0.05 · 0, 0.01)
        Assert.Equal("±0.02 (true 0)", rows[0].ErrorText);
        Assert.Equal(0.1, rows[1].RelativeError!.Value, 12);
        Assert.False(rows[1].WithinTolerance); // 0.2 > max(0.05 · 2, 0.01)
        Assert.Equal("10.0 %", rows[1].ErrorText);
        Assert.True(TrueParameter.Of("a", 100, 104, known).WithinTolerance);
        Assert.Null(new KnownParameters(new Dictionary<string, double> { ["a"] = 1 }, "x").Compare([new("a", 3)])!.Parameters[0].WithinTolerance);
        Assert.Null(known.Compare([new("z", 1)]));
    }

    [Theory]
    [InlineData(0.5, "50.0 %")]
    [InlineData(0.0123, "1.23 %")]
    [InlineData(0.000456, "0.046 %")]
    [InlineData(1e-9, "< 0.001 %")]
    public void ErrorsAreWrittenAsPercentages(double relative, string text) =>
        Assert.Equal(text, new TrueParameter("a", 1, 1 + relative, relative, relative, null).ErrorText);

    [Fact]
    public void ComparisonsRoundTripThroughTheResultsFile()
    {
        var known = new KnownParameters(new Dictionary<string, double> { ["a"] = 2 }, "known.json") { RelativeTolerance = 0.1 };
        var summary = new FitSummary
        {
            Name = "n", Method = "cmaes", Seed = 1, Model = "m", Evaluations = 1, Failed = 0, Seconds = 1, Loss = 1,
            Best = [new FittedParameter("a", 2.1, 0, 5)], Parameters = new Dictionary<string, double> { ["a"] = 2.1 },
            Known = known.Compare([new("a", 2.1)]),
            Scale = new ScaleReference { CentreLoss = double.PositiveInfinity, RandomCount = 64, RandomMedian = 3, RandomBest = 2, RandomSource = "s", TrueLoss = 0.5 },
            Units = new Dictionary<string, string> { ["a"] = "mV" },
        };
        var json = summary.ToJson();
        Assert.Contains("\"relative_error\":", json);
        Assert.Contains("\"true\": 2", json);
        var back = FitSummary.FromJson(json);
        Assert.Equal(summary.Known!.Parameters, back.Known!.Parameters);
        Assert.Equal(0.1, back.Known.RelativeTolerance);
        Assert.True(double.IsPositiveInfinity(back.Scale!.CentreLoss));
        Assert.Equal(0.5, back.Scale.TrueLoss);
        Assert.Equal("mV", back.Units["a"]);
    }
}
