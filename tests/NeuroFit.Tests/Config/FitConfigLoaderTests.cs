using NeuroFit.Config;
using NeuroFit.Fitting;

namespace NeuroFit.Tests.Config;

public class FitConfigLoaderTests
{
    internal const string Valid = """
        model: Izhikevich2007
        target:
          model: {builtin: Izhikevich2007, set: {C: 66.6, k: 2.3}}
        experiment:
          dt: 0.1
          record: [v, spike]
          chunks:
            - [{duration: 25, set: {I_app: 30}}, {duration: 25, set: {I_app: 80}}]
            - [{duration: 50, set: {I_app: 0}}]
        loss:
          - {rmse: v}
          - {spike_count: {}, weight: 0.5}
        parameters:
          C: [0.1, 100]
          dv: [0, 30]
          v_t: "v_r + dv"
          u: 0
        method: cmaes
        max_evals: 1000
        num_rep_loss: 1
        seed: 1
        """;

    [Fact]
    public void TheIssueExampleLoadsWithEveryField()
    {
        var config = FitConfigLoader.Parse(Valid, "example.yaml");
        Assert.Equal(new BuiltinModelSpec("Izhikevich2007", new Dictionary<string, double>()).Name, ((BuiltinModelSpec)config.Model).Name);
        var target = Assert.IsType<ModelTargetSpec>(config.Target);
        Assert.Equal(66.6, target.Model.Set["C"]);
        Assert.Equal(0.1, config.Experiment.Dt);
        Assert.Equal(["v", "spike"], config.Experiment.Record);
        Assert.Equal(2, config.Experiment.Chunks.Count);
        Assert.Equal(2, config.Experiment.Chunks[0].Phases.Count);
        Assert.Equal(80, config.Experiment.Chunks[0].Phases[1].Set["I_app"]);
        Assert.Equal("rmse", config.Loss[0].Kind);
        Assert.Equal("v", config.Loss[0].Settings["variable"]);
        Assert.Equal(0.5, config.Loss[1].Weight);
        Assert.Equal(["C", "dv"], config.Parameters.OptimisedNames);
        Assert.Equal(new ExpressionBound("v_r + dv"), config.Parameters["v_t"]);
        Assert.Equal(new ConstantBound(0), config.Parameters["u"]);
        Assert.Equal("cmaes", config.Method);
        Assert.Equal(1000, config.MaxEvals);
        Assert.Equal(1UL, config.Seed);
    }

    [Fact]
    public void AFolderGivenAsTheConfigNamesItsConfigYaml()
    {
        using var files = new NeuroFit.Tests.Data.TempFiles();
        var folder = Path.GetDirectoryName(files.Write("config.yaml", Valid))!;
        var e = Assert.Throws<ConfigException>(() => FitConfigLoader.Load(folder));
        Assert.Contains($"is a folder; did you mean {Path.Combine(folder, "config.yaml")}?", e.Message);
        File.Delete(Path.Combine(folder, "config.yaml"));
        Assert.Contains("is a folder; give the config file", Assert.Throws<ConfigException>(() => FitConfigLoader.Load(folder)).Message);
    }

    [Fact]
    public void ATimeLimitAloneLeavesTheEvaluationsUnboundedButAGivenMaxEvalsStays()
    {
        var both = FitConfigLoader.Parse(Valid.Replace("max_evals: 1000", "max_evals: 1000\ntime_limit: 2.5"), "c.yaml");
        Assert.Equal(2.5, both.TimeLimit);
        Assert.Equal(1000, both.MaxEvalsUnder(both.TimeLimit));
        var alone = FitConfigLoader.Parse(Valid.Replace("max_evals: 1000", "time_limit: 30"), "c.yaml");
        Assert.False(alone.MaxEvalsGiven);
        Assert.Equal(int.MaxValue, alone.MaxEvalsUnder(alone.TimeLimit));
        Assert.Equal(1000, alone.MaxEvalsUnder(null)); // no limit after all: the default budget
        var neither = FitConfigLoader.Parse(Valid.Replace("max_evals: 1000", ""), "c.yaml");
        Assert.Null(neither.TimeLimit);
        Assert.Equal(1000, neither.MaxEvalsUnder(neither.TimeLimit));
        Assert.Equal(int.MaxValue, neither.MaxEvalsUnder(10)); // --time-limit on the command line
    }

    [Fact]
    public void ChunksMayBeWrittenWithAPhasesKey()
    {
        var config = FitConfigLoader.Parse(Valid.Replace("- [{duration: 50, set: {I_app: 0}}]", "- {phases: [{duration: 50}]}"), "c.yaml");
        Assert.Equal(50, config.Experiment.Chunks[1].Phases[0].Duration);
    }

    public static TheoryData<string, string, string> BrokenConfigs() => new()
    {
        { Valid.Replace("duration: 25, set: {I_app: 30}", "duration: abc"), "experiment.chunks[0].phases[0].duration", "expected a number" },
        { Valid.Replace("{duration: 50, set: {I_app: 0}}", "{duration: -5}"), "experiment.chunks[1].phases[0].duration", "positive" },
        { Valid.Replace("{duration: 50, set: {I_app: 0}}", "{set: {I_app: 0}}"), "experiment.chunks[1].phases[0]", "missing 'duration'" },
        { Valid.Replace("{duration: 50, set: {I_app: 0}}", "{duration: 5, sett: {}}"), "experiment.chunks[1].phases[0].sett", "unknown key" },
        { Valid.Replace("set: {I_app: 80}", "set: {I_app: high}"), "experiment.chunks[0].phases[1].set.I_app", "expected a number" },
        { Valid.Replace("dt: 0.1", "dt: 0"), "experiment.dt", "positive" },
        { Valid.Replace("C: [0.1, 100]", "C: [5, 5]"), "parameters.C", "two different bounds" },
        { Valid.Replace("C: [0.1, 100]", "C: [1, 2, 3]"), "parameters.C", "two numbers" },
        { Valid.Replace("C: [0.1, 100]", "C: [1, x]"), "parameters.C[1]", "expected a number" },
        { Valid.Replace("method: cmaes", "method: annealing"), "method", "unknown method" },
        { Valid.Replace("max_evals: 1000", "max_evals: 0"), "max_evals", "≥ 1" },
        { Valid.Replace("max_evals: 1000", "time_limit: 0"), "time_limit", "expected a positive number of seconds, got 0" },
        { Valid.Replace("max_evals: 1000", "time_limit: -5"), "time_limit", "positive number of seconds" },
        { Valid.Replace("max_evals: 1000", "time_limit: 30s"), "time_limit", "expected the time limit in seconds, a positive number (time_limit: 30), got '30s'" },
        { Valid.Replace("max_evals: 1000", "time_limit: .inf"), "time_limit", "got '.inf'" },
        { Valid.Replace("max_evals: 1000", "time_limit: 1e12"), "time_limit", "too long" },
        { Valid.Replace("max_evals: 1000", "time_limit: [30]"), "time_limit", "expected the time limit in seconds" },
        { Valid.Replace("max_evals: 1000", "time_limt: 30"), "time_limt", "did you mean 'time_limit'" },
        { Valid.Replace("num_rep_loss: 1", "num_rep_loss: two"), "num_rep_loss", "whole number" },
        { Valid.Replace("- {rmse: v}", "- {rmsd: v}"), "loss[0].rmsd", "unknown loss term" },
        { Valid.Replace("- {rmse: v}", "- {rmse: v, mse: v}"), "loss[0]", "exactly one kind" },
        { Valid.Replace("weight: 0.5", "weight: -1"), "loss[1].weight", "≥ 0" },
        { Valid.Replace("- {rmse: v}", "- {rmse: v, chunk: 7}"), "loss[0].chunk", "chunk 7 does not exist" },
        { Valid.Replace("model: Izhikevich2007\n", "modle: Izhikevich2007\n"), "modle", "unknown key" },
        { Valid.Replace("seed: 1", "seed: -3"), "seed", "≥ 0" },
        { Valid.Replace("  model: {builtin: Izhikevich2007, set: {C: 66.6, k: 2.3}}", "  model: x\n  data: {file: a.csv, variable: v}"), "target", "exactly one of" },
        { Valid.Replace("record: [v, spike]", "record: []"), "experiment.record", "at least one" },
        { Valid.Replace("  dt: 0.1\n", "  dt: 0.1\n  period: 0.01\n"), "experiment.period", "at least dt" },
        { Valid.Replace("  u: 0\n", "  u: {a: 1}\n"), "parameters.u", "expected [lo, hi]" },
        { "model: [a, b]\n" + Valid[(Valid.IndexOf('\n') + 1)..], "model", "built-in model name" },
        { Valid.Replace("{builtin: Izhikevich2007, set: {C: 66.6, k: 2.3}}", "{builtin: Izhikevich2007, set: {C: big}}"), "target.model.set.C", "expected a number" },
        { "model: x\n", "target", "missing required key 'target'" },
        { "model: [unclosed\n", "", "not valid YAML" },
        { Valid.Replace("  model: {builtin: Izhikevich2007, set: {C: 66.6, k: 2.3}}", "  data: {file: a.csv, variable: v, time_unit: min}"), "target.data.time_unit", "expected ms or s" },
        { Valid.Replace("  model: {builtin: Izhikevich2007, set: {C: 66.6, k: 2.3}}", "  data: {file: a.csv, variable: v, scale: 0}"), "target.data.scale", "erases the data" },
    };

    [Theory]
    [MemberData(nameof(BrokenConfigs))]
    public void EveryBrokenConfigNamesItsKeyPath(string text, string keyPath, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => FitConfigLoader.Parse(text, "broken.yaml"));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith("broken.yaml", e.Message);
    }

    [Fact]
    public void EveryKeyPathHasItsLineAndAMissingPathFallsBackToItsEnclosingEntry()
    {
        var config = FitConfigLoader.Parse("""
            model: Izhikevich2007
            target:
              data:
                - {file: a.csv, variable: v}
            experiment:
              record: [v]
              chunks:
                - [{duration: 10}, {duration: 20, set: {I_app: 5}}]
                - phases:
                    - {duration: 10}
            loss: [{rmse: v}]
            parameters:
              C: [1, 2]
            """, "lines.yaml");
        Assert.Equal(1, config.LineOf("model"));
        Assert.Equal(4, config.LineOf("target.data[0].variable"));
        Assert.Equal(8, config.LineOf("experiment.chunks[0].phases[1].set.I_app"));
        Assert.Equal(10, config.LineOf("experiment.chunks[1].phases[0].duration"));
        Assert.Equal(13, config.LineOf("parameters.C"));
        Assert.Equal(13, config.LineOf("parameters.C.nothing[3]")); // closest enclosing entry
        Assert.Equal(0, config.LineOf("nothing"));
    }
}
