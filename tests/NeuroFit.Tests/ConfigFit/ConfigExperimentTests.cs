using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

public class ConfigExperimentTests
{
    /// <summary>A config whose model copies I_app into r and integrates it into x (dx/dt = I_app).</summary>
    private static FitConfig Config(string experiment, TempFiles? files = null) => FitConfigLoader.Parse($$$"""
        model:
          name: probe
          parameters: |
            I_app = 0
            g = 1
          equations: |
            r = g*I_app
            dx/dt = I_app
        target: {data: {file: unused.csv, variable: r}}
        experiment:
        {{{string.Join("\n", experiment.Split('\n').Select(l => "  " + l))}}}
        loss: [{rmse: r}]
        parameters: {g: [0, 2]}
        """, files?.Path("config.yaml") ?? "config.yaml");

    private static string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    [Property(MaxTest = 40)]
    public Property ThePlannedSampleCountIsWhatTheRecorderRecords(PositiveInt steps1, PositiveInt steps2, PositiveInt periodSteps, bool quarter)
    {
        var dt = quarter ? 0.25 : 0.1;
        var n1 = steps1.Get % 40 + 1;
        var n2 = steps2.Get % 40 + 1;
        var p = periodSteps.Get % 7 + 1;
        // durations that are not whole multiples of dt run ceil(duration/dt) steps, as ANNarchy does
        var config = Config($"dt: {F(dt)}\nperiod: {F(Math.Round(p * dt, 6))}\nrecord: [r, x]\nchunks:\n  - [{{duration: {F(Math.Round(n1 * dt - dt / 3, 6))}, set: {{I_app: 1}}}}, {{duration: {F(Math.Round(n2 * dt, 6))}}}]\n  - [{{duration: {F(Math.Round(n2 * dt, 6))}}}]");
        var simulated = ConfigSimulation.Run(config);
        var expected0 = (n1 + n2 + p - 1) / p;
        var expected1 = (n2 + p - 1) / p;
        return (simulated.Sweeps[0].Traces["r"].Length == expected0 && simulated.Sweeps[1].Traces["x"].Length == expected1
                && Math.Abs(simulated.Sweeps[0].Dt - p * dt) < 1e-12 && Math.Abs(simulated.Sweeps[0].DurationMs - (n1 + n2) * dt) < 1e-9)
            .Label($"dt {dt}, steps {n1}+{n2}, period {p} steps: recorded {simulated.Sweeps[0].Traces["r"].Length}/{simulated.Sweeps[1].Traces["x"].Length}, expected {expected0}/{expected1}");
    }

    [Fact]
    public void PhasesSetAttributesInOrderAndEveryChunkStartsFromTheResetState()
    {
        var config = Config("dt: 1\nrecord: [r, x]\nchunks:\n  - [{duration: 3, set: {I_app: 2}}, {duration: 2, set: {I_app: -1}}]\n  - [{duration: 3}]");
        var sweeps = ConfigSimulation.Run(config).Sweeps;
        Assert.Equal([2.0, 2, 2, -1, -1], sweeps[0].Traces["r"]);
        Assert.Equal([2.0, 4, 6, 5, 4], sweeps[0].Traces["x"]); // explicit Euler of dx/dt = I_app, sampled after each step
        Assert.Equal([0.0, 0, 0], sweeps[1].Traces["r"]);      // I_app back to its initial value
        Assert.Equal([0.0, 0, 0], sweeps[1].Traces["x"]);      // x back to 0
    }

    [Fact]
    public void ACurrentFileIsInjectedStepByStep()
    {
        using var files = new TempFiles();
        files.Write("current.csv", "t,I_app\n0,1\n1,3\n2,-2\n3,5\n");
        var config = Config("dt: 1\nrecord: [r]\nchunks:\n  - [{duration: 4, current: current.csv}, {duration: 2, set: {I_app: 7}}]", files);
        Assert.Equal([1.0, 3, -2, 5, 7, 7], ConfigSimulation.Run(config).Sweeps[0].Traces["r"]);
    }

    [Fact]
    public void ACurrentAtAnotherIntervalIsResampledLinearly()
    {
        using var files = new TempFiles();
        files.Write("current.csv", "I\n0\n10\n20\n"); // every 0.5 ms: 0, 10, 20 → at dt 0.25: 0, 5, 10, 15, 20, 20
        var config = Config("dt: 0.25\nrecord: [r]\nchunks:\n  - [{duration: 1.5, current: {file: current.csv, column: I, dt: 0.5}}]", files);
        Assert.Equal([0.0, 5, 10, 15, 20, 20], ConfigSimulation.Run(config).Sweeps[0].Traces["r"]);
    }

    [Fact]
    public void ParameterValuesActLikeAFitCandidate()
    {
        var config = Config("dt: 1\nrecord: [r]\nchunks:\n  - [{duration: 2, set: {I_app: 3}}]");
        Assert.Equal([1.5, 1.5], ConfigSimulation.Run(config, new Dictionary<string, double> { ["g"] = 0.5 }).Sweeps[0].Traces["r"]);
        var e = Assert.Throws<ConfigException>(() => ConfigSimulation.Run(config, new Dictionary<string, double> { ["h"] = 1 }));
        Assert.Contains("no parameter or variable 'h'", e.Message);
    }

    [Fact]
    public void SpikeTimesAreStepsTimesDtFromTheChunkStart()
    {
        var config = FitConfigLoader.Parse("""
            model:
              parameters: |
                I_app = 0
              equations: |
                dv/dt = I_app
              spike: v >= 1
              reset: v = 0
            target: {spikes: {file: unused.csv}}
            experiment:
              dt: 0.5
              record: [v, spike]
              chunks:
                - [{duration: 5, set: {I_app: 1}}]
                - [{duration: 2}, {duration: 3, set: {I_app: 1}}]
            loss: [{spike_count: {}}]
            parameters: {I_app: [0, 2]}
            """, "spiking.yaml");
        var sweeps = ConfigSimulation.Run(config).Sweeps;
        // v gains 0.5 per step: it reaches 1 after steps 1, 3, 5, 7, 9 (0-based), i.e. at 0.5, 1.5, … ms
        Assert.Equal([0.5, 1.5, 2.5, 3.5, 4.5], sweeps[0].SpikeTimesMs!);
        Assert.Equal([2.5, 3.5, 4.5], sweeps[1].SpikeTimesMs!);
    }
}
