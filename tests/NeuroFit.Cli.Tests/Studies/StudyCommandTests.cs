using System.Text.Json;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Cli.Tests.Studies;

/// <summary><c>neurofit fit</c>'s study storage, <c>neurofit study create/show/export/list</c> and <c>neurofit worker</c>, in this process.</summary>
public class StudyCommandTests
{
    private static readonly string Fast = StudyFixtures.Config("hyperopt", 40, dt: 1);

    [Fact]
    public void FitKeepsItsTrialsInASqliteFileInTheRunFolderByDefault()
    {
        var (dir, config) = StudyFixtures.Folder(Fast);
        try
        {
            var (code, _, err) = StudyFixtures.Run("fit", config, "--out", Path.Combine(dir, "run"), "--max-evals", "25");
            Assert.True(code == 0, err);
            var db = Path.Combine(dir, "run", "study.db");
            Assert.True(File.Exists(db));
            var trials = StudyFixtures.Trials("sqlite:" + db, "config"); // named after the config
            Assert.Equal(25, trials.Count);
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));

            (code, _, err) = StudyFixtures.Run("fit", config, "--out", Path.Combine(dir, "mem"), "--max-evals", "5", "--storage", "memory");
            Assert.True(code == 0, err);
            Assert.False(File.Exists(Path.Combine(dir, "mem", "study.db")));
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [Fact]
    public void FitWithStorageAndStudyContinuesTheStudyExactlyAsOneLongerRun()
    {
        var (dir, config) = StudyFixtures.Folder(Fast);
        try
        {
            var url = "sqlite:" + Path.Combine(dir, "s.db");
            string[] common = ["fit", config, "--storage", url, "--study", "s"];
            Assert.Equal(0, StudyFixtures.Run([.. common, "--max-evals", "20", "--out", Path.Combine(dir, "a")]).Code);
            var first = StudyFixtures.Trials(url, "s");
            var (code, output, err) = StudyFixtures.Run([.. common, "--max-evals", "35", "--out", Path.Combine(dir, "b")]);
            Assert.True(code == 0, err);
            Assert.Contains("resumed study 's' with 20 finished trial(s)", output);
            var extended = StudyFixtures.Trials(url, "s");
            Assert.Equal(35, extended.Count);
            Assert.Equal(StudyFixtures.Fingerprint(first), StudyFixtures.Fingerprint(extended.Take(20)));

            var other = "sqlite:" + Path.Combine(dir, "other.db");
            Assert.Equal(0, StudyFixtures.Run("fit", config, "--storage", other, "--study", "s", "--max-evals", "35", "--out", Path.Combine(dir, "c")).Code);
            Assert.Equal(StudyFixtures.Fingerprint(StudyFixtures.Trials(other, "s")), StudyFixtures.Fingerprint(extended));

            // another seed under the same name is refused, not mixed in
            (code, _, err) = StudyFixtures.Run([.. common, "--seed", "9", "--out", Path.Combine(dir, "d")]);
            Assert.Equal(2, code);
            Assert.Contains("other sampler settings", err);
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [Fact]
    public void AWorkerAloneReproducesTheFitAndShowExportAndFitReadTheStudy()
    {
        var (dir, config) = StudyFixtures.Folder(Fast);
        try
        {
            var url = "sqlite:" + Path.Combine(dir, "shared.db");
            var (code, output, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--study", "w");
            Assert.True(code == 0, err);
            Assert.Contains("neurofit worker --storage", output);
            // a SQLite study is for one machine: the hint no longer invites workers "on any machine"
            Assert.Contains("start workers (processes on this machine; SQLite serialises them, use PostgreSQL for several machines):", output);
            Assert.DoesNotContain("any machine", output);
            (code, _, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--study", "w");
            Assert.Equal(2, code);
            Assert.Contains("already exists", err);

            (code, output, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "w");
            Assert.True(code == 0, err);
            Assert.Contains("evaluated 40 trial(s)", output);
            var trials = StudyFixtures.Trials(url, "w");

            // one worker with the config's method and seed is the same run as the fit itself
            var single = "sqlite:" + Path.Combine(dir, "single.db");
            Assert.Equal(0, StudyFixtures.Run("fit", config, "--storage", single, "--study", "w", "--out", Path.Combine(dir, "single")).Code);
            Assert.Equal(StudyFixtures.Fingerprint(StudyFixtures.Trials(single, "w")), StudyFixtures.Fingerprint(trials));

            (code, output, err) = StudyFixtures.Run("study", "show", url, "w");
            Assert.True(code == 0, err);
            Assert.Contains("trials 40 of a budget of 40: 40 complete", output);
            var best = trials.Where(t => t.State == TrialState.Complete).MinBy(t => t.Loss)!;
            Assert.Contains($"best trial {best.Number}:", output);
            Assert.Contains($"config {config}", output);

            (code, var csv, err) = StudyFixtures.Run("study", "export", url, "w");
            Assert.True(code == 0, err);
            var lines = csv.TrimEnd().Split('\n');
            Assert.Equal("number,state,loss,loss_sd,a,b,worker,attempt,batch,started,completed,seconds,reason", lines[0]);
            Assert.Equal(41, lines.Length);
            var row = lines[1 + best.Number].Split(',');
            Assert.Equal(best.Loss, double.Parse(row[2], System.Globalization.CultureInfo.InvariantCulture)); // exact round trip
            Assert.Equal(best["a"], double.Parse(row[4], System.Globalization.CultureInfo.InvariantCulture));

            var file = Path.Combine(dir, "trials.json");
            Assert.Equal(0, StudyFixtures.Run("study", "export", url, "w", "--format", "json", "--out", file).Code);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(40, json.RootElement.GetArrayLength());
            var entry = json.RootElement[best.Number];
            Assert.Equal(best.Loss, entry.GetProperty("loss").GetDouble());
            Assert.Equal(best["b"], entry.GetProperty("params").GetProperty("b").GetDouble());
            Assert.Equal("complete", entry.GetProperty("state").GetString());

            (code, output, _) = StudyFixtures.Run("study", "list", url);
            Assert.Equal(0, code);
            Assert.StartsWith("w  40 complete, 40 trials", output);

            // the finished study gives its run folder without new evaluations
            (code, output, err) = StudyFixtures.Run("fit", config, "--storage", url, "--study", "w", "--out", Path.Combine(dir, "results"));
            Assert.True(code == 0, err);
            Assert.Contains("resumed study 'w' with 40 finished trial(s)", output);
            Assert.True(File.Exists(Path.Combine(dir, "results", "results.json")));
            Assert.Equal(40, StudyFixtures.Trials(url, "w").Count);
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [Fact]
    public void ReadingCommandsNeverCreateAStorageAndSayWhenItIsEmpty()
    {
        // study list/show/export and worker on a mistyped sqlite path silently made the folders and an empty database
        // (list printed nothing and exited 0)
        var dir = Directory.CreateTempSubdirectory("neurofit-studies-").FullName;
        try
        {
            var missing = Path.Combine(dir, "no", "such", "s.db");
            foreach (var args in new[]
                     {
                         new[] { "study", "list", "sqlite:" + missing }, ["study", "show", "sqlite:" + missing, "a"],
                         ["study", "export", "sqlite:" + missing, "a"], ["worker", "--storage", "sqlite:" + missing, "--study", "a"],
                     })
            {
                var (code, _, err) = StudyFixtures.Run(args);
                Assert.Equal(2, code);
                Assert.Contains($"no SQLite study file {missing}: it does not exist", err);
                Assert.Single(err.TrimEnd().Split('\n'));
            }
            Assert.False(Directory.Exists(Path.Combine(dir, "no")));
            var (c2, _, e2) = StudyFixtures.Run("worker", "--storage", "sqlite:" + missing, "--study", "a");
            Assert.Equal(2, c2);
            Assert.StartsWith("neurofit: cannot join study 'a': no SQLite study file", e2);

            var (c3, _, e3) = StudyFixtures.Run("study", "list", "sqlite:" + dir);
            Assert.Equal(2, c3);
            Assert.Contains($"{dir} is a folder, not an SQLite study file", e3);

            var empty = Path.Combine(dir, "empty.db");
            new SqliteStudyStorage(empty).Dispose();
            var (c4, o4, e4) = StudyFixtures.Run("study", "list", "sqlite:" + empty);
            Assert.True(c4 == 0, e4);
            Assert.Equal($"no studies in sqlite:{empty}", o4.Trim());
            var (c5, _, e5) = StudyFixtures.Run("study", "show", "sqlite:" + empty, "x");
            Assert.Equal(2, c5);
            Assert.Contains("study 'x' does not exist", e5);
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [Fact]
    public void AStorageForSbiIsRefusedInsteadOfCreatedAndIgnored()
    {
        // fit --method sbi --storage sqlite:… created an empty database and ran without it: nothing to resume from
        var (dir, config) = StudyFixtures.Folder(Fast);
        try
        {
            var db = Path.Combine(dir, "s.db");
            var (code, _, err) = StudyFixtures.Run("fit", config, "--method", "sbi", "--max-evals", "100", "--storage", "sqlite:" + db, "--out", Path.Combine(dir, "r"));
            Assert.Equal(2, code);
            Assert.Contains($"method: method sbi does not run on a study, so storage 'sqlite:{db}' would neither keep nor resume it", err);
            Assert.Single(err.TrimEnd().Split('\n'));
            Assert.False(File.Exists(db));
            Assert.False(Directory.Exists(Path.Combine(dir, "r")));

            File.WriteAllText(config, File.ReadAllText(config) + "\nmethod_options: {storage: 'sqlite:c.db'}\n");
            (code, _, err) = StudyFixtures.Run("fit", config, "--method", "sbi", "--max-evals", "100", "--out", Path.Combine(dir, "r"));
            Assert.Equal(2, code);
            Assert.Contains("method_options.storage: method sbi does not run on a study", err);
            Assert.False(File.Exists(Path.Combine(dir, "c.db")));

            (code, _, err) = StudyFixtures.Run("fit", config, "--method", "sbi", "--max-evals", "100", "--storage", "memory", "--out", Path.Combine(dir, "m"));
            Assert.True(code == 0, err);
        }
        finally { StudyFixtures.Delete(dir); }
    }

    [Fact]
    public void MistakesAreOneLineUserErrors()
    {
        var (dir, config) = StudyFixtures.Folder(Fast);
        try
        {
            var url = "sqlite:" + Path.Combine(dir, "e.db");
            var (code, _, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "nope");
            Assert.Equal(2, code);
            Assert.Contains("nope", err);

            Assert.Equal(0, StudyFixtures.Run("fit", config, "--storage", url, "--study", "plain", "--max-evals", "3", "--out", Path.Combine(dir, "r")).Code);
            (code, _, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "plain");
            Assert.Equal(2, code);
            Assert.Contains("holds no fit configuration", err);

            (code, _, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--method", "sbi");
            Assert.Equal(2, code);
            Assert.Contains("sbi does not run on a study", err);

            Assert.Equal(0, StudyFixtures.Run("study", "create", config, "--storage", url, "--study", "ok").Code);
            (code, _, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "ok", "--heartbeat", "10", "--grace-period", "5");
            Assert.Equal(2, code);
            Assert.Contains("shorter than --grace-period", err);

            // an empty study name was an ArgumentException stack trace from the storage
            (code, _, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "");
            Assert.Equal(2, code);
            Assert.Contains("--study: a study name must not be empty", err);
            (code, _, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--study", " ");
            Assert.Equal(2, code);
            Assert.Contains("--study: a study name must not be empty", err);
            Assert.DoesNotContain("   at ", err);

            (code, _, err) = StudyFixtures.Run("study", "show", "nosuch:x", "ok");
            Assert.Equal(2, code);
            Assert.Contains("unknown storage", err);
            Assert.Single(err.TrimEnd().Split('\n'));
        }
        finally { StudyFixtures.Delete(dir); }
    }
}
