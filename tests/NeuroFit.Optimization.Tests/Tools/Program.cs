using System.Diagnostics;
using System.Globalization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Tests.Tools;

/// <summary>
/// Entry point of the test assembly when started as a program (<c>dotnet NeuroFit.Optimization.Tests.dll …</c>):
/// <c>worker</c> runs one worker process for the crash/concurrency tests; <c>bench</c> measures sampler costs.
/// (Under <c>dotnet test</c> this Main is not used.)
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine("usage: worker|bench …"); return 2; }
        return args[0] switch
        {
            "worker" => WorkerProcess.Run(args[1..]),
            "bench" => Bench(args[1..]),
            _ => 2,
        };
    }

    /// <summary>Mean milliseconds per TPE suggestion with N finished trials, for each profile, and the ratio to Optuna's
    /// 54 ms measured on this machine class (field-anchors/issue 5).</summary>
    private static int Bench(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var dims = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var space = new SearchSpace(Enumerable.Range(0, dims).Select(i => Hp.Uniform($"x{i}", -10, 10)));
        foreach (var (label, settings) in new (string, SamplerSettings)[]
                 {
                     ("tpe-hyperopt", TpeSettings.Hyperopt(1)), ("tpe-optuna", TpeSettings.Optuna(1)),
                     ("tpe-optuna-multivariate", TpeSettings.Optuna(1, true)), ("random", new RandomSettings { Seed = 1 }),
                 })
        {
            var storage = new InMemoryStudyStorage();
            using var study = Study.Create(storage, "b", space, settings, new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
            // history: n finished trials with random parameters
            var random = new Random(2);
            {
                var study0 = storage.FindStudy("b")!;
                for (var i = 0; i < n; i++)
                {
                    var t = storage.CreateTrial(study0.Id, new NewTrial(TrialState.Running, new Dictionary<string, double>(), "w", null, new Dictionary<string, string>()), int.MaxValue, DateTimeOffset.UtcNow)!;
                    var ps = space.Parameters.ToDictionary(p => p.Name, _ => random.NextDouble() * 20 - 10);
                    storage.SetTrialParams(t.Id, 1, ps, new Dictionary<string, string>());
                    storage.FinishTrial(t.Id, 1, TrialState.Complete, ps.Values.Sum(v => v * v), null, null, DateTimeOffset.UtcNow);
                }
            }
            const int warm = 20, reps = 200;
            for (var i = 0; i < warm; i++) { var t = study.Ask(1)[0]; study.TellFailed(t, "warm-up"); }
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < reps; i++) { var t = study.Ask(1)[0]; study.Tell(t, 1e9); }
            var ms = sw.Elapsed.TotalMilliseconds / reps;
            Console.WriteLine($"{label} trials={n} dims={dims} suggest_ms {ms:F3} optuna_54ms_ratio {54 / ms:F1}x");
        }
        return 0;
    }
}
