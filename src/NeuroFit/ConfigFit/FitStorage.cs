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

    public static IStudyStorage? Open(string? url, MethodSettings settings, FitConfig config, string runFolder, string method)
    {
        if (url is not null) return StudyStorage.Open(url);
        if (settings.Storage is not null) return settings.OpenStorage(config);
        return method == "sbi" ? null : new SqliteStudyStorage(Path.Combine(runFolder, DefaultFileName));
    }
}
