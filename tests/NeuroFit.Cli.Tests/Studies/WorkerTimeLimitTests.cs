namespace NeuroFit.Cli.Tests.Studies;

/// <summary><c>neurofit worker --time-limit</c>: a worker stops at the study's budget or its own limit, whichever comes first.</summary>
public class WorkerTimeLimitTests
{
    [Fact]
    public void AWorkerStopsAtItsTimeLimitAndLeavesTheRestOfTheBudgetToOthers()
    {
        var (dir, config) = StudyFixtures.Folder(StudyFixtures.Config("random", 1_000_000_000, dt: 1));
        try
        {
            var url = "sqlite:" + Path.Combine(dir, "shared.db");
            var (code, _, err) = StudyFixtures.Run("study", "create", config, "--storage", url, "--study", "w");
            Assert.True(code == 0, err);
            (code, var output, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "w", "--time-limit", "1");
            Assert.True(code == 0, err);
            Assert.Contains("of a budget of 1000000000; this worker stopped by time_limit (1 s)", output);
            var trials = StudyFixtures.Trials(url, "w");
            Assert.InRange(trials.Count, 64, 999_999_999);
            Assert.All(trials, t => Assert.True(t.State is NeuroFit.Optimization.Trials.TrialState.Complete, $"trial {t.Number} is {t.State}"));

            (code, _, err) = StudyFixtures.Run("worker", "--storage", url, "--study", "w", "--time-limit", "never");
            Assert.Equal(2, code);
            Assert.Contains("--time-limit: 'never' is not a number of seconds", err);
        }
        finally { StudyFixtures.Delete(dir); }
    }
}
