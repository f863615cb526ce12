using System.Diagnostics;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;
using static NeuroFit.Optimization.Tests.Support.TestFunctions;

namespace NeuroFit.Optimization.Tests.Tools;

/// <summary><c>dotnet NeuroFit.Optimization.Tests.dll bads [seeds]</c>: BADS on smooth test functions — evaluations
/// until the best loss is below the target, the best loss, the stop reason and the wall time per seed.</summary>
internal static class BadsBench
{
    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "predict") return Predict();
        var seeds = args.Length > 0 ? int.Parse(args[0]) : 5;
        var tolFun = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1e-3;
        Runtest(3, 100, seeds);
        Runtest(60, 200, seeds);
        Report("sphere-2d", 2, -5, 5, Sphere, 1e-6, 500, seeds, tolFun);
        Report("sphere-5d", 5, -5, 5, Sphere, 1e-6, 1000, seeds, tolFun);
        Report("rosenbrock-2d", 2, -5, 5, Rosenbrock, 1e-6, 1000, seeds, tolFun);
        Report("rosenbrock-5d", 5, -5, 5, Rosenbrock, 1e-3, 2500, seeds, tolFun);
        Report("shifted-quadratic-3d", 3, 0, 1, x => x.Select((v, i) => (i + 1) * Math.Pow(v - 0.1 * (i + 1), 2)).Sum(), 1e-6, 600, seeds, tolFun);
        return 0;
    }

    /// <summary>MATLAB BADS's runtest.m / PyBADS's test_ellipsoid_opt: f = Σ (xᵢ/i²)², x0 = 4, bounds ±100,
    /// plausible [−8, 12], budget 100 (3-D; PyBADS's tolerance 1e-3) or 200 (60-D; tolerance 1).</summary>
    private static void Runtest(int d, int budget, int seeds)
    {
        for (var seed = 0; seed < seeds; seed++)
        {
            var sw = Stopwatch.StartNew();
            var settings = RuntestSettings(d, seed);
            var (_, best, count, reason) = RunOne(d, -100, 100, Ellipsoid, 0, budget, seed, settings);
            Console.WriteLine($"ellipsoid-{d}d seed {seed}: best {best:G4} evaluations {count} seconds {sw.Elapsed.TotalSeconds:F2} stop {reason ?? "budget"}");
        }
    }

    internal static double Ellipsoid(IReadOnlyList<double> x) => x.Select((v, i) => Math.Pow(v / ((i + 1.0) * (i + 1.0)), 2)).Sum();

    internal static BadsSettings RuntestSettings(int d, long seed) => new()
    {
        Seed = seed,
        InitialPoint = Enumerable.Range(0, d).ToDictionary(i => $"x{i}", _ => 4.0),
        PlausibleBounds = Enumerable.Range(0, d).ToDictionary(i => $"x{i}", _ => new PlausibleRange(-8, 12)),
    };

    private static void Report(string name, int d, double lo, double hi, Func<IReadOnlyList<double>, double> f, double target, int budget, int seeds, double tolFun)
    {
        for (var seed = 0; seed < seeds; seed++)
        {
            var sw = Stopwatch.StartNew();
            var (reached, best, count, reason) = RunOne(d, lo, hi, f, target, budget, seed, new BadsSettings { Seed = seed, TolFun = tolFun });
            Console.WriteLine($"{name} seed {seed}: evals_to_{target:G0} {(reached < 0 ? "-" : reached)} best {best:G4} evaluations {count} seconds {sw.Elapsed.TotalSeconds:F2} stop {reason ?? "budget"}");
        }
    }

    private static int Predict()
    {
        foreach (var (n, d) in new[] { (100, 5), (150, 10), (100, 5), (150, 10), (100, 5), (150, 10) })
        {
            var rng = new NeuroFit.Optimization.Numerics.Rng(1);
            var x = Enumerable.Range(0, n * d).Select(_ => rng.NextDouble()).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var theta = new double[d + 4];
            theta[d + 2] = -3;
            var gp = NeuroFit.Optimization.Samplers.Bads.BadsGp.Create(x, y, d, theta)!;
            var c = Enumerable.Range(0, 4096 * d).Select(_ => rng.NextDouble()).ToArray();
            var mu = new double[4096];
            var v = new double[4096];
            gp.Predict(c, 4096, mu, v);
            var sw = Stopwatch.StartNew();
            for (var r = 0; r < 20; r++) gp.Predict(c, 4096, mu, v);
            var predictMs = sw.Elapsed.TotalMilliseconds / 20;
            var g = new double[d + 4];
            var mean = new double[d + 4];
            var sd = Enumerable.Repeat(1.0, d + 4).ToArray();
            NeuroFit.Optimization.Samplers.Bads.BadsGp.NegLogPosterior(theta, x, y, d, mean, sd, g);
            sw.Restart();
            for (var r = 0; r < 20; r++) NeuroFit.Optimization.Samplers.Bads.BadsGp.NegLogPosterior(theta, x, y, d, mean, sd, g);
            Console.WriteLine($"n {n} d {d}: predict 4096 candidates {predictMs:F2} ms, objective+gradient {sw.Elapsed.TotalMilliseconds / 20:F2} ms");
        }
        return 0;
    }

    internal static (int Reached, double Best, int Count, string? Reason) RunOne(int d, double lo, double hi, Func<IReadOnlyList<double>, double> f,
        double target, int budget, long seed, BadsSettings settings)
    {
        var space = Box(d, lo, hi);
        using var study = NewStudy(settings with { Seed = seed }, space, budget);
        var reached = -1;
        var best = double.PositiveInfinity;
        var count = 0;
        while (true)
        {
            var b = study.Ask(study.NaturalBatchSize);
            if (b.Count == 0) break;
            foreach (var t in b)
            {
                var x = Enumerable.Range(0, d).Select(i => t[$"x{i}"]).ToArray();
                var y = f(x);
                study.Tell(t, y);
                count++;
                if (y < best) best = y;
                if (reached < 0 && best < target) reached = count;
            }
        }
        return (reached, best, count, study.StopReason);
    }
}
