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
            "micro" => Micro(),
            "cma" => Cma(),
            "restarts" => RestartsBench.Run(args[1..]),
            "compare" => Compare(args[1..]),
            "study-bench" => StudyBench.Run(args[1..]),
            "engine-bench" => EngineBench.Run(),
            "first-ask" => FirstAskBench.Run(),
            "bads" => BadsBench.Run(args[1..]),
            _ => 2,
        };
    }

    /// <summary>Evaluations to best f &lt; 1e-8 (10-D, unbounded, default λ) per seed, against the cmaes library medians.</summary>
    private static int Cma()
    {
        var sphere = Enumerable.Range(0, 5).Select(seed => Samplers.CmaEngineTests.EvaluationsToTarget(Support.TestFunctions.Sphere, Enumerable.Repeat(3.0, 10).ToArray(), 2.0, seed, 50000)).ToArray();
        var rosen = Enumerable.Range(0, 5).Select(seed => Samplers.CmaEngineTests.EvaluationsToTarget(Support.TestFunctions.Rosenbrock, new double[10], 0.5, seed, 50000)).ToArray();
        Console.WriteLine($"sphere evals {string.Join(" ", sphere)} median {sphere.Order().ElementAt(2)} ratio_to_cmaes_1500 {sphere.Order().ElementAt(2) / 1500.0:F2}");
        Console.WriteLine($"rosenbrock evals {string.Join(" ", rosen)} median {rosen.Order().ElementAt(2)} ratio_to_cmaes_4950 {rosen.Order().ElementAt(2) / 4950.0:F2}");
        return 0;
    }

    /// <summary>Runs <see cref="Bench"/> and Optuna's TPE (Debian python3-optuna, if installed) back to back and
    /// prints the measured ratio.</summary>
    private static int Compare(string[] args)
    {
        var n = args.Length > 0 ? args[0] : "1000";
        var script = Path.Combine(AppContext.BaseDirectory, "Tools", "compare_optuna.py");
        var psi = new ProcessStartInfo(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(n);
        using var py = Process.Start(psi)!;
        var output = py.StandardOutput.ReadToEnd();
        var err = py.StandardError.ReadToEnd();
        py.WaitForExit();
        if (py.ExitCode != 0) { Console.WriteLine($"optuna not measured: {err.Trim().Split('\n').Last()}"); return Bench([n, "2"]); }
        Console.Write(output);
        var optunaMs = double.Parse(output.Split('\n')[0].Split("suggest_ms ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
        var ours = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(ours);
        Bench([n, "2"]);
        Console.SetOut(previous);
        foreach (var line in ours.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.Contains("suggest_ms ")) { Console.WriteLine(line); continue; }
            var ms = double.Parse(line.Split("suggest_ms ")[1].Split(' ')[0], CultureInfo.InvariantCulture);
            Console.WriteLine($"{line} measured_optuna_ratio {optunaMs / ms:F1}x");
        }
        return 0;
    }

    private static int Micro()
    {
        var sw = Stopwatch.StartNew();
        double acc = 0;
        for (var i = 0; i < 1_000_000; i++) acc += MathNet.Numerics.SpecialFunctions.Erf(i * 1e-6 - 0.5);
        Console.WriteLine($"erf ns {sw.Elapsed.TotalMilliseconds:F1} {acc}");
        sw.Restart();
        for (var i = 0; i < 1_000_000; i++) acc += Math.Exp(i * 1e-6 - 0.5);
        Console.WriteLine($"exp ns {sw.Elapsed.TotalMilliseconds:F1} {acc}");
        {
            var rnd = new Random(1);
            var obs = Enumerable.Range(0, 1000).Select(_ => rnd.NextDouble() * 20 - 10).ToArray();
            var mix = new NeuroFit.Optimization.Samplers.Tpe.ParzenMixture();
            var sc = new NeuroFit.Optimization.Samplers.Tpe.TpeScratch();
            var cache = new NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.LpdfCache();
            var terms = new double[2000];
            for (var w = 0; w < 50; w++) { NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.AdaptiveParzenNormal(obs, 1, 0, 20, 25, mix, sc); cache.Prepare(mix, -10, 10, false); NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.Lpdf(0.3, mix, cache, -10, 10, null, false, terms); }
            sw.Restart();
            for (var w = 0; w < 200; w++) NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.AdaptiveParzenNormal(obs, 1, 0, 20, 25, mix, sc);
            Console.WriteLine($"parzen ms {sw.Elapsed.TotalMilliseconds / 200:F3}");
            sw.Restart();
            for (var w = 0; w < 200; w++) cache.Prepare(mix, -10, 10, false);
            Console.WriteLine($"prepare ms {sw.Elapsed.TotalMilliseconds / 200:F3}");
            sw.Restart();
            for (var w = 0; w < 200; w++) for (var c = 0; c < 24; c++) NeuroFit.Optimization.Samplers.Tpe.HyperoptParzen.Lpdf(c * 0.5 - 6, mix, cache, -10, 10, null, false, terms);
            Console.WriteLine($"24 lpdf ms {sw.Elapsed.TotalMilliseconds / 200:F3}");
        }
        {
            var arr = Enumerable.Range(0, 1000).Select(i => -i * 0.01).ToArray();
            for (var rep = 0; rep < 3; rep++)
            {
                sw.Restart();
                double t1 = 0;
                for (var w = 0; w < 2400; w++) foreach (var v in arr) t1 += Math.Exp(v);
                var scalar = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                double t2 = 0;
                for (var w = 0; w < 2400; w++) t2 += NeuroFit.Optimization.Numerics.NormalMath.LogSumExp(arr);
                Console.WriteLine($"2.4M scalar exp ms {scalar:F1}  2400 logsumexp(1000) ms {sw.Elapsed.TotalMilliseconds:F1} {t1 + t2}");
            }
        }
        var space = new SearchSpace(Hp.Uniform("x0", -10, 10), Hp.Uniform("x1", -10, 10));
        var storage = new InMemoryStudyStorage();
        using var study = Study.Create(storage, "b", space, TpeSettings.Hyperopt(1), new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
        var random = new Random(2);
        for (var i = 0; i < 1000; i++)
        {
            var t = storage.CreateTrial(study.Record.Id, new NewTrial(TrialState.Running, new Dictionary<string, double>(), "w", null, new Dictionary<string, string>()), int.MaxValue, DateTimeOffset.UtcNow)!;
            var ps = space.Parameters.ToDictionary(p => p.Name, _ => random.NextDouble() * 20 - 10);
            storage.SetTrialParams(t.Id, 1, ps, new Dictionary<string, string>());
            storage.FinishTrial(t.Id, 1, TrialState.Complete, ps.Values.Sum(v => v * v), null, null, DateTimeOffset.UtcNow);
        }
        var trials = storage.GetTrials(study.Record.Id);
        var sampler = (NeuroFit.Optimization.Samplers.Sampler)TpeSettings.Hyperopt(1).CreateSamplerForTests(space);
        for (var i = 0; i < 20; i++) sampler.SampleTrial(trials, 2000 + i);
        sw.Restart();
        for (var i = 0; i < 200; i++) sampler.SampleTrial(trials, 3000 + i);
        Console.WriteLine($"SampleTrial ms {sw.Elapsed.TotalMilliseconds / 200:F3}");
        sw.Restart();
        for (var i = 0; i < 200; i++) { var t = study.Ask(1)[0]; study.Tell(t, 1e9); }
        Console.WriteLine($"Ask ms {sw.Elapsed.TotalMilliseconds / 200:F3}");
        sw.Restart();
        for (var i = 0; i < 200; i++) sampler.SampleTrial(storage.GetTrials(study.Record.Id), 5000 + i);
        Console.WriteLine($"SampleTrial after ms {sw.Elapsed.TotalMilliseconds / 200:F3}");
        return 0;
    }

    /// <summary>Mean milliseconds per TPE suggestion with N finished trials, for each profile, and the ratio to Optuna's
    /// 54 ms measured on this machine class (field-anchors/issue 5).</summary>
    private static int Bench(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var dims = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var space = new SearchSpace(Enumerable.Range(0, dims).Select(i => Hp.Uniform($"x{i}", -10, 10)));
        // calibration: 10^7 scalar Math.Exp; the machine probe (shared/spec/dotnet-deps.md) measured 7–10 ns each unloaded
        var cal = Stopwatch.StartNew();
        double acc = 0;
        for (var i = 0; i < 10_000_000; i++) acc += Math.Exp(-(i & 1023) * 1e-3);
        Console.WriteLine($"calibration exp_ns {cal.Elapsed.TotalMilliseconds / 10_000_000 * 1e6:F1} (unloaded 7-10) checksum {acc:E3}");
        foreach (var (label, settings) in new (string, SamplerSettings)[]
                 {
                     ("tpe-hyperopt", TpeSettings.Hyperopt(1)), ("tpe-optuna", TpeSettings.Optuna(1)),
                     ("tpe-optuna-multivariate", TpeSettings.Optuna(1, true)), ("random", new RandomSettings { Seed = 1 }),
                 })
        {
            var sqlitePath = Path.Combine(Path.GetTempPath(), $"nf-bench-{Environment.ProcessId}-{label}.db");
            using var storage = args.Length > 2 && args[2] == "sqlite" ? (IStudyStorage)new SqliteStudyStorage(sqlitePath) : new InMemoryStudyStorage();
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
            const int warm = 100, reps = 300;
            for (var i = 0; i < warm; i++) { var t = study.Ask(1)[0]; study.TellFailed(t, "warm-up"); }
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var sw = new Stopwatch();
            for (var i = 0; i < reps; i++)
            {
                sw.Start(); var t = study.Ask(1)[0]; sw.Stop();
                study.Tell(t, 1e9);
            }
            proc.Refresh();
            var cpuMs = (proc.TotalProcessorTime - cpu0).TotalMilliseconds / reps;
            var ms = sw.Elapsed.TotalMilliseconds / reps;
            var name = storage is SqliteStudyStorage ? label + "-sqlite" : label;
            Console.WriteLine($"{name} trials={n} dims={dims} suggest_ms {ms:F3} cpu_ms {cpuMs:F3} optuna_54ms_ratio {54 / ms:F1}x loadavg {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
        foreach (var f in Directory.GetFiles(Path.GetTempPath(), $"nf-bench-{Environment.ProcessId}-*")) File.Delete(f);
        return 0;
    }
}
