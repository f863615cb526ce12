using System.Globalization;
using NeuroFit.Config;
using NeuroFit.Fitting;
using NeuroFit.Models.Analysis;
using NeuroFit.Optimization.Storage;

namespace NeuroFit.ConfigFit;

/// <summary>
/// The <c>method_options:</c> of a config (<c>batch_size</c>, <c>sigma0</c>, <c>threads</c>, <c>sbi_rounds</c>, <c>sbi_sampling</c>, <c>sbi_statistics</c>,
/// <c>storage</c>, <c>study_name</c>) as <see cref="OptNeuronOptions"/>. A population-wide (<c>: population</c>) attribute among the
/// fitted or computed entries forces batch size 1, because candidates simulated together share it.
/// </summary>
internal sealed record MethodSettings(int? BatchSize, double? Sigma0, int? Threads, int? SbiRounds, string? StudyName, string? Storage, IReadOnlyList<string> Notes)
{
    public static readonly IReadOnlyList<string> Keys = ["batch_size", "sigma0", "threads", "sbi_rounds", "sbi_sampling", "sbi_sampling_seconds", "sbi_statistics", "storage", "study_name"];

    /// <summary>sbi: <c>sbi_sampling</c> (direct | mcmc | auto) and <c>sbi_sampling_seconds</c>; null when neither is given.</summary>
    public Inference.Posteriors.SamplingLimits? SbiSampling { get; init; }

    /// <summary>sbi: <c>sbi_statistics: loss</c> (true; statistics mode, x = statistics derived from the loss terms, see
    /// <see cref="LossStatistics"/>) or <c>none</c> (false; seed mode, x = the loss, x_o = 0); null when not given, which
    /// configs treat as <c>loss</c>.</summary>
    public bool? SbiStatisticsFromLoss { get; init; }

    public static MethodSettings Read(FitConfig config, AnalysedModel model)
    {
        var o = config.MethodOptions;
        foreach (var key in o.Keys)
            if (!Keys.Contains(key))
                throw new ConfigException(config.SourcePath, $"method_options.{key}", $"unknown key{NameHints.DidYouMean(key, Keys)}; allowed here: {string.Join(", ", Keys)}");
        int? Int(string key, int min)
        {
            if (!o.TryGetValue(key, out var text)) return null;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min) return v;
            // 99999999999 was "expected a whole number ≥ 1", which it is: say what is wrong with it
            var tooLarge = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var big) && big > int.MaxValue;
            throw new ConfigException(config.SourcePath, $"method_options.{key}",
                tooLarge ? $"{text} is too large; expected a whole number from {min} to {int.MaxValue}" : $"expected a whole number ≥ {min}, got '{text}'");
        }
        double? sigma0 = null;
        if (o.TryGetValue("sigma0", out var sigmaText))
            sigma0 = double.TryParse(sigmaText, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 1
                ? s
                : throw new ConfigException(config.SourcePath, "method_options.sigma0", $"expected the CMA-ES initial step size in the unit cube, a number in (0, 1], got '{sigmaText}'");
        var batch = Int("batch_size", 1);
        var notes = new List<string>();
        var shared = config.Parameters.Where(p => p.Value is not ConstantBound && IsGlobal(model, p.Key)).Select(p => p.Key).ToList();
        if (shared.Count > 0)
        {
            if (batch is > 1)
                throw new ConfigException(config.SourcePath, "method_options.batch_size",
                    $"{string.Join(", ", shared.Select(n => $"'{n}'"))} {(shared.Count > 1 ? "are" : "is")} population-wide (': population') in model '{model.Name}', " +
                    "so candidates simulated together cannot differ in it; use batch_size: 1 (the default then)");
            batch = 1;
            notes.Add($"{string.Join(", ", shared)} {(shared.Count > 1 ? "are" : "is")} population-wide in model '{model.Name}': candidates are simulated one at a time");
        }
        o.TryGetValue("study_name", out var study);
        if (study is not null && string.IsNullOrWhiteSpace(study))
            throw new ConfigException(config.SourcePath, "method_options.study_name", "a study name must not be empty; leave the key out to use the config's name");
        o.TryGetValue("storage", out var storage);
        if (storage is { } url && url.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = url["sqlite:".Length..];
            if (path.StartsWith("///", StringComparison.Ordinal)) path = path[3..];
            if (path.Length > 0) storage = "sqlite:" + config.Resolve(path);
        }
        Inference.Posteriors.SamplingLimits? sampling = null;
        if (o.TryGetValue("sbi_sampling", out var how))
            sampling = new Inference.Posteriors.SamplingLimits
            {
                SampleWith = how switch
                {
                    "direct" => Inference.Posteriors.PosteriorSampling.Direct,
                    "mcmc" => Inference.Posteriors.PosteriorSampling.Mcmc,
                    "auto" => Inference.Posteriors.PosteriorSampling.Auto,
                    _ => throw new ConfigException(config.SourcePath, "method_options.sbi_sampling", $"expected direct, mcmc or auto, got '{how}'"),
                },
            };
        if (o.TryGetValue("sbi_sampling_seconds", out var secondsText))
        {
            if (!double.TryParse(secondsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 1e6)
                throw new ConfigException(config.SourcePath, "method_options.sbi_sampling_seconds", $"expected the seconds one posterior sampling call may take, a positive number, got '{secondsText}'");
            sampling = (sampling ?? new Inference.Posteriors.SamplingLimits { SampleWith = Inference.Posteriors.PosteriorSampling.Auto }) with { MaxTime = TimeSpan.FromSeconds(seconds) };
        }
        bool? statistics = null;
        if (o.TryGetValue("sbi_statistics", out var statisticsText))
            statistics = statisticsText switch
            {
                "loss" => true,
                "none" => false,
                _ => throw new ConfigException(config.SourcePath, "method_options.sbi_statistics",
                    $"expected loss (statistics derived from the loss terms: stretch means of compared traces, spike counts and times) or none (seed mode: x = the loss), got '{statisticsText}'"),
            };
        return new MethodSettings(batch, sigma0, Int("threads", 0), Int("sbi_rounds", 1), study, storage, notes) { SbiSampling = sampling, SbiStatisticsFromLoss = statistics };
    }

    /// <summary>Notes for the method-specific options that <paramref name="method"/> does not use (sigma0 is CMA-ES's:
    /// cmaes and deap; sbi_rounds sbi's): given to another method they were dropped without a word.</summary>
    public IEnumerable<string> IgnoredBy(string method)
    {
        if (Sigma0 is not null && method is not ("cmaes" or "deap")) yield return $"method_options.sigma0 is an option of cmaes and deap; method {method} does not use it";
        if (SbiRounds is not null && method != "sbi") yield return $"method_options.sbi_rounds is an option of sbi; method {method} does not use it";
        if (SbiSampling is not null && method != "sbi") yield return $"method_options.sbi_sampling(_seconds) is an option of sbi; method {method} does not use it";
        if (SbiStatisticsFromLoss is not null && method != "sbi") yield return $"method_options.sbi_statistics is an option of sbi; method {method} does not use it";
    }

    public OptNeuronOptions Apply(OptNeuronOptions options) => options with
    {
        BatchSize = BatchSize ?? options.BatchSize,
        CmaSigma0 = Sigma0 ?? options.CmaSigma0,
        Threads = Threads ?? options.Threads,
        SbiRounds = SbiRounds ?? options.SbiRounds,
        SbiSampling = SbiSampling ?? options.SbiSampling,
        StudyName = StudyName ?? options.StudyName,
    };

    /// <summary>Opens the configured study storage (a SQLite path is relative to the config), or null for in-memory.</summary>
    public IStudyStorage? OpenStorage(FitConfig config)
    {
        if (Storage is null) return null;
        try { return StudyStorage.Open(Storage); }
        catch (StudyStorageException e) { throw new ConfigException(config.SourcePath, "method_options.storage", e.Message); }
    }

    private static bool IsGlobal(AnalysedModel model, string name)
    {
        var p = model.ParameterIndex(name);
        if (p >= 0) return model.Parameters[p].Locality == Locality.Global;
        var v = model.VariableIndex(name);
        return v >= 0 && model.Variables[v].Locality == Locality.Global;
    }
}
