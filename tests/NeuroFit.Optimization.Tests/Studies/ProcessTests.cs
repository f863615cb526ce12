using System.Diagnostics;
using Npgsql;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Tests.Support;
using NeuroFit.Optimization.Tests.Tools;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Tests.Studies;

/// <summary>Runs <see cref="WorkerProcess"/> in child processes (this test assembly started as a program).</summary>
internal static class Workers
{
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(typeof(WorkerProcess).Assembly.Location);
        psi.ArgumentList.Add("worker");
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start a worker process");
    }

    public static void WaitOk(Process p, TimeSpan timeout)
    {
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(true);
            throw new TimeoutException("worker did not finish in time");
        }
        var err = p.StandardError.ReadToEnd();
        Assert.True(p.ExitCode == 0, $"worker exit code {p.ExitCode}: {err}");
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }

    public static string Fingerprint(IEnumerable<Trial> trials) =>
        string.Join("\n", trials.Select(t => $"{t.Number} {t.State} {t.Loss:R} {string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value.ToString("R")))}"));
}

public class CrashResumeTests
{
    [Fact]
    public void AKilledSqliteFitResumesWithoutLossAndEqualsAnUninterruptedRun()
    {
        var dir = Directory.CreateTempSubdirectory("nf-crash-").FullName;
        try
        {
            var db = Path.Combine(dir, "fit.db");
            string[] args = ["--storage", "sqlite:" + db, "--study", "crash", "--max", "100", "--batch", "4", "--sleep-ms", "15",
                "--create", "tpe:7", "--heartbeat-ms", "200"];
            var child = Workers.Start(args);
            using (var watch = new SqliteStudyStorage(db))
            {
                Workers.WaitUntil(() => watch.FindStudy("crash") is { } s && watch.CountTrials(s.Id, [TrialState.Complete]) >= 50,
                    TimeSpan.FromSeconds(120), "50 completed trials");
            }
            child.Kill(); // SIGKILL on Unix
            child.WaitForExit();
            Assert.NotEqual(0, child.ExitCode);

            IReadOnlyList<Trial> before;
            using (var check = new SqliteStudyStorage(db))
            {
                Assert.Equal("ok", check.IntegrityCheck());
                before = check.GetTrials(check.FindStudy("crash")!.Id, [TrialState.Complete]);
                Assert.True(before.Count >= 50);
                Assert.True(before.Count < 100, "the kill landed after the run finished");
            }

            Workers.WaitOk(Workers.Start(args), TimeSpan.FromSeconds(120));

            using var after = new SqliteStudyStorage(db);
            Assert.Equal("ok", after.IntegrityCheck());
            var all = after.GetTrials(after.FindStudy("crash")!.Id);
            Assert.Equal(100, all.Count);
            Assert.All(all, t => Assert.Equal(TrialState.Complete, t.State));
            var byNumber = all.ToDictionary(t => t.Number);
            foreach (var t in before) // 0 completed trials lost or changed
                Assert.Equal(Workers.Fingerprint([t]), Workers.Fingerprint([byNumber[t.Number]]));

            using var reference = Study.Create(new InMemoryStudyStorage(), "ref", WorkerProcess.Space, WorkerProcess.Sampler("tpe:7"),
                TestFunctions.NoHeartbeat(100));
            var expected = TestFunctions.Run(reference, 4, t => WorkerProcess.Loss(t.Params));
            Assert.Equal(Workers.Fingerprint(expected), Workers.Fingerprint(all));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public void TwoProcessesOnOneSqliteFileWorkOrFailClearlyButNeverCorrupt()
    {
        var dir = Directory.CreateTempSubdirectory("nf-two-").FullName;
        try
        {
            var db = Path.Combine(dir, "shared.db");
            using (var s = new SqliteStudyStorage(db))
                Study.Create(s, "shared", WorkerProcess.Space, WorkerProcess.Sampler("random:3"), TestFunctions.NoHeartbeat()).Dispose();
            string[] args = ["--storage", "sqlite:" + db, "--study", "shared", "--max", "150", "--batch", "2", "--heartbeat-ms", "100"];
            var a = Workers.Start(args);
            var b = Workers.Start(args);
            foreach (var p in new[] { a, b })
            {
                Assert.True(p.WaitForExit(120_000));
                var err = p.StandardError.ReadToEnd();
                Assert.True(p.ExitCode == 0 || err.Contains("use PostgreSQL for concurrent workers"), err);
            }
            using var check = new SqliteStudyStorage(db);
            Assert.Equal("ok", check.IntegrityCheck());
            var trials = check.GetTrials(check.FindStudy("shared")!.Id);
            Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
            Assert.True(a.ExitCode != 0 || b.ExitCode != 0 || trials.All(t => t.State == TrialState.Complete));
            if (a.ExitCode == 0 && b.ExitCode == 0) Assert.Equal(150, trials.Count);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}

[RequiresPostgres]
public class PostgresWorkerTests
{
    [StorageFact]
    [Trait("Category", "slow")]
    public void FourWorkersShareA400TrialStudyAndAKilledWorkersTrialIsRequeuedAfterTheGracePeriod()
    {
        var cs = RequiresPostgresAttribute.ConnectionString!;
        var schema = "nf_workers_" + Guid.NewGuid().ToString("N")[..10];
        using (var c = new NpgsqlConnection(cs)) { c.Open(); new NpgsqlCommand($"CREATE SCHEMA {schema}", c).ExecuteNonQuery(); }
        try
        {
            var b = new NpgsqlConnectionStringBuilder(cs);
            var url = $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}?schema={schema}";
            using var storage = StudyStorage.Open(url);
            Study.Create(storage, "shared", WorkerProcess.Space, WorkerProcess.Sampler("tpe:5"), TestFunctions.NoHeartbeat()).Dispose();
            var grace = TimeSpan.FromSeconds(3);
            string[] common = ["--storage", url, "--study", "shared", "--max", "400", "--heartbeat-ms", "300", "--grace-ms", ((int)grace.TotalMilliseconds).ToString()];

            // the victim claims one trial and hangs; it poses as a worker on another machine, so only the heartbeat
            // grace period (not the local dead-process check) can take its trial back
            var victim = Workers.Start([.. common, "--hang-first", "--worker-id", "other-machine/1/victim"]);
            var line = victim.StandardOutput.ReadLine();
            Assert.StartsWith("holding ", line);
            var held = int.Parse(line!["holding ".Length..]);
            var survivors = Enumerable.Range(0, 3).Select(_ => Workers.Start([.. common, "--sleep-ms", "5"])).ToList();
            Thread.Sleep(500);
            victim.Kill();
            var killedAt = DateTimeOffset.UtcNow;
            victim.WaitForExit();
            foreach (var w in survivors) Workers.WaitOk(w, TimeSpan.FromSeconds(300));

            var trials = storage.GetTrials(storage.FindStudy("shared")!.Id);
            Assert.Equal(400, trials.Count);
            Assert.Equal(400, trials.Select(t => t.Id).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, 400), trials.Select(t => t.Number));
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));               // 0 lost
            Assert.Equal(400, trials.Select(t => Workers.Fingerprint([t with { Number = 0, Loss = 0 }])).Distinct().Count()); // 0 duplicate points
            var requeued = trials.Single(t => t.Number == held);
            Assert.Equal(2, requeued.Attempt);
            Assert.Contains("other-machine/1/victim went stale", requeued.FailureReason);
            Assert.NotEqual("other-machine/1/victim", requeued.WorkerId);
            Assert.True(requeued.Started!.Value - killedAt >= grace - TimeSpan.FromMilliseconds(400),
                $"re-queued {(requeued.Started!.Value - killedAt).TotalSeconds:F1} s after the kill, grace {grace.TotalSeconds} s");
            Assert.Equal(1, trials.Count(t => t.Attempt > 1));
        }
        finally
        {
            using var c = new NpgsqlConnection(cs);
            c.Open();
            new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", c).ExecuteNonQuery();
        }
    }
}
