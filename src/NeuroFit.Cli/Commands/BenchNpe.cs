using System.CommandLine;
using System.Diagnostics;
using MathNet.Numerics.Distributions;
using NeuroFit.Inference;
using NeuroFit.Inference.Diagnostics;
using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Numerics;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;
using NeuroFit.Inference.Training;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit bench npe</c>: trains sbi's default MAF on a Gaussian linear task (θ ~ N(0, I), x = θ + N(0, 0.1² I))
/// and prints the training time, epochs and validation loss; the baselines, measured in the same run, are the same
/// training on one thread (first epochs) and the scalar matrix product against the SIMD one.
/// </summary>
internal static class BenchNpeCommand
{
    private const int BaselineEpochs = 8;

    public static Command Create()
    {
        var simulations = new Option<int>("--simulations") { Description = "Simulated (θ, x) pairs.", DefaultValueFactory = _ => 10_000, CustomParser = NumberOption.Parser<int>("a whole number") };
        var dims = new Option<int>("--dims") { Description = "Dimension of θ and of x.", DefaultValueFactory = _ => 4, CustomParser = NumberOption.Parser<int>("a whole number") };
        var seed = new Option<int>("--seed") { Description = "Seed of data, weights and batches.", DefaultValueFactory = _ => 1, CustomParser = NumberOption.Parser<int>("a whole number") };
        var command = new Command("npe", "MAF training time for neural posterior estimation (Gaussian linear task), against one thread and a scalar matrix product.");
        command.Options.Add(simulations);
        command.Options.Add(dims);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            Run(parse.GetValue(simulations), parse.GetValue(dims), parse.GetValue(seed), parse.InvocationConfiguration.Output);
            return 0;
        });
        return command;
    }

    private static void Run(int simulations, int dims, int seed, TextWriter output)
    {
        if (simulations < 100) throw new CliUsageException($"--simulations must be at least 100 (got {simulations}).");
        if (dims < 1 || dims > 50) throw new CliUsageException($"--dims must be between 1 and 50 (got {dims}).");
        var prior = new IndependentPrior(Enumerable.Range(0, dims).Select(_ => (IContinuousDistribution)new Normal(0, 1)).ToArray());
        var noise = new Random(unchecked(seed * 7919 + 17));
        var simulator = new DelegateSimulator(theta =>
        {
            var x = new double[theta.GetLength(0), dims];
            for (var r = 0; r < x.GetLength(0); r++)
                for (var j = 0; j < dims; j++) x[r, j] = theta[r, j] + 0.1 * Gaussian.Next(noise);
            return x;
        });
        var data = Simulations.Run(simulator, prior, simulations, seed);
        var maf = new MafSettings();
        var threads = Environment.ProcessorCount;
        output.WriteLine($"NPE benchmark: MAF ({maf.Transforms} transforms, {maf.HiddenFeatures} hidden, {maf.Blocks} blocks), " +
            $"{simulations} pairs of dimension {dims} + {dims}, batch 200, Adam 5e-4, seed {seed}, {threads} threads");

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var full = NpeTrainer.Train(data.Theta, data.X, maf, new TrainingSettings { Threads = threads }, seed);
        process.Refresh();
        var cpuFull = (process.TotalProcessorTime - cpuBefore).TotalSeconds / full.Epochs;
        var perEpoch = full.Elapsed.TotalSeconds / full.Epochs;
        output.WriteLine($"training time: {full.Elapsed.TotalSeconds:F2} s ({full.Epochs} epochs, best epoch {full.BestEpoch}, " +
            $"{perEpoch * 1000:F0} ms/epoch), final validation loss {full.BestValidationLoss:F4}");

        cpuBefore = process.TotalProcessorTime;
        var single = NpeTrainer.Train(data.Theta, data.X, maf, new TrainingSettings { Threads = 1, MaxEpochs = BaselineEpochs }, seed);
        process.Refresh();
        var cpuSingle = (process.TotalProcessorTime - cpuBefore).TotalSeconds / single.Epochs;
        var singlePerEpoch = single.Elapsed.TotalSeconds / single.Epochs;
        var identical = single.ValidationLoss.SequenceEqual(full.ValidationLoss.Take(single.Epochs));
        output.WriteLine($"baseline, 1 thread: {singlePerEpoch * 1000:F0} ms/epoch over {single.Epochs} epochs → {threads} threads are " +
            $"{singlePerEpoch / perEpoch:F2}× faster per epoch; losses identical to the {threads}-thread run: {(identical ? "yes" : "NO")}");
        output.WriteLine($"CPU time per epoch: {cpuSingle * 1000:F0} ms on 1 thread, {cpuFull * 1000:F0} ms on {threads}; " +
            $"ceiling on this machine now: independent busy loops run {ParallelCeiling(threads):F2}× faster on {threads} threads " +
            $"(load average {LoadAverage()})");

        var (simd, scalar) = MatrixProductTimes();
        output.WriteLine($"matrix product 100×50 · 50×50: SIMD {simd * 1e6:F1} µs, scalar {scalar * 1e6:F1} µs → {scalar / simd:F2}× faster");

        var xo = Enumerable.Range(0, dims).Select(j => 0.5 - 0.25 * j).ToArray();
        var posterior = new Inference.Posteriors.DirectPosterior(full.Estimator, prior);
        var draws = posterior.Sample(5000, xo, seed);
        var reference = new double[5000, dims];
        var sd = 0.1 / Math.Sqrt(1.01);
        var rng = new Random(seed + 1);
        for (var r = 0; r < 5000; r++)
            for (var j = 0; j < dims; j++) reference[r, j] = xo[j] / 1.01 + sd * Gaussian.Next(rng);
        output.WriteLine($"posterior check at x_o = ({string.Join(", ", xo.Select(v => v.ToString("F2")))}): C2ST against the analytic posterior " +
            $"{ClassifierTwoSampleTest.Accuracy(draws, reference, seed):F3} (0.5 = indistinguishable)");
        output.WriteLine($"target < 30 s: {(full.Elapsed.TotalSeconds < 30 ? "met" : "NOT met")} ({full.Elapsed.TotalSeconds:F1} s)");
    }

    // Speed-up of perfectly parallel work (no shared data, no synchronisation) at this moment: what other processes
    // leave of the cores.
    private static double ParallelCeiling(int threads)
    {
        static double Spin()
        {
            double s = 0;
            for (var i = 0; i < 100_000_000; i++) s += Math.Sqrt(i);
            return s;
        }
        var stopwatch = Stopwatch.StartNew();
        for (var t = 0; t < threads; t++) Spin();
        var serial = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Spin());
        return serial / stopwatch.Elapsed.TotalSeconds;
    }

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    // Best of several repetitions of the shapes that dominate training (a 100-row chunk through a 50-unit layer).
    private static (double Simd, double Scalar) MatrixProductTimes()
    {
        const int m = 100, k = 50, n = 50;
        var rng = new Random(3);
        var a = Enumerable.Range(0, m * k).Select(_ => rng.NextDouble()).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => rng.NextDouble()).ToArray();
        var c = new double[m * n];
        double Best(Action product)
        {
            var best = double.PositiveInfinity;
            for (var round = 0; round < 7; round++)
            {
                var stopwatch = Stopwatch.StartNew();
                for (var i = 0; i < 200; i++) product();
                best = Math.Min(best, stopwatch.Elapsed.TotalSeconds / 200);
            }
            return best;
        }
        return (Best(() => Gemm.Multiply(a, b, c, m, k, n, accumulate: false)), Best(() => Gemm.MultiplyScalar(a, b, c, m, k, n, accumulate: false)));
    }
}
