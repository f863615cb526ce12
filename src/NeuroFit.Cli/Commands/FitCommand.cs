using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Progress;
using NeuroFit.Results;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit fit CONFIG</c>: fits a model as a YAML config describes (docs/config.md), prints the result table and
/// writes the run folder (results.json/.npz, figures, report.html). With <c>--json</c> stdout holds exactly one JSON object.
/// </summary>
internal static class FitCommand
{
    /// <summary>The largest seed: seeds are 64-bit signed inside (OptNeuron's <c>seed</c>), so larger ones printed negative.</summary>
    internal const long MaxSeed = long.MaxValue;

    /// <summary>Parses <c>--seed</c>: a whole number from 0 to <see cref="MaxSeed"/>.</summary>
    internal static ulong? SeedParser(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (ulong.TryParse(token, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value <= MaxSeed) return value;
        result.AddError($"--seed: '{token}' is not a whole number ≥ 0 (at most {MaxSeed})");
        return null;
    }

    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "Fit configuration (YAML; see docs/config.md)." };
        var method = new Option<string?>("--method") { Description = $"Optimisation method instead of the config's: {string.Join(", ", OptNeuron.Methods)}." };
        var maxEvals = new Option<int?>("--max-evals")
        {
            Description = "Evaluations (parameter sets) instead of the config's max_evals.",
            CustomParser = NumberOption.NullableParser<int>("a whole number"),
        };
        var seed = new Option<ulong?>("--seed") { Description = "Seed instead of the config's.", CustomParser = SeedParser };
        var timeLimit = TimeLimitOption("Wall time of the search in seconds instead of the config's time_limit: the fit stops at max_evals or the limit, whichever comes first (without max_evals in the config, the limit alone).");
        var output = new Option<string?>("--out") { Description = "Run folder (default: the config's output, else runs/<config-name>-<timestamp>/)." };
        var (storage, study) = FitStorageOptions.Create();
        var json = new Option<bool>("--json") { Description = "Print one JSON object {best, loss, evaluations, failed, seconds, output} to stdout; progress goes to stderr." };
        var command = new Command("fit", "Fit a neuron model to data or to another model as a YAML config describes.")
        {
            config, method, maxEvals, seed, timeLimit, output, json, storage, study,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var asJson = parse.GetValue(json);
            var requested = parse.GetValue(method);
            if (requested is not null && !OptNeuron.Methods.Contains(requested.Trim().ToLowerInvariant()))
                throw new CliUsageException($"--method: unknown method '{requested}'; use one of {string.Join(", ", OptNeuron.Methods)}");
            var evals = parse.GetValue(maxEvals);
            if (evals is < 1) throw new CliUsageException($"--max-evals must be at least 1, got {evals}");

            var loaded = FitConfigLoader.Load(parse.GetRequiredValue(config));
            var fit = ConfiguredFit.Prepare(loaded);
            var directory = parse.GetValue(output) ?? (loaded.Output is { } o ? loaded.Resolve(o) : Unused(ConfiguredFit.DefaultOutputDirectory(loaded, DateTime.Now)));
            IFitProgress progress = asJson ? new PlainProgress(stderr)
                : ReferenceEquals(stdout, Console.Out) ? SpectreProgress.ForConsole()
                : new PlainProgress(stdout);
            var notes = asJson ? stderr : stdout;
            foreach (var note in fit.Notes) notes.WriteLine($"note: {note}");

            // Ctrl-C stops the search after the current batch and still writes the results; a second Ctrl-C aborts.
            using var interrupt = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (interrupt.IsCancellationRequested) return;
                e.Cancel = true;
                interrupt.Cancel();
                stderr.WriteLine("neurofit: stopping after the current batch and writing the results (Ctrl-C again to abort)");
            };
            Console.CancelKeyPress += onCancel;
            ConfiguredFitResult result;
            try
            {
                result = fit.Run(new ConfiguredFitSettings
                {
                    OutputDirectory = directory,
                    Method = requested,
                    MaxEvals = evals,
                    Seed = parse.GetValue(seed),
                    TimeLimit = parse.GetValue(timeLimit) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Progress = progress,
                    Storage = parse.GetValue(storage),
                    StudyName = parse.GetValue(study),
                    Cancellation = interrupt.Token,
                });
            }
            catch (OperationCanceledException e)
            {
                stderr.WriteLine($"neurofit: interrupted: {e.Message}; no results were written");
                return InterruptedExitCode;
            }
            finally { Console.CancelKeyPress -= onCancel; }
            if (asJson) stdout.WriteLine(Json(result));
            else stdout.Write(Table(result));
            return result.Result.Interrupted ? InterruptedExitCode : 0;
        });
        return command;
    }

    /// <summary><c>--time-limit SECONDS</c>: a positive number of seconds (at most <see cref="FitConfigLoader.MaxTimeLimitSeconds"/>).</summary>
    internal static Option<double?> TimeLimitOption(string description) => new("--time-limit")
    {
        Description = description,
        HelpName = "SECONDS",
        CustomParser = result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                result.AddError($"--time-limit: '{token}' is not a number of seconds");
                return null;
            }
            if (FitConfigLoader.TimeLimitProblem(seconds) is { } problem)
            {
                result.AddError($"--time-limit: {problem}");
                return null;
            }
            return seconds;
        },
    };

    /// <summary>Exit code of a fit stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    internal const int InterruptedExitCode = 130;

    /// <summary>The one JSON object of <c>--json</c> (non-finite losses as null).</summary>
    internal static string Json(ConfiguredFitResult fit)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            static void Number(Utf8JsonWriter w, string name, double value)
            {
                if (double.IsFinite(value)) w.WriteNumber(name, value);
                else w.WriteNull(name);
            }
            w.WriteStartObject();
            w.WriteStartObject("best");
            foreach (var p in fit.Parameters) Number(w, p.Name, p.Value);
            w.WriteEndObject();
            Number(w, "loss", fit.Result.Loss);
            w.WriteNumber("evaluations", fit.Result.Evaluations);
            w.WriteNumber("failed", fit.Result.Failed);
            Number(w, "seconds", fit.Result.Seconds);
            w.WriteString("stop_reason", fit.Result.StopReason.ToName());
            w.WriteString("output", fit.OutputDirectory);
            w.WriteStartArray("at_bound");
            foreach (var p in fit.Parameters.Where(p => p.AtBound)) w.WriteStringValue(p.Name);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The result table — parameter, best value, true value and error (when known), bounds, a warning for values at a
    /// bound or outside the known tolerance — then the loss, the scale references, the verdict, the loss terms and the files.
    /// </summary>
    internal static string Table(ConfiguredFitResult fit)
    {
        static string F(double v) => double.IsPositiveInfinity(v) ? "∞" : v.ToString("G6", CultureInfo.InvariantCulture);
        var r = fit.Result;
        var known = r.Known?.Parameters.ToDictionary(p => p.Name);
        var units = r.Units;
        var rows = fit.Parameters.Select(p =>
        {
            var truth = known?.GetValueOrDefault(p.Name);
            var notes = new List<string>();
            if (truth?.WithinTolerance == false) notes.Add("outside the tolerance");
            if (p.AtBound) notes.Add("at a bound: widen the range?");
            string[] cells = [p.Name, units.GetValueOrDefault(p.Name, ""), F(p.Value), truth is null ? "–" : F(truth.True), truth?.ErrorText ?? "–", F(p.Lower), F(p.Upper), string.Join("; ", notes)];
            return cells;
        }).ToList();
        string[] header = ["parameter", "unit", "best", "true", "error", "lower", "upper", ""];
        int[] columns = known is null ? [0, 1, 2, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7];
        if (units.Count == 0 || fit.Parameters.All(p => !units.ContainsKey(p.Name))) columns = [.. columns.Where(c => c != 1)];
        var widths = header.Select((h, i) => rows.Select(row => row[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells) => text.AppendLine(string.Join("  ", columns.Select(i => i is 2 or 3 or 4 or 5 or 6 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]))).TrimEnd());
        text.AppendLine();
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var row in rows) Line(row);
        text.AppendLine();
        var spread = r.Std is { } sd ? $" ± {F(sd)} (SD over repeats)" : "";
        text.AppendLine(CultureInfo.InvariantCulture, $"loss {F(r.Loss)}{spread} (re-run {F(r.RerunLoss)}), {r.Evaluations} evaluations ({r.Failed} failed) in {r.Seconds:F1} s, method {r.Method}, seed {r.Seed}, stopped by {StoppedBy(r)}");
        if (r.Scale is { } scale)
        {
            var random = scale.RandomCount > 0
                ? $"; {scale.RandomCount} random candidates: best {F(scale.RandomBest ?? double.PositiveInfinity)}, median {F(scale.RandomMedian ?? double.PositiveInfinity)}" +
                  (scale.RandomFailed > 0 ? $" ({scale.RandomFailed} failed)" : "")
                : "";
            text.AppendLine($"scale: centre of the bounds {F(scale.CentreLoss)}{random}");
        }
        foreach (var line in FitVerdict.Of(r.Loss, r.Scale, r.Known)) text.AppendLine((line.Warning ? "warning: " : "") + line.Text);
        if (r.AllLoss.Count > 1 && fit.LossTerms.Count == r.AllLoss.Count)
            text.AppendLine("loss terms (re-run): " + string.Join("; ", fit.LossTerms.Select((t, i) => $"{t} = {F(r.AllLoss[i])}")));
        foreach (var note in r.Notes) text.AppendLine($"note: {note}");
        text.AppendLine($"results: {fit.OutputDirectory}");
        text.AppendLine($"report:  {fit.ReportPath}");
        return text.ToString();
    }

    /// <summary>What ended the search, for the table: <c>max_evals</c>, <c>time_limit (30 s)</c>, <c>converged</c>, <c>interrupted</c>.</summary>
    internal static string StoppedBy(OptNeuronResult r) =>
        r.StopReason == StopReason.TimeLimit && r.TimeLimit is { } limit ? $"time_limit ({FitBudget.Seconds(limit)})" : r.StopReason.ToName();

    /// <summary>The folder, or the folder with -2, -3, … appended when it already exists (two runs in the same second).</summary>
    private static string Unused(string directory)
    {
        var candidate = directory;
        for (var i = 2; Directory.Exists(candidate); i++) candidate = $"{directory}-{i}";
        return candidate;
    }
}
