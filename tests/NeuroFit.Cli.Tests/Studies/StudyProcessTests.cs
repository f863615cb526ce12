using Npgsql;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Cli.Tests.Studies;

/// <summary>issue 8's acceptance at the command level: <c>neurofit fit</c> and <c>neurofit worker</c> as child processes,
/// killed with SIGKILL, resumed, and sharing studies.</summary>
public class StudyProcessTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(240);

    [Fact]
    public void AKilledFitResumesWithoutLossAndEqualsAnUninterruptedRun()
    {
        var (dir, config) = StudyFixtures.Folder(StudyFixtures.Config("hyperopt", 200));
        try
        {
            var db = Path.Combine(dir, "crash.db");
            var url = "sqlite:" + db;
            string[] args = ["fit", config, "--storage", url, "--study", "crash"];
            var child = StudyFixtures.Start([.. args, "--out", Path.Combine(dir, "killed")]);
            StudyFixtures.WaitUntil(() => File.Exists(db) || child.HasExited, Long, "the study file");
            using (var watch = new SqliteStudyStorage(db))
                StudyFixtures.WaitUntil(() => child.HasExited || watch.FindStudy("crash") is { } s && watch.CountTrials(s.Id, [TrialState.Complete]) >= 50,
                    Long, "50 completed trials");
            child.Kill(); // SIGKILL
            child.WaitForExit();
            Assert.True(child.ExitCode != 0, $"the fit finished before it could be killed: {StudyFixtures.OutputOf(child)}");

            IReadOnlyList<Trial> before;
            using (var check = new SqliteStudyStorage(db))
            {
                Assert.Equal("ok", check.IntegrityCheck());
                before = check.GetTrials(check.FindStudy("crash")!.Id, [TrialState.Complete]);
            }
            Assert.InRange(before.Count, 50, 199);

            var resumed = StudyFixtures.Start([.. args, "--out", Path.Combine(dir, "resumed")]);
            Assert.True(StudyFixtures.Wait(resumed, Long) == 0, StudyFixtures.OutputOf(resumed));
            Assert.Contains("resumed study 'crash'", StudyFixtures.OutputOf(resumed));
            Assert.True(File.Exists(Path.Combine(dir, "resumed", "results.json")));

            IReadOnlyList<Trial> after;
            using (var check = new SqliteStudyStorage(db))
            {
                Assert.Equal("ok", check.IntegrityCheck());
                after = check.GetTrials(check.FindStudy("crash")!.Id);
            }
            Assert.Equal(200, after.Count);
            Assert.All(after, t => Assert.Equal(TrialState.Complete, t.State));
            var byNumber = after.ToDictionary(t => t.Number);
            foreach (var t in before) // 0 completed trials lost or changed
                Assert.Equal(StudyFixtures.Fingerprint([t]), StudyFixtures.Fingerprint([byNumber[t.Number]]));

            var reference = "sqlite:" + Path.Combine(dir, "reference.db");
            var (code, _, err) = StudyFixtures.Run("fit", config, "--storage", reference, "--study", "crash", "--out", Path.Combine(dir, "reference"));
            Assert.True(code == 0, err);
            Assert.Equal(StudyFixtures.Fingerprint(StudyFixtures.Trials(reference, "crash")), StudyFixtures.Fingerprint(after));
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [Fact]
    public void TwoWorkerProcessesOnOneSqliteFileWorkOrFailClearlyButNeverCorrupt()
    {
        // slow enough evaluations (1,000,000 steps each) that the two processes overlap despite their start-up times on a busy machine
        var (dir, config) = StudyFixtures.Folder(StudyFixtures.Config("random", 240, dt: 0.0002));
        try
        {
            var db = Path.Combine(dir, "shared.db");
            var url = "sqlite:" + db;
            var (code, _, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--study", "shared");
            Assert.True(code == 0, err);
            var workers = Enumerable.Range(0, 2).Select(_ => StudyFixtures.Start("worker", "--storage", url, "--study", "shared", "--batch-size", "4")).ToList();
            var codes = workers.Select(w => StudyFixtures.Wait(w, Long)).ToList();
            for (var i = 0; i < 2; i++)
                Assert.True(codes[i] == 0 || (codes[i] == 2 && StudyFixtures.OutputOf(workers[i]).Contains("use PostgreSQL for concurrent workers")),
                    $"worker {i} exit {codes[i]}: {StudyFixtures.OutputOf(workers[i])}");
            using var check = new SqliteStudyStorage(db);
            Assert.Equal("ok", check.IntegrityCheck());
            var trials = check.GetTrials(check.FindStudy("shared")!.Id);
            Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
            if (codes.All(c => c == 0))
            {
                Assert.Equal(240, trials.Count);
                Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
                Assert.Equal(2, trials.Select(t => t.WorkerId).Distinct().Count()); // both took part
            }
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [PostgresFact]
    public void FourWorkerProcessesShareA400TrialStudyAndAKilledWorkersTrialsAreRequeuedAfterTheGracePeriod()
    {
        var cs = PostgresFactAttribute.ConnectionString!;
        var schema = "nf_cli_" + Guid.NewGuid().ToString("N")[..10];
        using (var c = new NpgsqlConnection(cs)) { c.Open(); new NpgsqlCommand($"CREATE SCHEMA {schema}", c).ExecuteNonQuery(); }
        var (dir, config) = StudyFixtures.Folder(StudyFixtures.Config("hyperopt", 400));
        try
        {
            var b = new NpgsqlConnectionStringBuilder(cs);
            var url = $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database}?schema={schema}";
            var (code, _, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--study", "shared");
            Assert.True(code == 0, err);
            const double grace = 3;
            string[] common = ["worker", "--storage", url, "--study", "shared", "--grace-period", "3", "--heartbeat", "0.5"];

            // the victim poses as a worker on another machine, so only the grace period (not the local dead-process
            // check) can take its trials back; it evaluates batches of 30, so it is killed while holding trials
            const string victimId = "other-machine/1/victim";
            var victim = StudyFixtures.Start([.. common, "--worker-id", victimId, "--batch-size", "30"]);
            using var storage = StudyStorage.Open(url);
            var studyId = storage.FindStudy("shared")!.Id;
            var survivors = Enumerable.Range(0, 3).Select(_ => StudyFixtures.Start(common)).ToList();
            StudyFixtures.WaitUntil(() => victim.HasExited || storage.GetTrials(studyId, [TrialState.Running]).Any(t => t.WorkerId == victimId),
                Long, "the victim to hold trials");
            victim.Kill(); // SIGKILL while it evaluates
            var killedAt = DateTimeOffset.UtcNow;
            victim.WaitForExit();
            var held = storage.GetTrials(studyId, [TrialState.Running]).Where(t => t.WorkerId == victimId).Select(t => t.Number).ToHashSet();
            Assert.True(held.Count > 0, $"the victim held no trial when it was killed: {StudyFixtures.OutputOf(victim)}");
            foreach (var w in survivors) Assert.True(StudyFixtures.Wait(w, Long) == 0, StudyFixtures.OutputOf(w));

            var trials = storage.GetTrials(studyId);
            Assert.Equal(400, trials.Count);
            Assert.Equal(400, trials.Select(t => t.Id).Distinct().Count());                         // distinct trial ids
            Assert.Equal(Enumerable.Range(0, 400), trials.Select(t => t.Number));
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));                      // 0 lost
            Assert.Equal(400, trials.Select(t => StudyFixtures.Fingerprint([t with { Number = 0, Loss = 0 }])).Distinct().Count()); // 0 duplicates
            foreach (var t in trials.Where(t => held.Contains(t.Number)))
            {
                Assert.Equal(2, t.Attempt);
                Assert.Contains($"{victimId} went stale", t.FailureReason);
                Assert.NotEqual(victimId, t.WorkerId);
                Assert.True(t.Started!.Value - killedAt >= TimeSpan.FromSeconds(grace) - TimeSpan.FromSeconds(0.6),
                    $"trial {t.Number} re-queued {(t.Started!.Value - killedAt).TotalSeconds:F1} s after the kill, grace {grace} s");
            }
            Assert.Equal(held.Count, trials.Count(t => t.Attempt > 1));
            // the survivors shared the work (all three usually; a late starter under heavy load may find little left)
            Assert.True(trials.Select(t => t.WorkerId).Where(w => w != victimId).Distinct().Count() >= 2);
        }
        finally
        {
            StudyFixtures.Delete(dir);
            using var c = new NpgsqlConnection(cs);
            c.Open();
            new NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", c).ExecuteNonQuery();
        }
    }
}
