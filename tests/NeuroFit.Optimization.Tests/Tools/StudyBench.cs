using System.Diagnostics;
using System.Globalization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Tests.Tools;

/// <summary>
/// <c>dotnet NeuroFit.Optimization.Tests.dll study-bench [tpe-trials]</c>: the cost of <see cref="Study.Ask"/> and
/// <see cref="Study.Tell"/> per trial on an in-memory study, per method, as OptNeuron drives them (CMA-ES one generation
/// per Ask, random/Sobol 64 per Ask, TPE 1 per Ask after N finished trials). Uses only the public API, so the same
/// build runs against an older NeuroFit.Optimization.dll copied next to it (before/after in one session).
/// </summary>
internal static class StudyBench
{
    public static int Run(string[] args)
    {
        var tpeTrials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var space = new SearchSpace(Hp.Uniform("a", -10, 10), Hp.Uniform("b", -10, 10));
        var version = typeof(Study).Assembly.ManifestModule.ModuleVersionId.ToString()[..8];
        Console.WriteLine($"library {typeof(Study).Assembly.Location} mvid {version}");
        var only = Environment.GetEnvironmentVariable("NF_BENCH_ONLY");
        var repeat = only is null ? 1 : 10;
        for (var r = 0; r < repeat; r++)
            if (only is null or "cmaes") Loop("cmaes", space, new CmaEsSettings { Seed = 1 }, batch: 0, prefill: 0, trials: 12_000);
        if (only == "tpe") Loop("tpe-hyperopt", space, TpeSettings.Hyperopt(1), batch: 1, prefill: tpeTrials, trials: 3000);
        if (only is not null) return 0;
        Loop("random", space, new RandomSettings { Seed = 1 }, batch: 64, prefill: 0, trials: 64_000);
        Loop("sobol", space, new SobolSettings { Seed = 1 }, batch: 64, prefill: 0, trials: 64_000);
        Loop("tpe-hyperopt", space, TpeSettings.Hyperopt(1), batch: 1, prefill: tpeTrials, trials: 300);
        return 0;
    }

    private static void Loop(string label, SearchSpace space, SamplerSettings settings, int batch, int prefill, int trials)
    {
        // NF_BENCH_STORAGE=sqlite: the same on a SQLite file (a tenth of the trials)
        var sqlitePath = Path.Combine(Path.GetTempPath(), $"nf-study-bench-{Guid.NewGuid():N}.db");
        var sqlite = Environment.GetEnvironmentVariable("NF_BENCH_STORAGE") == "sqlite";
        if (sqlite) trials /= 10;
        using var storage = sqlite ? (IStudyStorage)new SqliteStudyStorage(sqlitePath) : new InMemoryStudyStorage();
        var studies = 1;
        var study = Study.Create(storage, "b", space, settings, new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
        // CMA-ES stops on convergence: then a new study starts (its creation is part of the measured cost)
        TrialBatch Ask(int size)
        {
            var b = study.Ask(size);
            if (b.Count > 0 || b.Status != AskStatus.SamplerFinished) return b;
            study.Dispose();
            study = Study.Create(storage, $"b{studies++}", space, settings, new StudyOptions { HeartbeatInterval = TimeSpan.Zero });
            return study.Ask(size);
        }
        var noise = new Random(3);
        double Loss(Trial t) => (t["a"] - 0.8) * (t["a"] - 0.8) + (t["b"] - 2) * (t["b"] - 2) + 0.01 * noise.NextDouble();
        var random = new Random(2);
        for (var i = 0; i < prefill; i++)
        {
            var t = storage.CreateTrial(study.Record.Id, new NewTrial(TrialState.Running, new Dictionary<string, double>(), "w", null, new Dictionary<string, string>()), int.MaxValue, DateTimeOffset.UtcNow)!;
            var ps = space.Parameters.ToDictionary(p => p.Name, _ => random.NextDouble() * 20 - 10);
            storage.SetTrialParams(t.Id, 1, ps, new Dictionary<string, string>());
            storage.FinishTrial(t.Id, 1, TrialState.Complete, ps.Values.Sum(v => v * v), null, null, DateTimeOffset.UtcNow);
        }
        var n = batch == 0 ? study.NaturalBatchSize : batch;
        {
            // the first 20 batches of a fresh process: JIT and type loading included
            var sw0 = Stopwatch.StartNew();
            var first = 0.0;
            for (var i = 0; i < 20; i++)
            {
                var b = Ask(n);
                if (i == 0) first = sw0.Elapsed.TotalMilliseconds;
                foreach (var t in b) study.Tell(t, Loss(t));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-13} first batch {first:F1} ms, first 20 batches {sw0.Elapsed.TotalMilliseconds:F1} ms"));
        }
        // warm-up: a tenth of the run (tiered JIT), not timed
        var warm = Math.Max(n, trials / 10);
        for (var done = 0; done < warm;)
        {
            var b = Ask(n);
            foreach (var t in b) study.Tell(t, Loss(t));
            done += b.Count;
        }
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var bytes0 = GC.GetAllocatedBytesForCurrentThread();
        long askTicks = 0, tellTicks = 0;
        var count = 0;
        var wall = Stopwatch.StartNew();
        while (count < trials)
        {
            var t0 = Stopwatch.GetTimestamp();
            var b = Ask(n);
            var t1 = Stopwatch.GetTimestamp();
            if (b.Count == 0) throw new InvalidOperationException($"{label}: empty batch ({b.Status}: {b.Message})");
            foreach (var t in b)
            {
                var loss = Loss(t);
                var s = Stopwatch.GetTimestamp();
                study.Tell(t, loss);
                tellTicks += Stopwatch.GetTimestamp() - s;
            }
            askTicks += t1 - t0;
            count += b.Count;
        }
        wall.Stop();
        study.Dispose();
        if (sqlite)
        {
            label += "-sqlite";
            storage.Dispose();
            foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(sqlitePath) + "*")) File.Delete(f);
        }
        proc.Refresh();
        var cpuUs = (proc.TotalProcessorTime - cpu0).TotalMicroseconds / count;
        var bytes = (GC.GetAllocatedBytesForCurrentThread() - bytes0) / (double)count;
        var wallUs = wall.Elapsed.TotalMicroseconds / count;
        static double Us(long ticks, int n) => ticks * 1e6 / Stopwatch.Frequency / n;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-13} batch={n,-3} prefill={prefill,-5} trials={count,-6} ask_us {Us(askTicks, count),9:F2} tell_us {Us(tellTicks, count),7:F2} " +
            $"loop_wall_us {wallUs,9:F2} loop_cpu_us {cpuUs,9:F2} alloc_bytes {bytes,7:F0} studies {studies} loadavg {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    }
}

internal static class EngineBench
{
    public static int Run()
    {
        var w = Stopwatch.StartNew();
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(2);
        var t0a = w.Elapsed.TotalMilliseconds;
        m.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        Console.WriteLine($"first MathNet matrix {t0a:F1} ms, first EVD {w.Elapsed.TotalMilliseconds - t0a:F1} ms");
        NeuroFit.Optimization.Samplers.CmaEs.CmaEngine e = null!;
        var noise = new Random(3);
        var sw = new Stopwatch();
        long askT = 0, tellT = 0, stopT = 0;
        int restarts = 0, done = 0;
        const int gens = 20000;
        for (var g = 0; g < gens; g++)
        {
            if (g == 0 || restarts > done) { done = restarts; e = new NeuroFit.Optimization.Samplers.CmaEs.CmaEngine([0.5, 0.5], 0.25, [0, 0], [1, 1]); }
            var t0 = Stopwatch.GetTimestamp();
            var sols = new List<(double[] X, double F)>();
            for (var k = 0; k < e.PopulationSize; k++)
            {
                var x = e.Ask(NeuroFit.Optimization.Numerics.Rng.For(1, 4, g, k));
                sols.Add((x, (x[0] - 0.3) * (x[0] - 0.3) + (x[1] - 0.6) * (x[1] - 0.6) + 0.01 * noise.NextDouble()));
            }
            var t1 = Stopwatch.GetTimestamp();
            e.Tell(sols);
            var t2 = Stopwatch.GetTimestamp();
            if (e.ShouldStop() is not null) restarts++;
            var t3 = Stopwatch.GetTimestamp();
            if (g >= gens / 10) { askT += t1 - t0; tellT += t2 - t1; stopT += t3 - t2; }
        }
        double Us(long t) => t * 1e6 / Stopwatch.Frequency / (gens * 0.9);
        Console.WriteLine($"engine per generation: ask(λ) {Us(askT):F2} us, tell {Us(tellT):F2} us, should_stop {Us(stopT):F2} us ({restarts} restarts)");
        return 0;
    }
}

internal static class FirstAskBench
{
    public static int Run()
    {
        var sw = Stopwatch.StartNew();
        double Lap() { var v = sw.Elapsed.TotalMilliseconds; sw.Restart(); return v; }
        var space = new SearchSpace(Hp.Uniform("a", -10, 10), Hp.Uniform("b", -10, 10));
        Console.WriteLine($"space {Lap():F1} ms");
        var settings = new CmaEsSettings { Seed = 1 };
        {
            using var ms = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(ms)) { w.WriteStartObject(); w.WriteNumber("seed", 1.5); w.WriteString("m", "x"); w.WriteEndObject(); }
            Console.WriteLine($"raw writer {Lap():F1} ms");
        }
        var json = settings.ToJson();
        Console.WriteLine($"settings json {Lap():F1} ms");
        json += space.ToJson();
        Console.WriteLine($"space json {Lap():F1} ms");
        var sampler = (NeuroFit.Optimization.Samplers.CmaEs.CmaEsSampler)settings.CreateSamplerForTests(space);
        Console.WriteLine($"sampler {Lap():F1} ms");
        var step = sampler.NextGeneration([]);
        Console.WriteLine($"next generation {Lap():F1} ms");
        using var storage = new InMemoryStudyStorage();
        Console.WriteLine($"storage {Lap():F1} ms");
        using var study = Study.Create(storage, "b", space, settings);
        Console.WriteLine($"study {Lap():F1} ms");
        var b = study.Ask(6);
        Console.WriteLine($"ask {Lap():F1} ms");
        foreach (var t in b) study.Tell(t, t["a"] * t["a"]);
        Console.WriteLine($"tell {Lap():F1} ms");
        b = study.Ask(6);
        Console.WriteLine($"ask 2 {Lap():F1} ms");
        return 0;
    }
}
