using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Tests.Support;

internal static class TestFunctions
{
    public static double Sphere(IReadOnlyList<double> x) => x.Sum(v => v * v);

    public static double Rosenbrock(IReadOnlyList<double> x)
    {
        double f = 0;
        for (var i = 0; i < x.Count - 1; i++) f += 100 * Math.Pow(x[i + 1] - x[i] * x[i], 2) + Math.Pow(1 - x[i], 2);
        return f;
    }

    /// <summary>Rastrigin: 10n + Σ(x² − 10 cos 2πx); minimum 0 at the origin, ~10^n local minima (usual box ±5.12).</summary>
    public static double Rastrigin(IReadOnlyList<double> x)
    {
        var f = 10.0 * x.Count;
        foreach (var v in x) f += v * v - 10 * Math.Cos(2 * Math.PI * v);
        return f;
    }

    /// <summary>Σ x sin √|x| at the optimum, per coordinate (x = 420.968746…), so that Schwefel's minimum is 0.</summary>
    public const double SchwefelOptimumPerCoordinate = 418.98288727243374;

    /// <summary>Schwefel 1981 (problem 2.26): 418.98…·n − Σ x sin √|x| on [−500, 500]^n; minimum 0 at x_i = 420.9687…,
    /// near the corner, far from the second-best minima (deceptive).</summary>
    public static double Schwefel(IReadOnlyList<double> x)
    {
        var f = SchwefelOptimumPerCoordinate * x.Count;
        foreach (var v in x) f -= v * Math.Sin(Math.Sqrt(Math.Abs(v)));
        return f;
    }

    public static SearchSpace Box(int d, double lo = -5, double hi = 5) =>
        new(Enumerable.Range(0, d).Select(i => Hp.Uniform($"x{i}", lo, hi)));

    public static double SphereOf(Trial t) => t.Params.Values.Sum(v => v * v);

    public static StudyOptions NoHeartbeat(int maxTrials = int.MaxValue) => new() { HeartbeatInterval = TimeSpan.Zero, MaxTrials = maxTrials };

    /// <summary>Runs a study to its budget in batches of <paramref name="batch"/>; returns the trials.</summary>
    public static IReadOnlyList<Trial> Run(Study study, int batch, Func<Trial, double> f)
    {
        while (true)
        {
            var b = study.Ask(batch);
            if (b.Count == 0)
            {
                if (b.Status == AskStatus.Waiting) throw new InvalidOperationException("single worker should never wait: " + b.Message);
                break;
            }
            foreach (var t in b) study.Tell(t, f(t));
        }
        return study.GetTrials();
    }

    public static Study NewStudy(SamplerSettings s, SearchSpace space, int maxTrials, IStudyStorage? storage = null) =>
        Study.Create(storage ?? new InMemoryStudyStorage(), "s", space, s, NoHeartbeat(maxTrials));
}
