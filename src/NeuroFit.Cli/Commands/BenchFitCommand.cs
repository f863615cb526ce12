using System.CommandLine;
using System.Globalization;
using NeuroFit.Examples;
using NeuroFit.Fitting;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit bench fit</c>: a whole optimisation of CompNeuroPy's example A or B (kernel compile, JIT warm-up and the
/// compatibility check excluded), printing evaluations per second, the mean time per suggested candidate, the loss and the best parameters.
/// </summary>
internal static class BenchFitCommand
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var example = new Option<string>("--example") { Description = "from-data (example A) or from-neuron (example B)", DefaultValueFactory = _ => "from-data" };
        example.AcceptOnlyFromAmong("from-data", "from-neuron");
        var method = new Option<string>("--method") { Description = "deap, cmaes, hyperopt, optuna, random, sobol or sbi", DefaultValueFactory = _ => "deap" };
        method.AcceptOnlyFromAmong("deap", "cmaes", "hyperopt", "optuna", "random", "sobol", "sbi", "bads", "auto");
        var maxEvals = new Option<int>("--max-evals") { Description = "evaluations", DefaultValueFactory = _ => 1000, CustomParser = NumberOption.Parser<int>("a whole number") };
        var seed = new Option<long>("--seed") { Description = "seed", DefaultValueFactory = _ => 0, CustomParser = NumberOption.Parser<long>("a whole number") };
        var wide = new Option<bool>("--wide-bounds") { Description = "CompNeuroPy HEAD's bounds a ∈ [-50, 100], b ∈ [-50, 150] instead of [-10, 10]" };
        var cold = new Option<bool>("--cold") { Description = "time the first fit of the process (JIT warm-up included)" };
        var command = new Command("fit", "Benchmark a whole fit of CompNeuroPy's example A or B.") { example, method, maxEvals, seed, wide, cold };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var n = parse.GetValue(maxEvals);
            if (n < 1) throw new CliUsageException("--max-evals must be at least 1");
            OptNeuron Create(long s) => CompNeuroPyExamples.Create(parse.GetValue(example)!, parse.GetValue(method)!, s,
                new OptNeuronOptions { WriteFiles = false }, parse.GetValue(wide));
            // Untimed fits with other seeds first, for a second: like the model compile that CompNeuroPy's figures exclude,
            // the JIT's compilation (and tier-1 recompilation) of every hot path is not part of the steady-state throughput.
            if (!parse.GetValue(cold))
            {
                var warm = System.Diagnostics.Stopwatch.StartNew();
                for (var k = 1; k == 1 || warm.Elapsed < WarmUp; k++) Create(parse.GetValue(seed) + k).Run(Math.Min(n, 200));
            }
            var result = Create(parse.GetValue(seed)).Run(n);
            string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
            output.WriteLine($"evaluations {result.Evaluations}");
            output.WriteLine($"evals_per_s {F(result.Evaluations / result.Seconds)}");
            output.WriteLine($"suggest_ms {F(1000 * result.SuggestSeconds / Math.Max(1, result.Evaluations))}");
            output.WriteLine($"loss {F(result.Loss)}");
            output.WriteLine($"best a={result.Best["a"].ToString("R", CultureInfo.InvariantCulture)} b={result.Best["b"].ToString("R", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }
}
