using System.Globalization;
using NeuroFit.Config;
using NeuroFit.Losses;
using NeuroFit.Simulation.Analysis;

namespace NeuroFit.ConfigFit;

/// <summary>What a configured loss term reads: a trace of a variable and/or spike times.</summary>
/// <param name="Term">The weighted term.</param>
/// <param name="Spec">The config entry it came from.</param>
/// <param name="TraceVariable">Variable whose trace the term compares, or null.</param>
/// <param name="NeedsSpikes">Whether the term compares spike times.</param>
internal sealed record ConfiguredTerm(WeightedTerm Term, LossTermSpec Spec, string? TraceVariable, bool NeedsSpikes);

/// <summary>
/// Turns the <c>loss:</c> entries of a config into loss-library terms. Every bad setting is a
/// <see cref="ConfigException"/> naming <c>loss[i].KIND.SETTING</c>.
/// </summary>
internal static class LossTermFactory
{
    private static readonly string[] WindowKeys = ["start", "end", "max_loss"];

    /// <summary>Allowed settings per kind (documented in docs/config.md).</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Settings = new Dictionary<string, string[]>
    {
        ["rmse"] = ["variable", .. WindowKeys],
        ["mse"] = ["variable", .. WindowKeys],
        ["spike_count"] = [.. WindowKeys],
        ["van_rossum"] = ["tau", .. WindowKeys],
        ["victor_purpura"] = ["q", .. WindowKeys],
        ["gamma_factor"] = ["delta", "rate_correction", .. WindowKeys],
        ["spike_features"] = ["features", "max_loss"],
        ["efel"] = ["features", "variable", "threshold", "sigma", "valid_range", "stimulus_start", "stimulus_end", "max_loss"],
    };

    /// <summary>Builds one term. <paramref name="defaultVariable"/> is used by rmse/mse/efel when no variable is named.</summary>
    public static ConfiguredTerm Create(LossTermSpec spec, string file, string? defaultVariable)
    {
        var s = new SettingReader(spec, file);
        foreach (var key in spec.Settings.Keys)
            if (!Settings[spec.Kind].Contains(key))
                throw s.Error(key, $"unknown setting{NameHints.DidYouMean(key, Settings[spec.Kind])}; '{spec.Kind}' takes: {string.Join(", ", Settings[spec.Kind])}");
        ILossTerm term;
        string? variable = null;
        var spikes = false;
        switch (spec.Kind)
        {
            case "rmse":
            case "mse":
                variable = s.Text("variable") ?? defaultVariable
                    ?? throw s.Error("variable", $"name the recorded variable to compare, e.g. {{{spec.Kind}: v}}");
                term = spec.Kind == "rmse"
                    ? new RmseLoss(variable, s.Window(), s.Number("max_loss", positive: true) ?? 1e6)
                    : new MseLoss(variable, s.Window(), s.Number("max_loss", positive: true) ?? 1e12);
                break;
            case "spike_count":
                spikes = true;
                term = new SpikeCountLoss(s.Window(), s.Number("max_loss", positive: true) ?? 1e6);
                break;
            case "van_rossum":
                spikes = true;
                term = new VanRossumLoss(s.Required("tau", "the kernel time constant in ms, e.g. {van_rossum: 10}", positive: true), s.Window(),
                    s.Number("max_loss", positive: true) ?? 1e6);
                break;
            case "victor_purpura":
                spikes = true;
                term = new VictorPurpuraLoss(s.Required("q", "the cost per ms of moving a spike, e.g. {victor_purpura: 0.1}", positive: false), s.Window(),
                    s.Number("max_loss", positive: true) ?? 1e6);
                break;
            case "gamma_factor":
                spikes = true;
                term = new GammaFactorLoss(s.Required("delta", "the coincidence window in ms, e.g. {gamma_factor: 2}", positive: true),
                    s.Bool("rate_correction") ?? true, s.Window(), s.Number("max_loss", positive: true) ?? 1000);
                break;
            case "spike_features":
                spikes = true;
                term = new SpikeFeatureLossTerm(s.List("features", name => SpikeFeatures.Parse(name)), s.Number("max_loss", positive: true) ?? 1e6);
                break;
            case "efel":
                variable = s.Text("variable") ?? "v";
                var features = s.List("features", VoltageFeatures.Parse)
                    ?? throw s.Error("features", $"name the features to compare, e.g. {{efel: [{VoltageFeatures.NameOf(VoltageFeature.SpikeCount)}, {VoltageFeatures.NameOf(VoltageFeature.VoltageBase)}]}}");
                var sigma = s.Number("sigma", positive: true);
                var range = s.Range("valid_range");
                var stimulusStart = s.Number("stimulus_start", positive: false);
                var stimulusEnd = s.Number("stimulus_end", positive: false);
                if (stimulusStart is < 0) throw s.Error("stimulus_start", $"expected a time ≥ 0 ms, got {s.Text("stimulus_start")}");
                if (stimulusEnd is { } se && !(se > (stimulusStart ?? 0)))
                    throw s.Error("stimulus_end", $"the stimulus end ({s.Text("stimulus_end")} ms) must come after its start ({stimulusStart ?? 0} ms)");
                term = new EfelFeatureLoss(features, variable,
                    new VoltageFeatureSettings(ThresholdMv: s.Number("threshold", positive: false) ?? -20,
                        StimulusStartMs: stimulusStart, StimulusEndMs: stimulusEnd),
                    Sigmas: sigma is { } sd ? features.ToDictionary(f => f, _ => sd) : null,
                    ValidRangeMv: range,
                    MaxLoss: s.Number("max_loss", positive: true) ?? 250);
                break;
            default:
                throw new ConfigException(file, spec.KeyPath, $"unknown loss term '{spec.Kind}'", spec.Line);
        }
        return new ConfiguredTerm(new WeightedTerm(term, spec.Weight, spec.Chunk), spec, variable, spikes);
    }

    private sealed class SettingReader(LossTermSpec spec, string file)
    {
        public ConfigException Error(string key, string problem) => new(file, $"{spec.KeyPath}.{key}", problem, spec.Line);

        public string? Text(string key) => spec.Settings.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        public double? Number(string key, bool positive)
        {
            if (Text(key) is not { } text) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw Error(key, $"expected a number, got '{text}'");
            if (positive && !(value > 0)) throw Error(key, $"expected a positive number, got {text}");
            return value;
        }

        public double Required(string key, string what, bool positive)
        {
            var value = Number(key, positive) ?? throw Error(key, $"missing: give {what}");
            if (!positive && value < 0) throw Error(key, $"expected a number ≥ 0, got {Text(key)}");
            return value;
        }

        public bool? Bool(string key) => Text(key)?.ToLowerInvariant() switch
        {
            null => null,
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw Error(key, $"expected true or false, got '{other}'"),
        };

        public TimeWindow? Window()
        {
            var start = Number("start", positive: false);
            var end = Number("end", positive: false);
            if (start is < 0) throw Error("start", $"expected a time ≥ 0 ms, got {start}");
            if (start is { } a && end is { } b && !(b > a)) throw Error("end", $"the window end ({b} ms) must come after its start ({a} ms)");
            return start is null && end is null ? null : new TimeWindow(start, end);
        }

        public (double, double)? Range(string key)
        {
            if (Text(key) is not { } text) return null;
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo) &&
                double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi) && lo < hi)
                return (lo, hi);
            throw Error(key, $"expected [min, max] in mV with min < max, got '{text}'");
        }

        public IReadOnlyList<T>? List<T>(string key, Func<string, T> parse)
        {
            if (!spec.Settings.TryGetValue(key, out var text)) return null;
            var result = new List<T>();
            foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                try { result.Add(parse(name)); }
                catch (LossException e) { throw Error(key, e.Message); }
                catch (ArgumentException e) { throw Error(key, e.ParamName is { } p ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message); }
            }
            return result.Count > 0 ? result : throw Error(key, "give at least one feature");
        }
    }
}
