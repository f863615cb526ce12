using NeuroFit.Config;
using NeuroFit.Optimization.Storage;

namespace NeuroFit.ConfigFit;

/// <summary>
/// The study storage of a configured fit: the command line's URL (<c>--storage</c>), else the config's
/// <c>method_options.storage</c>, else a SQLite file <see cref="DefaultFileName"/> in the run folder, so every fit
/// survives a killed process (<c>sbi</c> runs without a study and gets none).
/// </summary>
internal static class FitStorage
{
    /// <summary>File name of the default study storage in a run folder.</summary>
    public const string DefaultFileName = "study.db";

    /// <exception cref="ConfigException">A storage given (<c>--storage</c> or <c>method_options.storage</c>) for
    /// <c>sbi</c>, which would open (or create) it and then ignore it: the user expects a resumable fit that is not.</exception>
    public static IStudyStorage? Open(string? url, MethodSettings settings, FitConfig config, string runFolder, string method)
    {
        if (method is "sbi" or "auto" && (url ?? settings.Storage) is { } given && given.Trim() is not ("memory" or "inmemory" or "in-memory" or ":memory:"))
            throw new ConfigException(config.SourcePath, url is null ? "method_options.storage" : "method",
                $"method {method} does not run on a study, so storage '{given}' would neither keep nor resume it; leave the storage out for {method}, " +
                "or use hyperopt, optuna, deap/cmaes, random or sobol");
        if (url is not null) return StudyStorage.Open(url);
        if (settings.Storage is not null) return settings.OpenStorage(config);
        return method is "sbi" or "auto" ? null : new SqliteStudyStorage(Path.Combine(runFolder, DefaultFileName));
    }
}
