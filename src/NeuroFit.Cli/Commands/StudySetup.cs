using System.Globalization;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Optimization.Storage;

namespace NeuroFit.Cli;

/// <summary>
/// What <c>neurofit study create</c> stores with a study so that <c>neurofit worker</c> can join it from anywhere:
/// the config text and its original path (relative data and model paths resolve against that folder, so every worker
/// must see those files at the same absolute paths), the method, seed and budget.
/// </summary>
internal sealed record StudySetup(string ConfigText, string ConfigPath, string Method, ulong Seed, int MaxEvals)
{
    public const string ConfigKey = "neurofit.config";
    public const string ConfigPathKey = "neurofit.config_path";
    public const string MethodKey = "neurofit.method";
    public const string SeedKey = "neurofit.seed";
    public const string MaxEvalsKey = "neurofit.max_evals";

    public void Store(IStudyStorage storage, long studyId)
    {
        storage.SetStudyAttribute(studyId, ConfigPathKey, ConfigPath);
        storage.SetStudyAttribute(studyId, MethodKey, Method);
        storage.SetStudyAttribute(studyId, SeedKey, Seed.ToString(CultureInfo.InvariantCulture));
        storage.SetStudyAttribute(studyId, MaxEvalsKey, MaxEvals.ToString(CultureInfo.InvariantCulture));
        storage.SetStudyAttribute(studyId, ConfigKey, ConfigText); // last: a study with its config is complete
    }

    /// <summary>The setup stored with study <paramref name="name"/>; a clear error when the study was not made by
    /// <c>neurofit study create</c>.</summary>
    public static StudySetup Load(IStudyStorage storage, string name)
    {
        var record = storage.FindStudy(name) ?? throw new StudyNotFoundException(name, storage.Description);
        var a = storage.GetStudyAttributes(record.Id);
        if (!a.TryGetValue(ConfigKey, out var text))
            throw new CliUsageException($"study '{name}' in {storage.Description} holds no fit configuration; workers join studies made by 'neurofit study create CONFIG --storage URL --study {name}'");
        return new StudySetup(text, a[ConfigPathKey], a[MethodKey], ulong.Parse(a[SeedKey], CultureInfo.InvariantCulture),
            int.Parse(a[MaxEvalsKey], CultureInfo.InvariantCulture));
    }

    /// <summary>The stored config, checked and loaded as on the machine that created the study.</summary>
    public ConfiguredFit Prepare() => ConfiguredFit.Prepare(FitConfigLoader.Parse(ConfigText, ConfigPath));

    /// <summary>Checks a method name given on the command line (or in the config) for a study with workers.</summary>
    public static string CheckMethod(string requested)
    {
        var method = requested.Trim().ToLowerInvariant();
        if (!OptNeuron.Methods.Contains(method))
            throw new CliUsageException($"--method: unknown method '{requested}'; use one of {string.Join(", ", OptNeuron.Methods.Where(m => m is not ("sbi" or "auto")))}");
        if (method is "sbi" or "auto")
            throw new CliUsageException($"method {method} does not run on a study; studies with workers need hyperopt, optuna, deap/cmaes, random, sobol or bads " +
                "(a config without method: gives a study cmaes)");
        return method;
    }
}
