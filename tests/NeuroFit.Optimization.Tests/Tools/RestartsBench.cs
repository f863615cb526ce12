using System.Globalization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Tests.Support;

namespace NeuroFit.Optimization.Tests.Tools;

/// <summary>
/// <c>dotnet NeuroFit.Optimization.Tests.dll restarts [rastrigin|schwefel|all] [ipop|bipop|all] [dims] [seeds] [budget]</c>:
/// CMA-ES with restarts through a <see cref="Study"/> on Rastrigin ([−5.12, 5.12]^n) and Schwefel ([−500, 500]^n),
/// default 10-D, seeds 0–4, 2·10^6 evaluations; per seed the evaluations until f &lt; 1e-8 (or the best f reached),
/// runs, largest λ, wall time and µs per evaluation (study + function).
/// </summary>
internal static class RestartsBench
{
    public static int Run(string[] args)
    {
        var function = args.Length > 0 ? args[0] : "all";
        var strategy = args.Length > 1 ? args[1] : "all";
        var dims = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        var seeds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        var budget = args.Length > 4 ? long.Parse(args[4], CultureInfo.InvariantCulture) : 2_000_000;
        var functions = new (string Name, Func<double[], double> F, double Low, double High)[]
        {
            ("rastrigin", TestFunctions.Rastrigin, -5.12, 5.12),
            ("schwefel", TestFunctions.Schwefel, -500, 500),
        };
        foreach (var (name, f, low, high) in functions.Where(x => function == "all" || x.Name == function))
            foreach (var restarts in new[] { CmaEsRestarts.Ipop, CmaEsRestarts.Bipop }.Where(r => strategy == "all" || r.ToString().Equals(strategy, StringComparison.OrdinalIgnoreCase)))
            {
                var hits = new List<long>();
                for (var seed = 0; seed < seeds; seed++)
                {
                    var r = RestartRuns.Run(new CmaEsSettings { Seed = seed, Restarts = restarts, RandomInitialMean = true }, f, dims, low, high, budget);
                    if (r.EvaluationsToTarget is { } e) hits.Add(e);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} {dims}-D {restarts} seed {seed}: {(r.EvaluationsToTarget is { } h ? $"f<1e-8 after {h} evals" : $"not reached, best f {r.Best:G4}")} runs {r.Runs} max_lambda {r.LargestLambda} evals {r.Evaluations} wall {r.Seconds:F1} s us/eval {r.Seconds * 1e6 / Math.Max(1, r.Evaluations):F2}{(r.StopReason is null ? "" : " stop: " + r.StopReason)}"));
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} {dims}-D {restarts}: reached in {hits.Count} of {seeds} seeds{(hits.Count > 0 ? $", median of those {hits.Order().ElementAt(hits.Count / 2)} evals" : "")} (budget {budget}) loadavg {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            }
        return 0;
    }
}
