using System.Globalization;
using NeuroFit.Config;
using NeuroFit.Fitting;
using NeuroFit.Losses;
using NeuroFit.Models;
using NeuroFit.Models.Analysis;
using NeuroFit.Progress;
using NeuroFit.Results;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.ConfigFit;

/// <summary>What the command line may change about a configured fit, and where its files go.</summary>
public sealed record ConfiguredFitSettings
{
    /// <summary>Folder of the run's files (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Method instead of the config's <c>method</c>.</summary>
    public string? Method { get; init; }

    /// <summary>Evaluations instead of the config's <c>max_evals</c>.</summary>
    public int? MaxEvals { get; init; }

    /// <summary>Seed instead of the config's <c>seed</c>.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Time limit of the search instead of the config's <c>time_limit</c> (see <see cref="OptNeuron.Run"/>).</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Progress reporting (default silent).</summary>
    public IFitProgress Progress { get; init; } = new SilentProgress();

    /// <summary>Study storage URL instead of the config's <c>method_options.storage</c> (<c>memory</c>, <c>sqlite:PATH</c>,
    /// <c>postgresql://…</c>). Neither given: a SQLite file <c>study.db</c> in the run folder.</summary>
    public string? Storage { get; init; }

    /// <summary>Study name instead of the config's <c>method_options.study_name</c> (default: the config's name).</summary>
    public string? StudyName { get; init; }

    /// <summary>Stops the search between batches; the run folder then holds the best so far (see <see cref="OptNeuronOptions.Cancellation"/>).</summary>
    public CancellationToken Cancellation { get; init; }
}

/// <summary>A finished configured fit.</summary>
/// <param name="Result">OptNeuron's result (files included).</param>
/// <param name="Parameters">Optimised parameters with their bounds (<see cref="FittedParameter.AtBound"/> flags a value at a bound).</param>
/// <param name="OutputDirectory">Folder holding <c>results.json</c>, <c>results.npz</c>, the figures, <c>config.yaml</c> and <c>report.html</c>.</param>
/// <param name="ReportPath">Path of <c>report.html</c>.</param>
public sealed record ConfiguredFitResult(OptNeuronResult Result, IReadOnlyList<FittedParameter> Parameters, string OutputDirectory, string ReportPath)
{
    /// <summary>What each component of <see cref="OptNeuronResult.AllLoss"/> is, in order (e.g. <c>rmse v, chunk 0, × 10</c>).</summary>
    public IReadOnlyList<string> LossTerms { get; init; } = [];
}

/// <summary>
/// A <c>neurofit fit</c> configuration made runnable: models resolved, experiment checked against the model, data
/// loaded and resampled, loss terms built. <see cref="Prepare"/> reports every mistake as a
/// <see cref="ConfigException"/> naming the key path; <see cref="Run"/> fits with <see cref="OptNeuron"/> and writes
/// the run folder (results named <c>results.*</c>, as <c>neurofit report</c> reads them).
/// </summary>
public sealed class ConfiguredFit
{
    /// <summary>Base name of the results files in a run folder.</summary>
    public const string ResultsName = "results";

    private readonly ResolvedModel _model;
    private readonly ResolvedModel? _target;
    private readonly ExperimentPlan _plan;
    private readonly TargetData? _data;
    private readonly ConfigLoss _loss;
    private readonly MethodSettings _methodSettings;

    private ConfiguredFit(FitConfig config, ResolvedModel model, ResolvedModel? target, ExperimentPlan plan, TargetData? data, ConfigLoss loss, MethodSettings methodSettings)
    {
        Config = config;
        _model = model;
        _target = target;
        _plan = plan;
        _data = data;
        _loss = loss;
        _methodSettings = methodSettings;
    }

    /// <summary>The configuration.</summary>
    public FitConfig Config { get; }

    /// <summary>
    /// Notes about how the fit will run: the models' warnings (e.g. an integer division that truncates), batch size 1
    /// forced by a population-wide parameter.
    /// </summary>
    public IReadOnlyList<string> Notes =>
    [
        .. _model.Warnings.Select(w => $"model: {w}"),
        .. (_target?.Warnings ?? []).Select(w => $"target.model: {w}"),
        .. _methodSettings.Notes,
        .. PeriodNote(),
    ];

    /// <summary>A recording period that is not a multiple of dt is rounded down to whole steps (ANNarchy's
    /// <c>int(period / dt)</c>); say so, since the samples then lie closer together than the config says.</summary>
    private IEnumerable<string> PeriodNote()
    {
        if (_plan.Period is not { } period || Math.Abs(_plan.SampleInterval - period) <= 1e-9 * period) yield break;
        yield return string.Create(CultureInfo.InvariantCulture,
            $"experiment.period {period:G6} ms is not a multiple of dt ({_plan.Dt:G6} ms): samples are taken every {_plan.SampleInterval:G6} ms (int(period/dt) = {_plan.PeriodSteps} step{(_plan.PeriodSteps == 1 ? "" : "s")}, as ANNarchy)");
    }

    /// <summary>Checks <paramref name="config"/> completely and loads its data.</summary>
    /// <exception cref="ConfigException">Any mistake in the config or its files; the key path names the entry.</exception>
    public static ConfiguredFit Prepare(FitConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ConfiguredFit fit;
        try { fit = PrepareChecked(config); }
        catch (ConfigException e) { throw config.WithLine(e); }
        fit.Known = KnownParameters.Beside(config.SourcePath); // a mistake there names known.json, not a line of the config
        return fit;
    }

    /// <summary>True values of the fitted parameters from the <c>known.json</c> beside the config (synthetic data), or null.</summary>
    internal KnownParameters? Known { get; private set; }

    private static ConfiguredFit PrepareChecked(FitConfig config)
    {
        var model = ModelResolver.Resolve(config, config.Model, "model");
        var plan = ExperimentPlan.Create(config, model.Analysed);
        CheckParameters(config, model.Analysed);
        ResolvedModel? target = null;
        TargetData? data = null;
        switch (config.Target)
        {
            case ModelTargetSpec m:
                target = ModelResolver.Resolve(config, m.Model, "target.model");
                ExperimentPlan.Create(config, target.Analysed);
                break;
            case DataTargetSpec d:
                if (d.Traces.Count == 0 && d.Spikes.Count == 0)
                    throw new ConfigException(config.SourcePath, "target", "give target data: data: {file: trace.csv, variable: v} and/or spikes: {file: spikes.csv}");
                data = TargetData.Load(config, d, plan);
                break;
        }
        var loss = ConfigLoss.Create(config, plan, data);
        var settings = MethodSettings.Read(config, model.Analysed);
        return new ConfiguredFit(config, model, target, plan, data, loss, settings);
    }

    /// <summary>Runs the fit and writes the run folder (results, figures, a copy of the config, report.html).</summary>
    /// <exception cref="ConfigException">A bad override, or a fit that cannot run (e.g. every evaluation failed).</exception>
    public ConfiguredFitResult Run(ConfiguredFitSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var method = (settings.Method ?? Config.Method).Trim().ToLowerInvariant();
        if (!OptNeuron.Methods.Contains(method))
            throw new ConfigException(Config.SourcePath, "method", $"unknown method '{method}'; expected one of {string.Join(", ", OptNeuron.Methods)}");
        var timeLimit = settings.TimeLimit ?? (Config.TimeLimit is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        if (timeLimit is { } limit && FitConfigLoader.TimeLimitProblem(limit.TotalSeconds) is { } problem)
            throw new ConfigException(Config.SourcePath, "time_limit", problem);
        var maxEvals = settings.MaxEvals ?? Config.MaxEvalsFor(method, timeLimit?.TotalSeconds);
        if (maxEvals < 1) throw new ConfigException(Config.SourcePath, "max_evals", $"expected a whole number ≥ 1, got {maxEvals}");
        if (method == "sbi" && timeLimit is not null)
            throw Config.WithLine(new ConfigException(Config.SourcePath, "time_limit", OptNeuron.SbiTimeLimitMessage));
        if (method == "sbi" && maxEvals < OptNeuron.SbiMinimumEvaluations)
            throw Config.WithLine(new ConfigException(Config.SourcePath, "max_evals",
                $"method sbi needs at least {OptNeuron.SbiMinimumEvaluations} evaluations to train its posterior, got {maxEvals}"));
        var directory = Path.GetFullPath(settings.OutputDirectory);
        var created = !Directory.Exists(directory);
        if (!created && IsForeignFolder(directory) is { } foreign)
            throw Config.WithLine(new ConfigException(Config.SourcePath, "output",
                $"the run folder {directory} already holds files that are not a NeuroFit run ('{foreign}'), which the run would overwrite or mix with; " +
                "give a new or empty folder, or an earlier run's folder to resume it"));
        try { Directory.CreateDirectory(directory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(Config.SourcePath, "output", $"cannot create the run folder {directory}: {e.Message}");
        }

        OptNeuronResult result;
        try { result = Fit(method, maxEvals, timeLimit, directory, settings); }
        catch (ConfigException e)
        {
            RemoveIfEmpty(directory, created);
            var located = Config.WithLine(e); // e.g. method_options.storage, found only when the storage opens
            if (ReferenceEquals(located, e)) throw;
            throw located;
        }
        catch
        {
            RemoveIfEmpty(directory, created);
            throw;
        }
        return WriteRunFolder(result, directory, method);
    }

    /// <summary>A file or folder in an existing non-empty <paramref name="directory"/> that shows it is not a run folder
    /// (a run folder holds results.json or the study file), or null when the folder is empty or an earlier run's. A run
    /// killed while it wrote its files (results.npz and figures, no results.json yet) left only files a run writes: that
    /// folder is an earlier run's too, so rerunning the same command finishes it.</summary>
    private static string? IsForeignFolder(string directory)
    {
        var entries = Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>().ToList();
        if (entries.Count == 0 || entries.Contains(HtmlReport.SummaryFileName) || entries.Contains(FitStorage.DefaultFileName)) return null;
        var foreign = entries.Where(e => !IsRunOutput(Path.Combine(directory, e))).Order(StringComparer.Ordinal).FirstOrDefault();
        return foreign is null && entries.Any(e => e == "results.npz") ? null : foreign ?? entries.Order(StringComparer.Ordinal).First();
    }

    /// <summary>A file a run writes before its results.json: results.npz, results_*.png/svg, the posterior files of sbi.</summary>
    private static bool IsRunOutput(string path)
    {
        if (!File.Exists(path)) return false;
        var name = Path.GetFileName(path);
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return name == "results.npz"
            || (name.StartsWith("results_", StringComparison.Ordinal) && ext is ".png" or ".svg")
            || (name.StartsWith("posterior", StringComparison.Ordinal) && ext is ".png" or ".svg" or ".npz");
    }

    private OptNeuronResult Fit(string method, int maxEvals, TimeSpan? timeLimit, string directory, ConfiguredFitSettings settings)
    {
        using var storage = FitStorage.Open(settings.Storage, _methodSettings, Config, directory, method);
        var options = ApplyMethodOptions(new OptNeuronOptions
        {
            OutputDirectory = directory,
            Progress = settings.Progress,
            Cancellation = settings.Cancellation,
            WriteFiles = true,
            Storage = storage,
            KnownParameters = Known,
        });
        options = options with { StudyName = storage is null ? null : settings.StudyName ?? options.StudyName ?? Config.Name };
        var seed = settings.Seed ?? Config.Seed;
        return RunSearch(CreateOptNeuron(method, seed, method == "sbi" ? WithStatistics(options, seed) : options), maxEvals, timeLimit);
    }

    /// <summary>The OptNeuron this config describes, with <paramref name="method"/>, <paramref name="seed"/> and <paramref name="options"/>.</summary>
    internal OptNeuron CreateOptNeuron(string method, ulong seed, OptNeuronOptions options)
    {
        try
        {
            return new OptNeuron(
                () => new ConfigExperiment(_plan),
                _data is { } data ? (ist, _) => _loss.Compute(ist, data.Sweeps) : (ist, soll) => _loss.Compute(ist, (ExperimentResults)soll!),
                Config.Parameters,
                _model.Model,
                resultsSoll: _data?.Results,
                targetNeuronModel: _target?.Model,
                timeStep: Config.Experiment.Dt,
                numRepLoss: Config.NumRepLoss,
                method: method,
                record: Config.Experiment.Record,
                recordingPeriod: Config.Experiment.Period,
                seed: unchecked((long)seed),
                options: options);
        }
        catch (FitConfigurationException e)
        {
            throw Config.WithLine(new ConfigException(Config.SourcePath, "parameters", e.Message));
        }
    }

    /// <summary>The config's <c>method_options</c> applied to <paramref name="options"/> (for <c>neurofit worker</c>).</summary>
    internal OptNeuronOptions ApplyMethodOptions(OptNeuronOptions options) =>
        _methodSettings.Apply(options) with { ObjectiveKey = Config.ObjectiveKey, Horizon = new ConfigHorizon(_plan, _loss, _data) };

    /// <summary>sbi with <c>sbi_statistics: loss</c> (the default for configs): the statistics of <see cref="LossStatistics"/>, the candidates' noise
    /// drawn from <paramref name="seed"/> (SbiSearch asks for them one candidate after another, so the draws are reproducible).</summary>
    private OptNeuronOptions WithStatistics(OptNeuronOptions options, ulong seed)
    {
        if (_methodSettings.SbiStatisticsFromLoss is false) return options; // seed mode, asked for with sbi_statistics: none
        var statistics = new LossStatistics(_loss.Terms, _plan, _data?.Sweeps);
        var noise = new Random(unchecked((int)(seed ^ (seed >> 32)) ^ 0x5b1));
        return options with
        {
            SummaryStatistics = results => statistics.Of(ConfigExperiment.Sweeps(results, _plan), noise),
            ObservedStatistics = _data is { } data ? statistics.Of(data.Sweeps) : null, // a target model's: computed by OptNeuron from its results
            SbiStatisticsNote = $"sbi statistics from the loss terms (method_options.sbi_statistics: loss; none = seed mode): {statistics.Describe()}" +
                (statistics.NoiseLevels.Count == 0 ? "" : $"; the candidates' stretch means carry the noise SD estimated in the target ({string.Join(", ", statistics.NoiseLevels)})"),
        };
    }

    private OptNeuronResult RunSearch(OptNeuron opt, int maxEvals, TimeSpan? timeLimit)
    {
        try
        {
            return opt.Run(maxEvals, ResultsName, timeLimit: timeLimit);
        }
        catch (FitConfigurationException e)
        {
            throw new ConfigException(Config.SourcePath, "", $"the fit cannot run: {e.Message}");
        }
    }

    private ConfiguredFitResult WriteRunFolder(OptNeuronResult result, string directory, string method)
    {
        var summaryPath = Path.Combine(directory, HtmlReport.SummaryFileName);
        var summary = FitSummary.FromJson(File.ReadAllText(summaryPath));
        var extra = new List<string>();
        if (File.Exists(Config.SourcePath))
        {
            var copy = Path.Combine(directory, "config.yaml");
            if (!string.Equals(Path.GetFullPath(Config.SourcePath), copy, StringComparison.Ordinal)) // the config may already be the run folder's copy
                File.Copy(Config.SourcePath, copy, overwrite: true);
            extra.Add("config.yaml");
        }
        extra.Add("report.html");
        string[] targetNotes = [.. _methodSettings.IgnoredBy(method), .. SilentTargetNote(result.ResultsSoll) is { } silent ? new[] { silent } : []];
        summary = summary with
        {
            Name = Config.Name,
            Files = [.. summary.Files, .. extra],
            Notes = [.. Notes, .. targetNotes, .. summary.Notes],
            LossTerms = _loss.Labels,
        };
        File.WriteAllText(summaryPath, summary.ToJson());
        var report = HtmlReport.Write(directory);
        return new ConfiguredFitResult(
            result with { Files = [.. result.Files, .. extra.Select(f => Path.Combine(directory, f))], Notes = [.. targetNotes, .. result.Notes] },
            summary.Best, directory, report) { LossTerms = summary.LossTerms };
    }

    /// <summary>A note naming the spike terms whose chunks hold no target spike at all, and the efel terms of spike features
    /// whose target traces hold no action potential: they can only reward a silent model.</summary>
    private string? SilentTargetNote(object? resultsSoll)
    {
        var sweeps = _data?.Sweeps ?? (resultsSoll is ExperimentResults target ? ConfigExperiment.Sweeps(target, _plan) : null);
        if (sweeps is null) return null;
        IEnumerable<int> Chunks(ConfiguredTerm t) => t.Spec.Chunk is { } c ? [c] : Enumerable.Range(0, sweeps.Count);
        var silent = _loss.Terms
            .Where(t => t.NeedsSpikes && Chunks(t).All(c => sweeps[c].SpikeTimesMs is { Count: 0 }) ||
                        // eFEL features that need action potentials: missing in target and candidate alike scores 0
                        t.Term.Term is EfelFeatureLoss efel && efel.TargetValues is null &&
                        efel.Features.All(f => f is not (VoltageFeature.SpikeCount or VoltageFeature.VoltageBase)) &&
                        Chunks(t).All(c => sweeps[c].Traces.TryGetValue(efel.Variable, out var v) &&
                                           SpikeDetection.Find(v, efel.Settings?.ThresholdMv ?? -20).Length == 0))
            .Select(t => t.Spec.KeyPath)
            .ToList();
        return silent.Count == 0 ? null
            : $"the target has no spikes in the chunks that {string.Join(", ", silent)} compare{(silent.Count == 1 ? "s" : "")}: " +
              "such a term only rewards a silent model; give a stimulus that makes the target spike";
    }

    /// <summary>A run folder this run created and that holds nothing (the fit failed before writing) is removed again.</summary>
    private static void RemoveIfEmpty(string directory, bool created)
    {
        try
        {
            if (!created || !Directory.Exists(directory)) return;
            // the default study file this fit created holds no finished result worth keeping
            var entries = Directory.EnumerateFileSystemEntries(directory).ToList();
            if (entries.All(e => Path.GetFileName(e).StartsWith(FitStorage.DefaultFileName, StringComparison.Ordinal)))
                Directory.Delete(directory, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The default run folder: <c>runs/&lt;config name&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> below the current directory.</summary>
    public static string DefaultOutputDirectory(FitConfig config, DateTime now) =>
        Path.Combine("runs", $"{config.Name}-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");

    /// <summary>Simulates the config's experiment on its model (or <paramref name="model"/>) with the given parameter values.</summary>
    internal ExperimentResults Simulate(IReadOnlyDictionary<string, double>? values = null, NeuronModel? model = null, ulong seed = 0) =>
        ConfigSimulation.Simulate(_plan, model?.Analyse() ?? _model.Analysed, values, seed);

    internal ExperimentPlan Plan => _plan;

    internal ConfigLoss Loss => _loss;

    internal TargetData? Data => _data;

    /// <summary>
    /// Each entry is a model attribute, or a helper that an expression uses (<c>dv</c> in <c>v_t: "v_r + dv"</c>);
    /// expressions read other entries and the model's parameters. The same rules as OptNeuron's, with key paths.
    /// </summary>
    private static void CheckParameters(FitConfig config, AnalysedModel model)
    {
        var attributes = model.Parameters.Select(p => p.Name).Concat(model.Variables.Select(v => v.Name)).ToList();
        var parameters = model.Parameters.Select(p => p.Name).ToHashSet();
        var names = config.Parameters.Select(p => p.Key).ToList();
        var usedByExpressions = new HashSet<string>();
        foreach (var (name, bound) in config.Parameters)
        {
            if (bound is not ExpressionBound expression) continue;
            var path = $"parameters.{name}";
            ModelExpression parsed;
            try { parsed = ModelExpression.Parse(expression.Expression); }
            catch (ModelException e) { throw new ConfigException(config.SourcePath, path, $"\"{expression.Expression}\" is not a valid expression: {e.First.Message}"); }
            var missing = parsed.Names.Where(n => !names.Contains(n) && !parameters.Contains(n)).ToList();
            if (missing.Count > 0)
                throw new ConfigException(config.SourcePath, path,
                    $"\"{expression.Expression}\" uses {string.Join(", ", missing.Select(m => $"'{m}'"))}, neither given under parameters nor a parameter of model '{model.Name}'" +
                    $"{NameHints.DidYouMean(missing[0], [.. names, .. parameters])}; an expression may use other entries of 'parameters' and the model's parameters");
            usedByExpressions.UnionWith(parsed.Names);
        }
        foreach (var name in names)
        {
            if (!attributes.Contains(name) && !usedByExpressions.Contains(name))
                throw new ConfigException(config.SourcePath, $"parameters.{name}",
                    $"model '{model.Name}' has no parameter or variable '{name}'{NameHints.DidYouMean(name, attributes)}; it has: {string.Join(", ", attributes)} " +
                    "(an entry that is none of them must be used by an expression, as dv in v_t: \"v_r + dv\")");
        }
    }
}
