using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Losses;

namespace NeuroFit.Tests.ConfigFit;

public class LossTermFactoryTests
{
    private static ConfiguredTerm Term(string yaml, string? defaultVariable = "v")
    {
        var config = FitConfigLoader.Parse($"""
            model: Izhikevich2007
            target: {"{"}spikes: {"{"}file: s.csv{"}}"}
            experiment:
              record: [v, spike]
              chunks: [[{"{"}duration: 10{"}"}]]
            loss:
              - {yaml}
            parameters: {"{"}C: [1, 2]{"}"}
            """, "loss.yaml");
        return LossTermFactory.Create(config.Loss[0], config.SourcePath, defaultVariable);
    }

    private static SweepData Sweep(double[] v, params double[] spikes) =>
        new() { Dt = 1, Traces = new Dictionary<string, double[]> { ["v"] = v }, SpikeTimesMs = spikes, DurationMs = v.Length };

    [Fact]
    public void RmseWithAWindowComparesOnlyTheWindow()
    {
        var t = Term("{rmse: {variable: v, start: 1, end: 3}, weight: 2, chunk: 0}");
        Assert.Equal(new RmseLoss("v", new TimeWindow(1, 3)), t.Term.Term);
        Assert.Equal(2, t.Term.Weight);
        Assert.Equal(0, t.Term.Chunk);
        Assert.Equal("v", t.TraceVariable);
        Assert.False(t.NeedsSpikes);
        // samples at 1 and 2 ms differ by 1 and 3: sqrt((1 + 9)/2)
        Assert.Equal(Math.Sqrt(5), t.Term.Term.Compute(Sweep([0, 0, 0, 0]), Sweep([9, 1, 3, 9])), 14);
    }

    [Fact]
    public void TheShorthandsFillTheDocumentedSetting()
    {
        Assert.Equal(new MseLoss("v"), Term("{mse: v}").Term.Term);
        Assert.Equal(new RmseLoss("v"), Term("{rmse: {}}").Term.Term); // the only recorded trace variable
        Assert.Equal(10, ((VanRossumLoss)Term("{van_rossum: 10}").Term.Term).TauMs);
        Assert.Equal(0.5, ((VictorPurpuraLoss)Term("{victor_purpura: 0.5}").Term.Term).CostPerMs);
        var gamma = (GammaFactorLoss)Term("{gamma_factor: {delta: 2, rate_correction: false}}").Term.Term;
        Assert.Equal((2.0, false), (gamma.DeltaMs, gamma.RateCorrection));
        Assert.Equal(2, ((SpikeFeatureLossTerm)Term("{spike_features: [spike_count, ISI_CV]}").Term.Term).Features!.Count);
        Assert.Null(((SpikeFeatureLossTerm)Term("{spike_features: {}}").Term.Term).Features);
        Assert.True(Term("spike_count").NeedsSpikes);
    }

    [Fact]
    public void EfelSettingsReachTheTerm()
    {
        var efel = (EfelFeatureLoss)Term("{efel: {features: [spike_count, voltage_base], sigma: 3, threshold: -10, valid_range: [-200, 100]}}").Term.Term;
        Assert.Equal([VoltageFeature.SpikeCount, VoltageFeature.VoltageBase], efel.Features);
        Assert.Equal(3, efel.Sigmas![VoltageFeature.VoltageBase]);
        Assert.Equal(-10, efel.Settings!.ThresholdMv);
        Assert.Equal((-200.0, 100.0), efel.ValidRangeMv);
        Assert.Equal("v", efel.Variable);
    }

    [Fact]
    public void SpikeTermsGiveHandComputedValues()
    {
        // one spike each, 2 ms apart: van Rossum sqrt(2 - 2 e^(-2/10)); Victor–Purpura min(q·2, 2) = 1 with q = 0.5
        var target = Sweep([0, 0, 0], 1);
        var candidate = Sweep([0, 0, 0], 3);
        Assert.Equal(Math.Sqrt(2 - 2 * Math.Exp(-0.2)), Term("{van_rossum: 10}").Term.Term.Compute(target, candidate), 12);
        Assert.Equal(1.0, Term("{victor_purpura: 0.5}").Term.Term.Compute(target, candidate), 12);
        Assert.Equal(1.0, Term("spike_count").Term.Term.Compute(target, Sweep([0, 0, 0], 1, 2)), 12);
    }

    [Theory]
    [InlineData("{rmse: {variable: v, max_loss: 0}}", "loss[0].rmse.max_loss", "positive")]
    [InlineData("{rmse: {variable: v, start: -1}}", "loss[0].rmse.start", "≥ 0")]
    [InlineData("{victor_purpura: -0.1}", "loss[0].victor_purpura.q", "≥ 0")]
    [InlineData("{gamma_factor: {}}", "loss[0].gamma_factor.delta", "missing")]
    [InlineData("{efel: {}}", "loss[0].efel.features", "name the features")]
    [InlineData("{efel: {features: [spike_count], valid_range: [100, -200]}}", "loss[0].efel.valid_range", "min < max")]
    [InlineData("{spike_features: {features: [spike_count], tau: 3}}", "loss[0].spike_features.tau", "unknown setting")]
    [InlineData("{spike_features: {features: []}}", "loss[0].spike_features.features", "give at least one feature")]
    [InlineData("{efel: {features: []}}", "loss[0].efel.features", "give at least one feature")]
    [InlineData("{efel: {features: [mean_frequency], stimulus_start: 100, stimulus_end: 50}}", "loss[0].efel.stimulus_end", "the stimulus end (50 ms) must come after its start (100 ms)")]
    [InlineData("{efel: {features: [mean_frequency], stimulus_end: 0}}", "loss[0].efel.stimulus_end", "must come after its start (0 ms)")]
    [InlineData("{efel: {features: [mean_frequency], stimulus_start: -5}}", "loss[0].efel.stimulus_start", "≥ 0 ms")]
    public void BadSettingsNameTheirKeyPath(string yaml, string keyPath, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => Term(yaml));
        Assert.Equal(keyPath, e.KeyPath);
        Assert.Contains(problem, e.Problem);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void RmseWithoutAVariableNeedsOneWhenSeveralAreRecorded()
    {
        var e = Assert.Throws<ConfigException>(() => Term("{rmse: {}}", defaultVariable: null));
        Assert.Equal("loss[0].rmse.variable", e.KeyPath);
    }

    [Theory]
    [InlineData("{rmse: v, chunk: 0, weight: 10}", "rmse v, chunk 0, × 10")]
    [InlineData("{van_rossum: 50}", "van_rossum 50")]
    [InlineData("spike_count", "spike_count")]
    [InlineData("{rmse: {variable: v, start: 1}}", "rmse v")]
    [InlineData("{spike_features: [spike_count, ISI_CV], weight: 0.5}", "spike_features spike_count,ISI_CV, × 0.5")]
    public void EachTermIsLabelledByKindMainSettingChunkAndWeight(string yaml, string label) =>
        Assert.Equal(label, ConfigLoss.Label(Term(yaml).Spec));
}
