using System.CommandLine;
using System.Globalization;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Results;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit bench global CONFIG…</c>: fit quality against wall time. Every config is fitted with each method and
/// seed in the same process (the same machine load for all); the bench prints the best loss each reached after given
/// wall times, and per config the ratio of the median best losses (first method / each other), measured in the same run.
/// </summary>
internal static class BenchGlobalCommand
{
    private static readonly double[] Checkpoints = [1, 3, 10, 30, 100];

    public static Command Create()
    {
        var configs = new Argument<string[]>("CONFIG") { Description = "fit configurations (e.g. examples/benchmarks/*/config.yaml)", Arity = ArgumentArity.OneOrMore };
        var methods = new Option<string>("--methods") { Description = "comma-separated methods; the first is the baseline of the ratios", DefaultValueFactory = _ => "cmaes,auto" };
        var seeds = new Option<string>("--seeds") { Description = "comma-separated seeds", DefaultValueFactory = _ => "0,1,2" };
        var maxEvals = new Option<int?>("--max-evals") { Description = "evaluations per fit instead of the config's", CustomParser = NumberOption.NullableParser<int>("a whole number") };
        var timeLimit = FitCommand.TimeLimitOption("wall time of each fit in seconds instead of the config's time_limit");
        var command = new Command("global", "Best loss against wall time of several methods on fit configs (fit quality, not throughput).") { configs, methods, seeds, maxEvals, timeLimit };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var methodList = Split(parse.GetValue(methods)!, "--methods");
            foreach (var m in methodList)
                if (!OptNeuron.Methods.Contains(m)) throw new CliUsageException($"--methods: unknown method '{m}'; use some of {string.Join(", ", OptNeuron.Methods)}");
            var seedList = Split(parse.GetValue(seeds)!, "--seeds").Select(s => ulong.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v
                : throw new CliUsageException($"--seeds: '{s}' is not a whole number ≥ 0")).ToList();
            var scratch = Directory.CreateTempSubdirectory("neurofit-bench-global-").FullName;
            try
            {
                output.WriteLine($"{"config",-28} {"method",-8} {"seed",4} {"evals",9} {"seconds",8} {"best",11} " + string.Join(" ", Checkpoints.Select(t => $"{"@" + F0(t) + "s",11}")));
                foreach (var path in parse.GetValue(configs)!)
                {
                    var fit = ConfiguredFit.Prepare(FitConfigLoader.Load(path));
                    var medians = new List<double>();
                    foreach (var method in methodList)
                    {
                        var bests = new List<double>();
                        foreach (var seed in seedList)
                        {
                            var result = fit.Run(new ConfiguredFitSettings
                            {
                                OutputDirectory = Path.Combine(scratch, $"{fit.Config.Name}-{method}-{seed}"),
                                Method = method,
                                Seed = seed,
                                MaxEvals = parse.GetValue(maxEvals),
                                TimeLimit = parse.GetValue(timeLimit) is { } limit ? TimeSpan.FromSeconds(limit) : null,
                            }).Result;
                            bests.Add(result.Loss);
                            var at = Checkpoints.Select(t => BestAt(result.History, t)).Select(b => b is { } v ? G(v) : "-");
                            output.WriteLine($"{fit.Config.Name,-28} {method,-8} {seed,4} {result.Evaluations,9} {result.Seconds,8:F1} {G(result.Loss),11} " +
                                             string.Join(" ", at.Select(a => $"{a,11}")));
                        }
                        medians.Add(Median(bests));
                    }
                    for (var m = 1; m < methodList.Count; m++)
                        output.WriteLine($"ratio {fit.Config.Name} median best loss {methodList[0]}/{methodList[m]} = {G(medians[0] / medians[m])} ({G(medians[0])} / {G(medians[m])})");
                }
            }
            finally
            {
                try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
            }
            return 0;
        });
        return command;
    }

    /// <summary>The best loss reached within <paramref name="seconds"/> of the start of the search, or null before the first.</summary>
    internal static double? BestAt(IReadOnlyList<HistoryEntry> history, double seconds)
    {
        double? best = null;
        foreach (var h in history)
        {
            if (h.Seconds > seconds) break;
            if (h.Best is { } b) best = b;
        }
        return best;
    }

    private static List<string> Split(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return parts.Count > 0 ? parts : throw new CliUsageException($"{option}: give at least one value");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string F0(double v) => v.ToString("0", CultureInfo.InvariantCulture);
}
