using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization;

/// <summary>
/// An optimisation run with ask/tell: <see cref="Ask(int)"/> hands out a batch of trials (one simulated population),
/// <see cref="Tell(Trial, double, double?)"/>/<see cref="TellFailed"/> record their results. Everything lives in the storage. The study keeps
/// its own copy of the trials, brought up to date at every Ask (only what changed is read where the storage can say so);
/// the sampler's state follows from those trials, so the same code resumes a killed run (same seed ⇒ same
/// continuation) and runs as one of many workers on a shared study. One <see cref="Study"/> object is one worker; its methods are
/// thread-safe. Dispose it to stop the heartbeat timer (the storage is not disposed).
/// </summary>
public sealed class Study : IDisposable
{
    private static readonly TrialState[] Pending = [TrialState.Running, TrialState.Waiting];

    private readonly object _gate = new();
    private readonly Sampler _sampler;
    private readonly TrialTable _table;
    private readonly ITimer? _heartbeat;
    private readonly TimeProvider _clock;
    private bool _disposed;

    private Study(IStudyStorage storage, StudyRecord record, SearchSpace space, SamplerSettings settings, StudyOptions? options)
    {
        Storage = storage;
        Record = record;
        Space = space;
        SamplerSettings = settings;
        Options = options ?? new StudyOptions();
        if (Options.MaxTrials < 0) throw new ArgumentException($"MaxTrials must be >= 0, got {Options.MaxTrials}");
        if (Options.MaxAttempts < 1) throw new ArgumentException($"MaxAttempts must be >= 1, got {Options.MaxAttempts}");
        WorkerId = Options.WorkerId ?? WorkerIdentity.Create();
        _clock = Options.TimeProvider;
        _sampler = settings.CreateSampler(space);
        _table = new TrialTable(storage, record.Id, _sampler);
        if (Options.HeartbeatInterval > TimeSpan.Zero)
            _heartbeat = _clock.CreateTimer(_ => BeatQuietly(), null, Options.HeartbeatInterval, Options.HeartbeatInterval);
    }

    /// <summary>Creates a new study; throws <see cref="StudyExistsException"/> if the name is taken.</summary>
    public static Study Create(IStudyStorage storage, string name, SearchSpace space, SamplerSettings sampler, StudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(sampler);
        sampler.CreateSampler(space); // validate settings before anything is stored
        var now = (options?.TimeProvider ?? TimeProvider.System).GetUtcNow();
        var record = storage.CreateStudy(name, space.ToJson(), sampler.ToJson(), now);
        return new Study(storage, record, space, sampler, options);
    }

    /// <summary>Joins an existing study (a worker, or a resume): space and sampler come from the storage.</summary>
    public static Study Load(IStudyStorage storage, string name, StudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var record = storage.FindStudy(name) ?? throw new StudyNotFoundException(name, storage.Description);
        return new Study(storage, record, SearchSpace.FromJson(record.SearchSpaceJson), SamplerSettings.FromJson(record.SamplerJson), options);
    }

    /// <summary>Resumes the study if it exists — then space and sampler must equal the stored ones, else a
    /// <see cref="StudyStorageException"/> says what differs — or creates it.</summary>
    public static Study CreateOrLoad(IStudyStorage storage, string name, SearchSpace space, SamplerSettings sampler, StudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var existing = storage.FindStudy(name);
        if (existing is null)
        {
            try { return Create(storage, name, space, sampler, options); }
            catch (StudyExistsException) { existing = storage.FindStudy(name); if (existing is null) throw; }
        }
        if (existing.SearchSpaceJson != space.ToJson())
            throw new StudyStorageException($"study '{name}' in {storage.Description} was created with another search space ({SearchSpace.Difference(existing.SearchSpaceJson, space.ToJson())}); use another study name, or delete the old study");
        if (existing.SamplerJson != sampler.ToJson())
            throw new StudyStorageException($"study '{name}' in {storage.Description} was created with other sampler settings (stored: {existing.SamplerJson}; given: {sampler.ToJson()}); resuming needs the same method, options and seed — use another study name to change them");
        return new Study(storage, existing, space, sampler, options);
    }

    /// <summary>The storage behind the study.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The stored study record.</summary>
    public StudyRecord Record { get; }

    /// <summary>Study name.</summary>
    public string Name => Record.Name;

    /// <summary>The search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The sampler settings (method, options, seed).</summary>
    public SamplerSettings SamplerSettings { get; }

    /// <summary>This worker's options.</summary>
    public StudyOptions Options { get; }

    /// <summary>This worker's id.</summary>
    public string WorkerId { get; }

    /// <summary>The batch size the method works in: λ of the next CMA-ES generation, 1 otherwise (TPE and random
    /// accept any size). With CMA-ES restarts λ changes from run to run: read it before every Ask (it brings the study
    /// up to date first, so it already gives the λ of a restart that the finished trials have triggered).</summary>
    public int NaturalBatchSize
    {
        get
        {
            lock (_gate)
            {
                CatchUpLocked();
                return _sampler.NaturalBatchSize;
            }
        }
    }

    /// <summary>The sampler's current stage for a progress line, or null when the method has none. CMA-ES with
    /// restarts: <c>"restart k, λ = N"</c> (k = 0 is the first run; BIPOP adds the regime: <c>"restart 3 (small),
    /// λ = 14"</c>), describing the generation the next Ask hands out. The same facts are stored with each trial as the
    /// system attributes <c>cma:restart</c> and <c>cma:lambda</c>.</summary>
    public string? SamplerStage
    {
        get
        {
            lock (_gate)
            {
                CatchUpLocked();
                return _sampler.Stage;
            }
        }
    }

    private void CatchUpLocked()
    {
        if (!_sampler.IsGenerational || _disposed) return;
        _table.Sync();
        _sampler.CatchUp();
    }

    /// <summary>Why the sampler stopped, once it has (CMA-ES convergence); null while it goes on.</summary>
    public string? StopReason { get; private set; }

    /// <summary>
    /// Hands out up to <paramref name="n"/> Running trials for this worker. In order: trials of dead or silent
    /// workers are re-queued; Waiting trials (a re-queued batch, a CMA-ES generation, enqueued points) are claimed,
    /// lowest batch first and one batch at a time; otherwise new trials are sampled, each seeded by (seed, number),
    /// within the budget. Fewer than n come back at a CMA-ES generation's end or the budget's; an empty batch says why
    /// (<see cref="TrialBatch.Status"/>). A resumed run reproduces an uninterrupted one when it asks with the same n.
    /// </summary>
    public TrialBatch Ask(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "ask for at least one trial");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _table.Sync();
            RecoverStaleTrialsLocked();
            var claimed = ClaimLocked(n);
            if (claimed.Count > 0)
            {
                if (!_sampler.IsGenerational && claimed.Count < n) TopUpLocked(claimed, n);
                return new TrialBatch(claimed, AskStatus.Ready, null);
            }
            return _sampler.IsGenerational ? AskGenerationLocked(n) : AskNewLocked(n);
        }
    }

    private List<Trial> ClaimLocked(int n)
    {
        // nothing waits as of this Ask's read of the study (what other workers queue later is claimed next time)
        if (_table.WaitingCount == 0) return [];
        var claimed = Storage.ClaimWaitingTrials(Record.Id, WorkerId, null, n, _clock.GetUtcNow());
        foreach (var t in claimed) _table.Apply(t);
        return FillParamsLocked(claimed);
    }

    /// <summary>A process killed in the middle of Ask leaves the study's last batch with fewer trials than asked for;
    /// the resumed Ask completes it in the same batch, so the continuation equals an uninterrupted run.</summary>
    private void TopUpLocked(List<Trial> claimed, int n)
    {
        var batch = claimed[0].Batch;
        var all = _table.Trials;
        if (all.Count == 0 || all[^1].Batch != batch) return;
        var inBatch = 0;
        for (var i = all.Count - 1; i >= 0 && all[i].Number >= batch; i--)
            if (all[i].Batch == batch) inBatch++;
        if (inBatch >= n) return;
        var created = Storage.CreateTrials(Record.Id, new NewTrial(TrialState.Running, EmptyParams, WorkerId, batch, EmptyAttrs), n - inBatch,
            Options.MaxTrials, _clock.GetUtcNow());
        foreach (var t in created) _table.Apply(t);
        claimed.AddRange(FillParamsLocked(created));
    }

    private TrialBatch AskGenerationLocked(int n)
    {
        var step = _sampler.NextGeneration(_table.Trials);
        switch (step)
        {
            case GenerationStep.Finished f:
                StopReason = f.Reason;
                return new TrialBatch([], AskStatus.SamplerFinished, f.Reason);
            case GenerationStep.Enqueue e:
                Storage.EnqueueBatch(Record.Id, e.Key, e.Trials, Options.MaxTrials, _clock.GetUtcNow());
                _table.Sync();
                var claimed = ClaimLocked(n);
                return claimed.Count > 0 ? new TrialBatch(claimed, AskStatus.Ready, null) : EmptyLocked("the current generation is being evaluated by other workers");
            default:
                return EmptyLocked("waiting for the current generation's pending trials");
        }
    }

    private TrialBatch AskNewLocked(int n)
    {
        var created = Storage.CreateTrials(Record.Id, new NewTrial(TrialState.Running, EmptyParams, WorkerId, null, EmptyAttrs), n,
            Options.MaxTrials, _clock.GetUtcNow());
        if (created.Count == 0) return EmptyLocked("no trial to hand out");
        foreach (var t in created) _table.Apply(t);
        return new TrialBatch(FillParamsLocked(created), AskStatus.Ready, null);
    }

    private static readonly IReadOnlyDictionary<string, double> EmptyParams = new Dictionary<string, double>();
    private static readonly IReadOnlyDictionary<string, string> EmptyAttrs = new Dictionary<string, string>();

    /// <summary>Samples the parameters of the trials that have none, in number order — each sees the earlier ones as
    /// pending (constant liar) — and stores them in one step. If the sampler fails, the batch's trials are failed.</summary>
    private List<Trial> FillParamsLocked(IReadOnlyList<Trial> trials)
    {
        var result = new List<Trial>(trials);
        List<TrialParamsUpdate>? updates = null;
        List<int>? positions = null;
        try
        {
            for (var i = 0; i < result.Count; i++)
            {
                var t = result[i];
                if (t.HasParams) continue;
                var ps = _sampler.SampleTrial(_table.Trials, t.Number);
                foreach (var p in Space.Parameters)
                    if (!ps.TryGetValue(p.Name, out var v) || !p.Distribution.Contains(v))
                        throw new InvalidOperationException($"sampler {SamplerSettings.Method} produced an invalid value for '{p.Name}' in trial {t.Number}");
                _table.Apply(t with { Params = ps }); // the next trial of the batch sees this one as pending
                (updates ??= new()).Add(new TrialParamsUpdate(t.Id, t.Attempt, ps, EmptyAttrs));
                (positions ??= new()).Add(i);
            }
        }
        catch (Exception e)
        {
            var failed = Storage.FinishTrials(trials.Select(t => new TrialFinish(t.Id, t.Attempt, TrialState.Failed, null, null, $"sampler error: {e.Message}")).ToList(),
                _clock.GetUtcNow());
            foreach (var t in failed) if (t is not null) _table.Apply(t);
            throw;
        }
        if (updates is null) return result;
        var stored = Storage.SetTrialParams(updates);
        for (var k = 0; k < stored.Count; k++)
        {
            _table.Apply(stored[k]);
            result[positions![k]] = stored[k];
        }
        return result;
    }

    private TrialBatch EmptyLocked(string why)
    {
        var total = Storage.CountTrials(Record.Id);
        var pending = Storage.CountTrials(Record.Id, Pending);
        if (total >= Options.MaxTrials)
            return pending == 0
                ? new TrialBatch([], AskStatus.BudgetExhausted, $"all {Options.MaxTrials} trials of the budget are finished")
                : new TrialBatch([], AskStatus.Waiting, $"the budget of {Options.MaxTrials} trials is handed out; {pending} are still pending (they may be re-queued)");
        return new TrialBatch([], AskStatus.Waiting, why);
    }

    /// <summary>Records the loss (and its SD over repeats) of a trial this worker holds. A NaN or infinite loss marks
    /// the trial failed instead. Throws <see cref="TrialNotUpdatableException"/> when the trial is no longer this
    /// worker's (finished already, or re-queued after this worker went silent).</summary>
    public Trial Tell(Trial trial, double loss, double? lossSd = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (!double.IsFinite(loss)) return TellFailed(trial, $"loss is {loss}");
        lock (_gate)
        {
            var sd = lossSd is { } s && double.IsFinite(s) ? s : (double?)null;
            return Storage.FinishTrial(trial.Id, trial.Attempt, TrialState.Complete, loss, sd, null, _clock.GetUtcNow());
        }
    }

    /// <summary>Records the outcomes of several trials this worker holds in one step of the storage (one transaction
    /// on SQL storages). A trial with a failure reason or without a finite loss is marked failed. The result holds each
    /// trial's new record, or null for one that is no longer this worker's (re-queued after it went silent, and
    /// evaluated by another worker): that outcome is dropped, the run goes on.</summary>
    public IReadOnlyList<Trial?> Tell(IReadOnlyList<TrialOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var finishes = new List<TrialFinish>(outcomes.Count);
        foreach (var o in outcomes)
        {
            var failed = o.FailureReason is not null || o.Loss is not { } l || !double.IsFinite(l);
            var reason = o.FailureReason is { } r ? (string.IsNullOrWhiteSpace(r) ? "failed (no reason given)" : r) : failed ? $"loss is {o.Loss?.ToString() ?? "missing"}" : null;
            var sd = !failed && o.LossSd is { } s && double.IsFinite(s) ? s : (double?)null;
            finishes.Add(new TrialFinish(o.Trial.Id, o.Trial.Attempt, failed ? TrialState.Failed : TrialState.Complete, failed ? null : o.Loss, sd, reason));
        }
        lock (_gate) return Storage.FinishTrials(finishes, _clock.GetUtcNow());
    }

    /// <summary>Marks a trial failed with a reason. Samplers treat failed trials as the worst; the run goes on.</summary>
    public Trial TellFailed(Trial trial, string reason)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
            return Storage.FinishTrial(trial.Id, trial.Attempt, TrialState.Failed, null, null,
                string.IsNullOrWhiteSpace(reason) ? "failed (no reason given)" : reason, _clock.GetUtcNow());
    }

    /// <summary>Queues a user-chosen point (hyperopt's points_to_evaluate) as a Waiting trial; workers evaluate queued
    /// points before sampling new ones. Values are user-facing (choice options, not indices).</summary>
    public Trial Enqueue(IReadOnlyDictionary<string, object?> parameters)
    {
        var ps = Space.ToInternal(parameters);
        lock (_gate)
        {
            var key = $"enqueue:{Guid.NewGuid():N}";
            var n = Storage.EnqueueBatch(Record.Id, key, [new NewTrial(TrialState.Waiting, ps, null, null, new Dictionary<string, string>())],
                Options.MaxTrials, _clock.GetUtcNow());
            if (n == 0) throw new StudyStorageException($"cannot enqueue: the budget of {Options.MaxTrials} trials is used");
            return Storage.GetTrials(Record.Id, [TrialState.Waiting]).Last();
        }
    }

    /// <summary>All trials ordered by number (optionally only some states).</summary>
    public IReadOnlyList<Trial> GetTrials(params TrialState[] states) =>
        Storage.GetTrials(Record.Id, states.Length == 0 ? null : states);

    /// <summary>Number of trials (optionally only some states).</summary>
    public int CountTrials(params TrialState[] states) => Storage.CountTrials(Record.Id, states.Length == 0 ? null : states);

    /// <summary>The complete trial with the lowest loss (lowest number on ties); null before any.</summary>
    public Trial? BestTrial
    {
        get
        {
            Trial? best = null;
            foreach (var t in Storage.GetTrials(Record.Id, [TrialState.Complete]))
                if (best is null || t.Loss < best.Loss) best = t;
            return best;
        }
    }

    /// <summary>User-facing parameter values of a trial (choice options instead of indices).</summary>
    public IReadOnlyDictionary<string, object?> ExternalParams(Trial trial) => Space.ToExternal(trial.Params);

    /// <summary>Sends a heartbeat for this worker's Running trials now (the timer does it every interval).</summary>
    public int Heartbeat() => Storage.Heartbeat(WorkerId, _clock.GetUtcNow());

    /// <summary>Re-queues (or fails, on their last attempt) Running trials of other workers that are stale: no
    /// heartbeat within the grace period, or held by a dead process on this machine. Ask does this itself; returns
    /// how many trials were taken back.</summary>
    public int RecoverStaleTrials()
    {
        lock (_gate)
        {
            _table.Sync();
            return RecoverStaleTrialsLocked();
        }
    }

    private int RecoverStaleTrialsLocked()
    {
        if (_table.Running.Count == 0) return 0;
        var now = _clock.GetUtcNow();
        List<(Trial Trial, string Why)>? stale = null;
        for (var i = 0; i < _table.Running.Count; i++)
        {
            var t = _table.Trials[_table.Running[i]];
            if (t.WorkerId == WorkerId) continue;
            string? why = null;
            if (WorkerIdentity.IsDeadLocalProcess(t.WorkerId)) why = $"attempt {t.Attempt} by {t.WorkerId} ended: the process is gone";
            else if (t.Heartbeat is { } hb && now - hb > Options.GracePeriod)
                why = $"attempt {t.Attempt} by {t.WorkerId} went stale: no heartbeat for {(now - hb).TotalSeconds:F0} s";
            if (why is null) continue;
            why += t.Attempt < Options.MaxAttempts ? "; re-queued" : "; failed (no attempts left)";
            (stale ??= new()).Add((t, why));
        }
        if (stale is null) return 0;
        var count = 0;
        foreach (var (t, why) in stale)
            if (Storage.RequeueTrial(t.Id, t.Attempt, t.Heartbeat, why, Options.MaxAttempts, now) is { } requeued)
            {
                _table.Apply(requeued);
                count++;
            }
        return count;
    }

    private void BeatQuietly()
    {
        try
        {
            lock (_gate)
            {
                if (_disposed) return;
                Storage.Heartbeat(WorkerId, _clock.GetUtcNow());
            }
        }
        catch (Exception e)
        {
            LastHeartbeatError = e;
        }
    }

    /// <summary>The last exception of the background heartbeat, if any (heartbeats never throw into the run).</summary>
    public Exception? LastHeartbeatError { get; private set; }

    /// <summary>Stops the heartbeat timer. Held trials stay Running until stale, then are re-queued.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _heartbeat?.Dispose();
    }
}
