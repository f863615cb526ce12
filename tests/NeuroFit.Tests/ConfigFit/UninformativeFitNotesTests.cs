using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Results;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

/// <summary>A fit whose loss cannot tell candidates apart says so instead of returning arbitrary "best" values silently.</summary>
public class UninformativeFitNotesTests
{
    private static ConfiguredFitResult Fit(TempFiles files, string config)
    {
        var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(files.Write("config.yaml", config)));
        return fit.Run(new ConfiguredFitSettings { OutputDirectory = files.Path("run") });
    }

    [Fact]
    public void SpikeTermsOnASilentTargetAndAFlatLossAreNoted()
    {
        // 10 pA keeps Izhikevich2007 below threshold whatever C is: target and every candidate are silent
        using var files = new TempFiles();
        var result = Fit(files, """
            model: Izhikevich2007
            target: {model: {builtin: Izhikevich2007, set: {C: 150}}}
            experiment:
              dt: 0.5
              record: [v, spike]
              chunks:
                - [{duration: 100, set: {I_app: 10}}]
            loss:
              - {van_rossum: 10}
              - spike_count
            parameters: {C: [50, 300]}
            max_evals: 40
            seed: 1
            """);
        Assert.Contains(result.Result.Notes, n => n.StartsWith(
            "the target has no spikes in the chunks that loss[0].van_rossum, loss[1].spike_count compare", StringComparison.Ordinal));
        Assert.Contains(result.Result.Notes, n => n.StartsWith("every evaluation gave the same loss (0)", StringComparison.Ordinal));
        var summary = FitSummary.FromJson(File.ReadAllText(Path.Combine(result.OutputDirectory, "results.json")));
        Assert.Contains(summary.Notes, n => n.StartsWith("the target has no spikes", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(10, "[AP_amplitude, mean_frequency]", true)]   // below threshold: the features are missing in target and candidates alike
    [InlineData(10, "[AP_amplitude, voltage_base]", false)]    // voltage_base needs no spike
    [InlineData(300, "[AP_amplitude, mean_frequency]", false)] // the target spikes
    public void EfelSpikeFeaturesOnATargetWithoutActionPotentialsAreNoted(int current, string features, bool noted)
    {
        using var files = new TempFiles();
        var result = Fit(files, """
            model: Izhikevich2007
            target: {model: {builtin: Izhikevich2007, set: {C: 150}}}
            experiment:
              dt: 0.5
              record: [v]
              chunks:
                - [{duration: 100, set: {I_app: CURRENT}}]
            loss:
              - {rmse: v}
              - {efel: FEATURES}
            parameters: {C: [50, 300]}
            max_evals: 20
            seed: 1
            """.Replace("CURRENT", current.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("FEATURES", features));
        Assert.Equal(noted, result.Result.Notes.Any(n => n.StartsWith("the target has no spikes in the chunks that loss[1].efel compares", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnInformativeFitHasNeitherNote()
    {
        using var files = new TempFiles();
        var result = Fit(files, """
            model: Izhikevich2007
            target: {model: {builtin: Izhikevich2007, set: {C: 150}}}
            experiment:
              dt: 0.5
              record: [v, spike]
              chunks:
                - [{duration: 100, set: {I_app: 300}}]
            loss:
              - {rmse: v}
              - {van_rossum: 10}
            parameters: {C: [50, 300]}
            max_evals: 40
            seed: 1
            """);
        Assert.DoesNotContain(result.Result.Notes, n => n.Contains("no spikes", StringComparison.Ordinal) || n.Contains("same loss", StringComparison.Ordinal));
    }

    [Fact]
    public void FlatLossLooksAtSuccessfulEvaluationsOnly()
    {
        static HistoryEntry E(int i, double? loss) => new(i, loss, loss, i, loss is null ? "diverged" : null);
        Assert.Null(FitNotes.FlatLoss([E(1, 3)]));
        Assert.Null(FitNotes.FlatLoss([E(1, 3), E(2, 3.0001)]));
        Assert.NotNull(FitNotes.FlatLoss([E(1, 3), E(2, null), E(3, 3)]));
        Assert.Null(FitNotes.FlatLoss([E(1, 3), E(2, null)]));
    }
}
