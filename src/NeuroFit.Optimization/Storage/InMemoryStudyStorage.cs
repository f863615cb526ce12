using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Storage;

/// <summary>Process-local storage (lost when the process ends). Thread-safe. Every operation costs O(1) or
/// O(log n) in the study's size, except reading all trials; a <see cref="Study"/> reads only what changed.</summary>
public sealed class InMemoryStudyStorage : IStudyStorage, ITrialChangeFeed
{
    private readonly object _gate = new();
    private readonly List<StudyRecord> _studies = new();
    private readonly Dictionary<long, StudyData> _data = new();
    private readonly Dictionary<long, Trial> _byId = new();
    private long _nextStudyId = 1, _nextTrialId = 1;

    /// <summary>A study's trials by number, indexes of its pending trials, counts per state and a log of changed
    /// trial numbers (the change feed).</summary>
    private sealed class StudyData
    {
        public readonly List<Trial> Trials = new();
        public readonly SortedNumbers Waiting = new();
        public readonly SortedNumbers Running = new();
        public readonly int[] Counts = new int[5];
        public readonly List<int> Log = new();
        public readonly HashSet<string> BatchKeys = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> Attributes = new(StringComparer.Ordinal);

        public void Set(Trial t)
        {
            var old = t.Number < Trials.Count ? Trials[t.Number] : null;
            if (old is null) Trials.Add(t);
            else
            {
                Trials[t.Number] = t;
                if (old.State == t.State) { Log.Add(t.Number); return; }
                Counts[(int)old.State]--;
                if (old.State == TrialState.Waiting) Waiting.Remove(t.Number);
                else if (old.State == TrialState.Running) Running.Remove(t.Number);
            }
            Counts[(int)t.State]++;
            if (t.State == TrialState.Waiting) Waiting.Add(t.Number);
            else if (t.State == TrialState.Running) Running.Add(t.Number);
            Log.Add(t.Number);
        }
    }

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
            _data[record.Id] = new StudyData();
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
            foreach (var t in _data[s.Id].Trials) _byId.Remove(t.Id);
            _data.Remove(s.Id);
            return true;
        }
    }

    /// <inheritdoc/>
    public void SetStudyAttribute(long studyId, string key, string value)
    {
        StorageChecks.AttributeKey(key);
        ArgumentNullException.ThrowIfNull(value);
        lock (_gate) DataOf(studyId).Attributes[key] = value;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> GetStudyAttributes(long studyId)
    {
        lock (_gate) return new Dictionary<string, string>(DataOf(studyId).Attributes, StringComparer.Ordinal);
    }

    private StudyData DataOf(long studyId) =>
        _data.TryGetValue(studyId, out var d) ? d : throw new StudyStorageException($"study id {studyId} does not exist in {Description}");

    /// <inheritdoc/>
    public Trial? CreateTrial(long studyId, NewTrial trial, int maxTrials, DateTimeOffset now)
    {
        StorageChecks.NewTrial(trial);
        lock (_gate)
        {
            var data = DataOf(studyId);
            if (data.Trials.Count >= maxTrials) return null;
            return Insert(studyId, data, trial, trial.Batch ?? data.Trials.Count, now);
        }
    }

    private Trial Insert(long studyId, StudyData data, NewTrial nt, int batch, DateTimeOffset now)
    {
        var running = nt.State == TrialState.Running;
        var t = new Trial(_nextTrialId++, studyId, data.Trials.Count, nt.State, Copy(nt.Params), null, null, null,
            nt.WorkerId, batch, running ? 1 : 0, running ? now : null, null, running ? now : null, Copy(nt.SystemAttrs));
        data.Set(t);
        _byId[t.Id] = t;
        return t;
    }

    /// <inheritdoc/>
    public int EnqueueBatch(long studyId, string batchKey, IReadOnlyList<NewTrial> trials, int maxTrials, DateTimeOffset now)
    {
        foreach (var nt in trials) StorageChecks.NewTrial(nt);
        lock (_gate)
        {
            var data = DataOf(studyId);
            if (data.BatchKeys.Contains(batchKey)) return 0;
            var room = Math.Max(0, maxTrials - data.Trials.Count);
            var batch = data.Trials.Count;
            var n = Math.Min(room, trials.Count);
            if (n == 0) return 0; // the key stays free for a later, larger budget
            data.BatchKeys.Add(batchKey);
            for (var i = 0; i < n; i++) Insert(studyId, data, trials[i] with { State = TrialState.Waiting, WorkerId = null }, batch, now);
            return n;
        }
    }

    /// <inheritdoc/>
    public Trial? ClaimWaitingTrial(long studyId, string workerId, int? batch, DateTimeOffset now)
    {
        lock (_gate)
        {
            var data = DataOf(studyId);
            for (var i = 0; i < data.Waiting.Count; i++)
            {
                var t = data.Trials[data.Waiting[i]];
                if (batch is { } b && t.Batch != b) continue;
                return Replace(t with { State = TrialState.Running, WorkerId = workerId, Attempt = t.Attempt + 1, Started = now, Heartbeat = now });
            }
            return null;
        }
    }

    private Trial Replace(Trial t)
    {
        _data[t.StudyId].Set(t);
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
            var attrs = t.SystemAttrs;
            if (systemAttrs.Count > 0)
            {
                var merged = new Dictionary<string, string>(t.SystemAttrs);
                foreach (var (k, v) in systemAttrs) merged[k] = v;
                attrs = merged;
            }
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
            var count = 0;
            foreach (var data in _data.Values)
            {
                if (data.Running.Count == 0) continue;
                List<Trial>? held = null;
                for (var i = 0; i < data.Running.Count; i++)
                    if (data.Trials[data.Running[i]].WorkerId == workerId) (held ??= new List<Trial>()).Add(data.Trials[data.Running[i]]);
                if (held is null) continue;
                foreach (var t in held) Replace(t with { Heartbeat = now });
                count += held.Count;
            }
            return count;
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
            var data = DataOf(studyId);
            if (states is null) return data.Trials.ToArray();
            if (states.All(s => s.IsPending()))
            {
                // from the pending indexes: O(pending), not O(trials)
                var result = new List<Trial>();
                if (states.Contains(TrialState.Running)) for (var i = 0; i < data.Running.Count; i++) result.Add(data.Trials[data.Running[i]]);
                if (states.Contains(TrialState.Waiting)) for (var i = 0; i < data.Waiting.Count; i++) result.Add(data.Trials[data.Waiting[i]]);
                if (states.Count > 1) result.Sort((a, b) => a.Number.CompareTo(b.Number));
                return result;
            }
            return data.Trials.Where(t => states.Contains(t.State)).ToArray();
        }
    }

    /// <inheritdoc/>
    public int CountTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate)
        {
            var data = DataOf(studyId);
            if (states is null) return data.Trials.Count;
            var count = 0;
            foreach (var s in states.Distinct()) count += data.Counts[(int)s];
            return count;
        }
    }

    long ITrialChangeFeed.ReadChanges(long studyId, long cursor, List<Trial> into)
    {
        lock (_gate)
        {
            var data = DataOf(studyId);
            if (cursor <= 0 || cursor > data.Log.Count) into.AddRange(data.Trials);
            else
                for (var i = (int)cursor; i < data.Log.Count; i++) into.Add(data.Trials[data.Log[i]]);
            return data.Log.Count;
        }
    }

    /// <inheritdoc/>
    public void Dispose() { }

    // stored dictionaries are never changed, so every empty one can be the same
    private static IReadOnlyDictionary<TK, TV> Copy<TK, TV>(IReadOnlyDictionary<TK, TV> d) where TK : notnull =>
        d.Count == 0 ? Empty<TK, TV>.Value : new Dictionary<TK, TV>(d);

    private static class Empty<TK, TV> where TK : notnull
    {
        public static readonly IReadOnlyDictionary<TK, TV> Value = new Dictionary<TK, TV>();
    }
}
