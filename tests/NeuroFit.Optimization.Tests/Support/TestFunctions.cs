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
