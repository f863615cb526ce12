using System.CommandLine;
using System.Globalization;
using System.Text;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit study create|show|export|list</c>: a study shared by workers (docs/scaling.md). <c>create</c> stores
/// the config with a new study; <c>show</c> summarises one; <c>export</c> writes its trials as CSV or JSON.
/// </summary>
internal static class StudyCommand
{
    public static Command Create()
    {
        var command = new Command("study", "Create, inspect and export studies that several workers share (see docs/scaling.md).");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(ExportCommand());
        command.Subcommands.Add(ListCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var config = new Argument<string>("config") { Description = "Fit configuration (YAML; see docs/config.md)." };
        var storage = new Option<string>("--storage") { Description = "Study storage: postgresql://user@host:port/db (several machines) or sqlite:PATH (one process at a time).", Required = true };
        var study = FitStorageOptions.StudyName(new Option<string?>("--study") { Description = "Study name (default: the config's name)." });
        var method = new Option<string?>("--method") { Description = "Method instead of the config's: hyperopt, optuna, deap, cmaes, random or sobol." };
        var maxEvals = new Option<int?>("--max-evals") { Description = "Budget of the whole study (evaluations) instead of the config's max_evals." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed instead of the config's.", CustomParser = FitCommand.SeedParser };
        var command = new Command("create", "Create a study from a config so that 'neurofit worker' processes can join it.")
        {
            config, storage, study, method, maxEvals, seed,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var evals = parse.GetValue(maxEvals);
            if (evals is < 1) throw new CliUsageException($"--max-evals must be at least 1, got {evals}");
            var path = Path.GetFullPath(parse.GetRequiredValue(config));
            var loaded = FitConfigLoader.Load(path);
            var setup = new StudySetup(File.ReadAllText(path), path, StudySetup.CheckMethod(parse.GetValue(method) ?? (loaded.MethodGiven ? loaded.Method : "cmaes")),
                parse.GetValue(seed) ?? loaded.Seed, evals ?? loaded.MaxEvals);
            var fit = setup.Prepare();
            var name = parse.GetValue(study) ?? loaded.Name;
            var url = parse.GetRequiredValue(storage);
            using var store = StudyStorage.Open(url);
            var opt = fit.CreateOptNeuron(setup.Method, setup.Seed, fit.ApplyMethodOptions(new OptNeuronOptions { WriteFiles = false }));
            using (var created = opt.CreateStudy(store, name)) setup.Store(store, created.Record.Id);
            output.WriteLine($"created study '{name}' in {store.Description}: method {setup.Method}, seed {setup.Seed}, budget {setup.MaxEvals} evaluations, " +
                             $"parameters {string.Join(", ", opt.OptimisedNames)}");
            // a SQLite file is for processes of one machine (docs/scaling.md): "any machine" invited a network file system
            output.WriteLine(store is SqliteStudyStorage
                ? "start workers (processes on this machine; SQLite serialises them, use PostgreSQL for several machines):"
                : $"start workers (any number, on any machine that sees {Path.GetDirectoryName(path)}):");
            output.WriteLine($"  neurofit worker --storage {url} --study {name}");
            return 0;
        });
        return command;
    }

    private static (Argument<string> Url, Argument<string> Name) StudyArguments() =>
        (new Argument<string>("storage") { Description = "Study storage URL (sqlite:PATH or postgresql://…)." },
         new Argument<string>("study") { Description = "Study name." });

    private static Command ShowCommand()
    {
        var (url, name) = StudyArguments();
        var command = new Command("show", "Summarise a study: budget, trials per state, workers, the best trial.") { url, name };
        command.SetAction(parse =>
        {
            using var storage = StudyStorage.OpenExisting(parse.GetRequiredValue(url));
            parse.InvocationConfiguration.Output.Write(Show(storage, parse.GetRequiredValue(name)));
            return 0;
        });
        return command;
    }

    private static Command ExportCommand()
    {
        var (url, name) = StudyArguments();
        var format = new Option<string>("--format") { Description = "csv or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<string?>("--out") { Description = "File to write (default: standard output)." };
        var command = new Command("export", "Write a study's trials (one row per trial: number, state, loss, parameters, worker, attempt, times).")
        {
            url, name, format, output,
        };
        command.SetAction(parse =>
        {
            using var storage = StudyStorage.OpenExisting(parse.GetRequiredValue(url));
            var text = StudyExport.Write(storage, parse.GetRequiredValue(name), parse.GetValue(format)!);
            if (parse.GetValue(output) is { } file) File.WriteAllText(file, text);
            else parse.InvocationConfiguration.Output.Write(text);
            return 0;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var url = new Argument<string>("storage") { Description = "Study storage URL (sqlite:PATH or postgresql://…)." };
        var command = new Command("list", "List the studies of a storage with their trial counts.") { url };
        command.SetAction(parse =>
        {
            using var storage = StudyStorage.OpenExisting(parse.GetRequiredValue(url));
            var output = parse.InvocationConfiguration.Output;
            var studies = storage.ListStudies();
            if (studies.Count == 0) output.WriteLine($"no studies in {storage.Description}");
            foreach (var s in studies)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.Name}  {storage.CountTrials(s.Id, [TrialState.Complete])} complete, {storage.CountTrials(s.Id)} trials, created {s.Created:yyyy-MM-dd HH:mm:ss}Z"));
            return 0;
        });
        return command;
    }

    /// <summary>The text of <c>neurofit study show</c>.</summary>
    internal static string Show(IStudyStorage storage, string name)
    {
        using var study = Study.Load(storage, name, new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
        var attrs = storage.GetStudyAttributes(study.Record.Id);
        var trials = study.GetTrials();
        static string F(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "-";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"study {study.Name} in {storage.Description}, created {study.Record.Created:yyyy-MM-dd HH:mm:ss}Z");
        text.AppendLine($"sampler {study.SamplerSettings.ToJson()}");
        text.AppendLine($"parameters {string.Join(", ", study.Space.Parameters.Select(p => $"{p.Name} ({p.Distribution.Kind})"))}");
        if (attrs.TryGetValue(StudySetup.ConfigPathKey, out var config)) text.AppendLine($"config {config}");
        var budget = attrs.TryGetValue(StudySetup.MaxEvalsKey, out var b) ? $" of a budget of {b}" : "";
        var counts = string.Join(", ", Enum.GetValues<TrialState>().Select(s => (s, n: trials.Count(t => t.State == s))).Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.s.ToString().ToLowerInvariant()}"));
        text.AppendLine($"trials {trials.Count}{budget}: {(counts.Length == 0 ? "none yet" : counts)}");
        var requeued = trials.Count(t => t.Attempt > 1);
        if (requeued > 0) text.AppendLine($"re-queued after a worker stopped: {requeued}");
        var workers = trials.Where(t => t.WorkerId is not null).GroupBy(t => t.WorkerId!).OrderByDescending(g => g.Count()).ToList();
        if (workers.Count > 0) text.AppendLine($"workers {workers.Count}: {string.Join(", ", workers.Take(8).Select(g => $"{g.Key} ({g.Count()})"))}{(workers.Count > 8 ? ", …" : "")}");
        if (study.BestTrial is { } best)
        {
            var values = study.ExternalParams(best);
            text.AppendLine(CultureInfo.InvariantCulture, $"best trial {best.Number}: loss {F(best.Loss)}{(best.LossSd is { } sd ? $" ± {F(sd)}" : "")}");
            foreach (var p in study.Space.Parameters) text.AppendLine($"  {p.Name} = {StudyExport.Format(values[p.Name])}");
        }
        else text.AppendLine("best trial: none complete yet");
        return text.ToString();
    }
}
