using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;
using NeuroFit.Optimization.Tests.Support;

namespace NeuroFit.Optimization.Tests.Storage;

/// <summary>
/// The contract every <see cref="IStudyStorage"/> must meet. A storage's test class inherits this class and
/// implements <see cref="CreateStorage"/>; the facts below run against it.
/// </summary>
public abstract class StorageConformanceTests : IDisposable
{
    private readonly List<IStudyStorage> _opened = new();
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, string> NoAttrs = new Dictionary<string, string>();
    private static readonly IReadOnlyDictionary<string, double> NoParams = new Dictionary<string, double>();

    /// <summary>A fresh, empty storage.</summary>
    protected abstract IStudyStorage CreateStorage();

    protected IStudyStorage Open()
    {
        var s = CreateStorage();
        _opened.Add(s);
        return s;
    }

    public virtual void Dispose()
    {
        foreach (var s in _opened) s.Dispose();
        GC.SuppressFinalize(this);
    }

    private static NewTrial Running(string worker = "w1", int? batch = null) => new(TrialState.Running, NoParams, worker, batch, NoAttrs);
    private static NewTrial Waiting(double x) => new(TrialState.Waiting, new Dictionary<string, double> { ["x"] = x }, null, null, NoAttrs);

    [StorageFact]
    public void StudiesAreCreatedFoundListedAndUnique()
    {
        var s = Open();
        var a = s.CreateStudy("alpha", "[space]", "{sampler}", T0);
        var b = s.CreateStudy("beta", "[]", "{}", T0.AddSeconds(1));
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(a, s.FindStudy("alpha"));
        Assert.Null(s.FindStudy("gamma"));
        Assert.Equal(["alpha", "beta"], s.ListStudies().Select(x => x.Name));
        Assert.Equal("[space]", s.FindStudy("alpha")!.SearchSpaceJson);
        Assert.Equal(T0, s.FindStudy("alpha")!.Created);
        var e = Assert.Throws<StudyExistsException>(() => s.CreateStudy("alpha", "[]", "{}", T0));
        Assert.Contains("already exists", e.Message);
    }

    [StorageFact]
    public void DeletingAStudyRemovesItsTrials()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var t = s.CreateTrial(a.Id, Running(), 10, T0)!;
        Assert.True(s.DeleteStudy("a"));
        Assert.False(s.DeleteStudy("a"));
        Assert.Null(s.FindStudy("a"));
        Assert.Throws<KeyNotFoundException>(() => s.GetTrial(t.Id));
        var again = s.CreateStudy("a", "[]", "{}", T0);
        Assert.Equal(0, s.CountTrials(again.Id));
    }

    [StorageFact]
    public void StudyAttributesAreSetReplacedKeptPerStudyAndDeletedWithTheStudy()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var b = s.CreateStudy("b", "[]", "{}", T0);
        Assert.Empty(s.GetStudyAttributes(a.Id));
        var text = "name: x\nparameters:\n  a: [-1, 1]  # é ✓ 'quotes' \"double\"\n" + new string('y', 100_000);
        s.SetStudyAttribute(a.Id, "neurofit.config", text);
        s.SetStudyAttribute(a.Id, "neurofit.seed", "1");
        s.SetStudyAttribute(a.Id, "neurofit.seed", "2");
        s.SetStudyAttribute(b.Id, "neurofit.seed", "9");
        var attrs = s.GetStudyAttributes(a.Id);
        Assert.Equal(2, attrs.Count);
        Assert.Equal(text, attrs["neurofit.config"]);
        Assert.Equal("2", attrs["neurofit.seed"]);
        Assert.Equal("9", s.GetStudyAttributes(b.Id)["neurofit.seed"]);
        Assert.Throws<ArgumentException>(() => s.SetStudyAttribute(a.Id, " ", "x"));
        Assert.ThrowsAny<StudyStorageException>(() => s.SetStudyAttribute(a.Id + b.Id + 100, "k", "v"));
        Assert.ThrowsAny<StudyStorageException>(() => s.GetStudyAttributes(a.Id + b.Id + 100));
        Assert.True(s.DeleteStudy("a"));
        var again = s.CreateStudy("a", "[]", "{}", T0);
        Assert.Empty(s.GetStudyAttributes(again.Id));
    }

    [StorageFact]
    public void TrialNumbersAreDensePerStudyAndBatchesDefaultToTheOwnNumber()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var b = s.CreateStudy("b", "[]", "{}", T0);
        var t0 = s.CreateTrial(a.Id, Running(), 100, T0)!;
        var u0 = s.CreateTrial(b.Id, Running(), 100, T0)!;
        var t1 = s.CreateTrial(a.Id, Running(batch: 0), 100, T0)!;
        var t2 = s.CreateTrial(a.Id, Running(), 100, T0)!;
        Assert.Equal([0, 1, 2], new[] { t0.Number, t1.Number, t2.Number });
        Assert.Equal(0, u0.Number);
        Assert.Equal([0, 0, 2], new[] { t0.Batch, t1.Batch, t2.Batch });
        Assert.Equal(3, new[] { t0.Id, t1.Id, t2.Id }.Distinct().Count());
        Assert.Equal(TrialState.Running, t0.State);
        Assert.Equal(1, t0.Attempt);
        Assert.Equal("w1", t0.WorkerId);
        Assert.Equal(T0, t0.Started);
        Assert.Equal(T0, t0.Heartbeat);
        Assert.Empty(t0.Params);
    }

    [StorageFact]
    public void CreateTrialRespectsTheBudget()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        Assert.NotNull(s.CreateTrial(a.Id, Running(), 2, T0));
        Assert.NotNull(s.CreateTrial(a.Id, Running(), 2, T0));
        Assert.Null(s.CreateTrial(a.Id, Running(), 2, T0));
        Assert.Equal(2, s.CountTrials(a.Id));
    }

    [StorageFact]
    public void ParametersAndAttributesRoundTripExactly()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var t = s.CreateTrial(a.Id, Running(), 10, T0)!;
        var ps = new Dictionary<string, double> { ["a"] = 0.1, ["tiny"] = 1e-300, ["neg"] = -123.456789012345678, ["big"] = 1.7976931348623157e308 };
        var set = s.SetTrialParams(t.Id, 1, ps, new Dictionary<string, string> { ["k"] = "v1" });
        s.SetTrialParams(t.Id, 1, ps, new Dictionary<string, string> { ["k2"] = "v2" });
        var back = s.GetTrial(t.Id);
        Assert.Equal(ps.OrderBy(p => p.Key), back.Params.OrderBy(p => p.Key));
        Assert.Equal(ps.OrderBy(p => p.Key), set.Params.OrderBy(p => p.Key));
        Assert.Equal("v1", back.SystemAttrs["k"]);
        Assert.Equal("v2", back.SystemAttrs["k2"]);
    }

    [StorageFact]
    public void FinishingStoresTheOutcomeOnce()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var t = s.CreateTrial(a.Id, Running(), 10, T0)!;
        var done = s.FinishTrial(t.Id, 1, TrialState.Complete, 1.25, 0.5, null, T0.AddSeconds(3));
        Assert.Equal(TrialState.Complete, done.State);
        Assert.Equal(1.25, s.GetTrial(t.Id).Loss);
        Assert.Equal(0.5, s.GetTrial(t.Id).LossSd);
        Assert.Equal(T0.AddSeconds(3), s.GetTrial(t.Id).Completed);
        Assert.Equal(TimeSpan.FromSeconds(3), s.GetTrial(t.Id).Duration);
        var e = Assert.Throws<TrialNotUpdatableException>(() => s.FinishTrial(t.Id, 1, TrialState.Complete, 2, null, null, T0));
        Assert.Contains("Complete, not Running", e.Message);
        var f = s.CreateTrial(a.Id, Running(), 10, T0)!;
        s.FinishTrial(f.Id, 1, TrialState.Failed, null, null, "model diverged", T0);
        Assert.Equal("model diverged", s.GetTrial(f.Id).FailureReason);
        Assert.Null(s.GetTrial(f.Id).Loss);
        var g = s.CreateTrial(a.Id, Running(), 10, T0)!;
        Assert.Throws<ArgumentException>(() => s.FinishTrial(g.Id, 1, TrialState.Complete, double.NaN, null, null, T0));
        Assert.Throws<ArgumentException>(() => s.FinishTrial(g.Id, 1, TrialState.Running, 1, null, null, T0));
    }

    [StorageFact]
    public void EnqueuedBatchesAreIdempotentPerKeyAndRespectTheBudget()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        s.CreateTrial(a.Id, Running(), 10, T0);
        Assert.Equal(3, s.EnqueueBatch(a.Id, "g0", [Waiting(1), Waiting(2), Waiting(3)], 10, T0));
        Assert.Equal(0, s.EnqueueBatch(a.Id, "g0", [Waiting(1), Waiting(2), Waiting(3)], 10, T0));
        var waiting = s.GetTrials(a.Id, [TrialState.Waiting]);
        Assert.Equal([1, 2, 3], waiting.Select(t => t.Number));
        Assert.All(waiting, t => Assert.Equal(1, t.Batch));
        Assert.All(waiting, t => Assert.Equal(0, t.Attempt));
        Assert.Equal([1.0, 2.0, 3.0], waiting.Select(t => t["x"]));
        Assert.Equal(1, s.EnqueueBatch(a.Id, "g1", [Waiting(4), Waiting(5)], 5, T0)); // only one place left
        Assert.Equal(0, s.EnqueueBatch(a.Id, "g2", [Waiting(6)], 5, T0));          // none left …
        Assert.Equal(1, s.EnqueueBatch(a.Id, "g2", [Waiting(6)], 6, T0));          // … and the key was not used up
    }

    [StorageFact]
    public void ClaimingTakesTheLowestWaitingTrialOfTheBatch()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        s.EnqueueBatch(a.Id, "b0", [Waiting(1), Waiting(2)], 10, T0);
        s.EnqueueBatch(a.Id, "b1", [Waiting(3)], 10, T0);
        var c1 = s.ClaimWaitingTrial(a.Id, "w9", 2, T0.AddSeconds(1))!;
        Assert.Equal(2, c1.Number);
        var c2 = s.ClaimWaitingTrial(a.Id, "w9", null, T0.AddSeconds(2))!;
        Assert.Equal(0, c2.Number);
        Assert.Equal(TrialState.Running, c2.State);
        Assert.Equal(1, c2.Attempt);
        Assert.Equal("w9", c2.WorkerId);
        Assert.Equal(T0.AddSeconds(2), c2.Started);
        Assert.Null(s.ClaimWaitingTrial(a.Id, "w9", 2, T0));
        Assert.Equal(1, s.ClaimWaitingTrial(a.Id, "w9", null, T0)!.Number);
        Assert.Null(s.ClaimWaitingTrial(a.Id, "w9", null, T0));
    }

    [StorageFact]
    public void HeartbeatsTouchOnlyTheWorkersRunningTrials()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var t1 = s.CreateTrial(a.Id, Running("w1"), 10, T0)!;
        var t2 = s.CreateTrial(a.Id, Running("w2"), 10, T0)!;
        var t3 = s.CreateTrial(a.Id, Running("w1"), 10, T0)!;
        s.FinishTrial(t3.Id, 1, TrialState.Complete, 1, null, null, T0);
        Assert.Equal(1, s.Heartbeat("w1", T0.AddSeconds(30)));
        Assert.Equal(T0.AddSeconds(30), s.GetTrial(t1.Id).Heartbeat);
        Assert.Equal(T0, s.GetTrial(t2.Id).Heartbeat);
    }

    [StorageFact]
    public void RequeueIsCompareAndSetAndFailsOnTheLastAttempt()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var t = s.CreateTrial(a.Id, Running("w1"), 10, T0)!;
        s.SetTrialParams(t.Id, 1, new Dictionary<string, double> { ["x"] = 4 }, NoAttrs);
        s.Heartbeat("w1", T0.AddSeconds(5));
        Assert.Null(s.RequeueTrial(t.Id, 1, T0, "stale", 2, T0.AddMinutes(5))); // heartbeat moved on meanwhile
        var back = s.RequeueTrial(t.Id, 1, T0.AddSeconds(5), "attempt 1 went stale", 2, T0.AddMinutes(5))!;
        Assert.Equal(TrialState.Waiting, back.State);
        Assert.Equal(t.Number, back.Number);
        Assert.Equal(4, back["x"]);
        Assert.Contains("attempt 1 went stale", back.FailureReason);
        // the old holder can no longer tell
        var e = Assert.Throws<TrialNotUpdatableException>(() => s.FinishTrial(t.Id, 1, TrialState.Complete, 1, null, null, T0));
        Assert.Contains("Waiting", e.Message);
        var again = s.ClaimWaitingTrial(a.Id, "w2", null, T0.AddMinutes(6))!;
        Assert.Equal(2, again.Attempt);
        Assert.Contains("re-queued", Assert.Throws<TrialNotUpdatableException>(() => s.FinishTrial(t.Id, 1, TrialState.Complete, 1, null, null, T0)).Message);
        var failed = s.RequeueTrial(t.Id, 2, T0.AddMinutes(6), "attempt 2 went stale", 2, T0.AddMinutes(9))!;
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("attempt 1 went stale; attempt 2 went stale", failed.FailureReason);
    }

    [StorageFact]
    public void QueriesFilterByStateAndOrderByNumber()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        var ts = Enumerable.Range(0, 6).Select(_ => s.CreateTrial(a.Id, Running(), 10, T0)!).ToList();
        s.FinishTrial(ts[1].Id, 1, TrialState.Complete, 3, null, null, T0);
        s.FinishTrial(ts[4].Id, 1, TrialState.Failed, null, null, "x", T0);
        Assert.Equal([0, 1, 2, 3, 4, 5], s.GetTrials(a.Id).Select(t => t.Number));
        Assert.Equal([0, 2, 3, 5], s.GetTrials(a.Id, [TrialState.Running]).Select(t => t.Number));
        Assert.Equal([1, 4], s.GetTrials(a.Id, [TrialState.Complete, TrialState.Failed]).Select(t => t.Number));
        Assert.Equal(2, s.CountTrials(a.Id, [TrialState.Complete, TrialState.Failed]));
        Assert.Equal(6, s.CountTrials(a.Id));
        Assert.Throws<KeyNotFoundException>(() => s.GetTrial(987654321));
    }

    [StorageFact]
    public void ConcurrentClaimsNeverHandOutATrialTwice()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        s.EnqueueBatch(a.Id, "all", Enumerable.Range(0, 120).Select(i => Waiting(i)).ToList(), 1000, T0);
        var got = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, w =>
        {
            Trial? t;
            while ((t = s.ClaimWaitingTrial(a.Id, $"w{w}", null, T0)) is not null) got.Add(t.Number);
        });
        Assert.Equal(120, got.Count);
        Assert.Equal(120, got.Distinct().Count());
    }

    [StorageFact]
    public void ConcurrentCreatesKeepNumbersDenseWithinTheBudget()
    {
        var s = Open();
        var a = s.CreateStudy("a", "[]", "{}", T0);
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, w =>
        {
            while (s.CreateTrial(a.Id, Running($"w{w}"), 90, T0) is not null) { }
        });
        Assert.Equal(Enumerable.Range(0, 90), s.GetTrials(a.Id).Select(t => t.Number));
    }

    [StorageFact]
    public void AStudyOnThisStorageGivesTheSameTrialsAsInMemory()
    {
        using var here = Study.Create(Open(), "tpe", TestFunctions.Box(2), TpeSettings.Hyperopt(3), TestFunctions.NoHeartbeat(40));
        var a = TestFunctions.Run(here, 3, TestFunctions.SphereOf);
        var b = TestFunctions.Run(TestFunctions.NewStudy(TpeSettings.Hyperopt(3), TestFunctions.Box(2), 40), 3, TestFunctions.SphereOf);
        Assert.Equal(b.Select(t => (t.Number, t["x0"], t["x1"], t.Loss)), a.Select(t => (t.Number, t["x0"], t["x1"], t.Loss)));
    }
}

public sealed class InMemoryStorageConformanceTests : StorageConformanceTests
{
    protected override IStudyStorage CreateStorage() => new InMemoryStudyStorage();
}
