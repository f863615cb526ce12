using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Storage;

/// <summary>Process-local storage (lost when the process ends). Thread-safe.</summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly object _gate = new();
    private readonly List<StudyRecord> _studies = new();
    private readonly Dictionary<long, List<Trial>> _trials = new();
    private readonly Dictionary<long, Trial> _byId = new();
    private readonly HashSet<(long, string)> _batchKeys = new();
    private long _nextStudyId = 1, _nextTrialId = 1;

    /// <inheritdoc/>
    public string Description => "in-memory storage";

    /// <inheritdoc/>
    public StudyRecord CreateStudy(string name, string searchSpaceJson, string samplerJson, DateTimeOffset now)
    {
        StorageChecks.StudyName(name);
        lock (_gate)
        {
            if (_studies.Any(s => s.Name == name)) throw new StudyExistsException(name, Description);
            var record = new StudyRecord(_nextStudyId++, name, searchSpaceJson, samplerJson, now);
            _studies.Add(record);
            _trials[record.Id] = new List<Trial>();
            return record;
        }
    }

    /// <inheritdoc/>
    public StudyRecord? FindStudy(string name)
    {
        lock (_gate) return _studies.FirstOrDefault(s => s.Name == name);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StudyRecord> ListStudies()
    {
        lock (_gate) return _studies.ToList();
    }

    /// <inheritdoc/>
    public bool DeleteStudy(string name)
    {
        lock (_gate)
        {
            var s = _studies.FirstOrDefault(x => x.Name == name);
            if (s is null) return false;
            _studies.Remove(s);
            foreach (var t in _trials[s.Id]) _byId.Remove(t.Id);
            _trials.Remove(s.Id);
            _batchKeys.RemoveWhere(k => k.Item1 == s.Id);
            return true;
        }
    }

    private List<Trial> TrialsOf(long studyId) =>
        _trials.TryGetValue(studyId, out var list) ? list : throw new StudyStorageException($"study id {studyId} does not exist in {Description}");

    /// <inheritdoc/>
    public Trial? CreateTrial(long studyId, NewTrial trial, int maxTrials, DateTimeOffset now)
    {
        StorageChecks.NewTrial(trial);
        lock (_gate)
        {
            var list = TrialsOf(studyId);
            if (list.Count >= maxTrials) return null;
            return Insert(studyId, list, trial, trial.Batch ?? list.Count, now);
        }
    }

    private Trial Insert(long studyId, List<Trial> list, NewTrial nt, int batch, DateTimeOffset now)
    {
        var running = nt.State == TrialState.Running;
        var t = new Trial(_nextTrialId++, studyId, list.Count, nt.State, Copy(nt.Params), null, null, null,
            nt.WorkerId, batch, running ? 1 : 0, running ? now : null, null, running ? now : null, Copy(nt.SystemAttrs));
        list.Add(t);
        _byId[t.Id] = t;
        return t;
    }

    /// <inheritdoc/>
    public int EnqueueBatch(long studyId, string batchKey, IReadOnlyList<NewTrial> trials, int maxTrials, DateTimeOffset now)
    {
        foreach (var nt in trials) StorageChecks.NewTrial(nt);
        lock (_gate)
        {
            var list = TrialsOf(studyId);
            if (_batchKeys.Contains((studyId, batchKey))) return 0;
            var room = Math.Max(0, maxTrials - list.Count);
            var batch = list.Count;
            var n = Math.Min(room, trials.Count);
            if (n == 0) return 0; // the key stays free for a later, larger budget
            _batchKeys.Add((studyId, batchKey));
            for (var i = 0; i < n; i++) Insert(studyId, list, trials[i] with { State = TrialState.Waiting, WorkerId = null }, batch, now);
            return n;
        }
    }

    /// <inheritdoc/>
    public Trial? ClaimWaitingTrial(long studyId, string workerId, int? batch, DateTimeOffset now)
    {
        lock (_gate)
        {
            var list = TrialsOf(studyId);
            foreach (var t in list)
            {
                if (t.State != TrialState.Waiting || (batch is { } b && t.Batch != b)) continue;
                return Replace(t with { State = TrialState.Running, WorkerId = workerId, Attempt = t.Attempt + 1, Started = now, Heartbeat = now });
            }
            return null;
        }
    }

    private Trial Replace(Trial t)
    {
        var list = _trials[t.StudyId];
        list[t.Number] = t;
        _byId[t.Id] = t;
        return t;
    }

    private Trial Held(long trialId, int attempt, string action)
    {
        if (!_byId.TryGetValue(trialId, out var t)) throw new KeyNotFoundException($"trial id {trialId} does not exist in {Description}");
        StorageChecks.Held(t, attempt, action);
        return t;
    }

    /// <inheritdoc/>
    public Trial SetTrialParams(long trialId, int attempt, IReadOnlyDictionary<string, double> parameters, IReadOnlyDictionary<string, string> systemAttrs)
    {
        lock (_gate)
        {
            var t = Held(trialId, attempt, "set parameters of");
            var attrs = new Dictionary<string, string>(t.SystemAttrs);
            foreach (var (k, v) in systemAttrs) attrs[k] = v;
            return Replace(t with { Params = Copy(parameters), SystemAttrs = attrs });
        }
    }

    /// <inheritdoc/>
    public Trial FinishTrial(long trialId, int attempt, TrialState state, double? loss, double? lossSd, string? reason, DateTimeOffset now)
    {
        StorageChecks.Finish(state, loss);
        lock (_gate)
        {
            var t = Held(trialId, attempt, "finish");
            return Replace(t with
            {
                State = state, Loss = loss, LossSd = lossSd, FailureReason = StorageChecks.AppendReason(t.FailureReason, reason),
                Completed = now, Heartbeat = now,
            });
        }
    }

    /// <inheritdoc/>
    public int Heartbeat(string workerId, DateTimeOffset now)
    {
        lock (_gate)
        {
            var held = _byId.Values.Where(t => t.State == TrialState.Running && t.WorkerId == workerId).ToList();
            foreach (var t in held) Replace(t with { Heartbeat = now });
            return held.Count;
        }
    }

    /// <inheritdoc/>
    public Trial? RequeueTrial(long trialId, int attempt, DateTimeOffset? observedHeartbeat, string reason, int maxAttempts, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(trialId, out var t)) throw new KeyNotFoundException($"trial id {trialId} does not exist in {Description}");
            if (t.State != TrialState.Running || t.Attempt != attempt || t.Heartbeat != observedHeartbeat) return null;
            var notes = StorageChecks.AppendReason(t.FailureReason, reason);
            return Replace(t.Attempt < maxAttempts
                ? t with { State = TrialState.Waiting, FailureReason = notes, WorkerId = null }
                : t with { State = TrialState.Failed, FailureReason = notes, Completed = now });
        }
    }

    /// <inheritdoc/>
    public Trial GetTrial(long trialId)
    {
        lock (_gate)
            return _byId.TryGetValue(trialId, out var t) ? t : throw new KeyNotFoundException($"trial id {trialId} does not exist in {Description}");
    }

    /// <inheritdoc/>
    public IReadOnlyList<Trial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate)
        {
            var list = TrialsOf(studyId);
            return states is null ? list.ToArray() : list.Where(t => states.Contains(t.State)).ToArray();
        }
    }

    /// <inheritdoc/>
    public int CountTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate)
        {
            var list = TrialsOf(studyId);
            return states is null ? list.Count : list.Count(t => states.Contains(t.State));
        }
    }

    /// <inheritdoc/>
    public void Dispose() { }

    private static IReadOnlyDictionary<TK, TV> Copy<TK, TV>(IReadOnlyDictionary<TK, TV> d) where TK : notnull =>
        new Dictionary<TK, TV>(d);
}
