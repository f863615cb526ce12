using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;
using NeuroFit.Optimization.Tests.Support;
using static NeuroFit.Optimization.Tests.Support.TestFunctions;

namespace NeuroFit.Optimization.Tests.Studies;

public class StudyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static StudyOptions Worker(string id, ManualClock clock, int max = 100) => new()
    {
        WorkerId = id, TimeProvider = clock, HeartbeatInterval = TimeSpan.Zero, GracePeriod = TimeSpan.FromSeconds(30), MaxTrials = max,
    };

    [Fact]
    public void BestTrialIsTheLowestCompleteLoss()
    {
        var study = NewStudy(new RandomSettings { Seed = 1 }, Box(2), 10);
        Assert.Null(study.BestTrial);
        var b = study.Ask(3);
        study.Tell(b[0], 5);
        study.Tell(b[1], 2, 0.1);
        study.TellFailed(b[2], "boom");
        Assert.Equal(b[1].Number, study.BestTrial!.Number);
        Assert.Equal(0.1, study.BestTrial.LossSd);
    }

    [Fact]
    public void BudgetExhaustionIsReportedOnlyWhenNothingIsPending()
    {
        var study = NewStudy(new RandomSettings(), Box(1), 3);
        var b = study.Ask(5);
        Assert.Equal(3, b.Count);
        var empty = study.Ask(1);
        Assert.Equal(AskStatus.Waiting, empty.Status);
        Assert.Contains("3 are still pending", empty.Message);
        foreach (var t in b) study.Tell(t, 1);
        Assert.Equal(AskStatus.BudgetExhausted, study.Ask(1).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => study.Ask(0));
    }

    [Fact]
    public void StaleTrialsOfASilentWorkerAreRequeuedOnceThenFailed()
    {
        var storage = new InMemoryStudyStorage();
        var clock = new ManualClock(T0);
        using var a = Study.Create(storage, "s", Box(2), new RandomSettings { Seed = 4 }, Worker("hostX/1/a", clock));
        using var b = Study.Load(storage, "s", Worker("hostX/2/b", clock));
        var held = a.Ask(2);
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, b.RecoverStaleTrials());          // within the grace period
        a.Heartbeat();
        clock.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(0, b.RecoverStaleTrials());          // the heartbeat renewed it
        clock.Advance(TimeSpan.FromSeconds(31));
        var batch = b.Ask(2);                             // Ask re-queues and claims the stale batch first
        var taken = batch.Take(2).ToList();
        Assert.Equal(2, batch.Count);
        Assert.Equal(held.Select(t => t.Number), taken.Select(t => t.Number));
        Assert.Equal(held.Select(t => t["x0"]), taken.Select(t => t["x0"]));
        Assert.All(taken, t => Assert.Equal(2, t.Attempt));
        Assert.All(taken, t => Assert.Contains("went stale: no heartbeat for 56 s; re-queued", t.FailureReason));
        var e = Assert.Throws<TrialNotUpdatableException>(() => a.Tell(held[0], 1.0));
        Assert.Contains("re-queued", e.Message);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(2, a.RecoverStaleTrials());          // b went silent too: last attempt → failed
        Assert.All(a.GetTrials(), t => Assert.Equal(TrialState.Failed, t.State));
        Assert.All(a.GetTrials(), t => Assert.Contains("failed (no attempts left)", t.FailureReason));
    }

    [Fact]
    public void TrialsOfADeadLocalProcessAreRequeuedAtOnce()
    {
        var storage = new InMemoryStudyStorage();
        var clock = new ManualClock(T0);
        var deadPid = FindUnusedPid();
        using var dead = Study.Create(storage, "s", Box(2), TpeSettings.Hyperopt(1), Worker($"{Environment.MachineName}/{deadPid}/x", clock));
        var orphan = dead.Ask(3);
        using var resumed = Study.Load(storage, "s", Worker(WorkerIdentity.Create(), clock));
        var again = resumed.Ask(3);
        Assert.Equal(orphan.Select(t => t.Number), again.Select(t => t.Number)); // the orphaned batch, as it was
        Assert.Contains("the process is gone", again[0].FailureReason);
        // a batch cut short (a crash inside Ask) is completed in the same batch when asked with the same size
        var cut = dead.Storage.GetTrials(dead.Record.Id).Count;
        using var dead2 = Study.Load(storage, "s", Worker($"{Environment.MachineName}/{deadPid}/y", clock));
        var partial = dead2.Ask(2);
        foreach (var t in again) resumed.Tell(t, 1);
        var completed = resumed.Ask(4);
        Assert.Equal(Enumerable.Range(cut, 4), completed.Select(t => t.Number));
        Assert.All(completed, t => Assert.Equal(cut, t.Batch));
    }

    private static int FindUnusedPid()
    {
        for (var pid = 4_000_000; pid > 100_000; pid -= 7919)
            if (!Directory.Exists($"/proc/{pid}")) return pid;
        throw new InvalidOperationException("no free pid found");
    }

    [Fact]
    public void EnqueuedPointsAreEvaluatedFirst()
    {
        var study = NewStudy(TpeSettings.Hyperopt(0), new SearchSpace(Hp.Uniform("a", 0, 1), Hp.Choice("m", "x", "y")), 10);
        study.Enqueue(new Dictionary<string, object?> { ["a"] = 0.25, ["m"] = "y" });
        var first = study.Ask(1)[0]; // the enqueued point comes first
        Assert.Equal(0.25, first["a"]);
        Assert.Equal("y", study.ExternalParams(first)["m"]);
        Assert.Throws<SearchSpaceException>(() => study.Enqueue(new Dictionary<string, object?> { ["a"] = 2.0, ["m"] = "y" }));
    }

    [Fact]
    public void CreateOrLoadResumesOnlyWithTheSameSpaceAndSampler()
    {
        var storage = new InMemoryStudyStorage();
        using (var s = Study.CreateOrLoad(storage, "fit", Box(2), TpeSettings.Hyperopt(1), NoHeartbeat()))
            s.Tell(s.Ask(1)[0], 1);
        using (var s = Study.CreateOrLoad(storage, "fit", Box(2), TpeSettings.Hyperopt(1), NoHeartbeat()))
            Assert.Equal(1, s.CountTrials());
        var e1 = Assert.Throws<StudyStorageException>(() => Study.CreateOrLoad(storage, "fit", Box(3), TpeSettings.Hyperopt(1), NoHeartbeat()));
        Assert.Contains("another search space", e1.Message);
        var e2 = Assert.Throws<StudyStorageException>(() => Study.CreateOrLoad(storage, "fit", Box(2), TpeSettings.Hyperopt(2), NoHeartbeat()));
        Assert.Contains("same method, options and seed", e2.Message);
        Assert.Throws<StudyNotFoundException>(() => Study.Load(storage, "nope"));
        Assert.Throws<StudyExistsException>(() => Study.Create(storage, "fit", Box(2), TpeSettings.Hyperopt(1)));
    }

    [Fact]
    public void ASearchSpaceMismatchNamesTheParametersAndBoundsThatDiffer()
    {
        // the message used to list only the kinds ("stored: x0: uniform, x1: uniform; given: x0: uniform, x1: uniform"),
        // so a change of bounds read as two identical spaces
        var storage = new InMemoryStudyStorage();
        using (Study.CreateOrLoad(storage, "fit", Box(2), TpeSettings.Hyperopt(1), NoHeartbeat())) { }
        var bounds = Assert.Throws<StudyStorageException>(() => Study.CreateOrLoad(storage, "fit", Box(2, -5, 10), TpeSettings.Hyperopt(1), NoHeartbeat()));
        Assert.Contains("another search space (x0: stored uniform low -5 high 5, given uniform low -5 high 10; x1: stored uniform low -5 high 5, given uniform low -5 high 10)", bounds.Message);
        var added = Assert.Throws<StudyStorageException>(() => Study.CreateOrLoad(storage, "fit", Box(3), TpeSettings.Hyperopt(1), NoHeartbeat()));
        Assert.Contains("(x2: given uniform low -5 high 5, not stored)", added.Message);
        Assert.Equal("x1: stored uniform low -5 high 5, not given", SearchSpace.Difference(Box(2).ToJson(), Box(1).ToJson()));
        Assert.Equal("parameter order: stored x0, x1, given x1, x0",
            SearchSpace.Difference(Box(2).ToJson(), new SearchSpace([Hp.Uniform("x1", -5, 5), Hp.Uniform("x0", -5, 5)]).ToJson()));
    }

    [Fact]
    public void HeartbeatTimerBeatsWhileTrialsAreHeld()
    {
        var storage = new InMemoryStudyStorage();
        using var study = Study.Create(storage, "s", Box(1), new RandomSettings(), new StudyOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50) });
        var t = study.Ask(1)[0];
        var first = t.Heartbeat;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (storage.GetTrial(t.Id).Heartbeat == first && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.True(storage.GetTrial(t.Id).Heartbeat > first);
        Assert.Null(study.LastHeartbeatError);
    }
}
