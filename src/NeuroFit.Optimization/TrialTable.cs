using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization;

/// <summary>
/// A <see cref="Study"/>'s own copy of its study's trials, by number, kept current across Asks: from the storage's
/// change feed (in memory: O(changes)) or by re-reading the study (SQL: O(unfinished + new) thanks to the storages'
/// finished-prefix cache), plus the records this worker's own operations return. Every change a sampler could care
/// about (new trial, state, attempt, parameters, loss) is passed to <see cref="Sampler.Observe"/>; heartbeats only
/// replace the record.
/// </summary>
internal sealed class TrialTable(IStudyStorage storage, long studyId, Sampler sampler)
{
    private readonly List<Trial> _trials = new();
    private readonly SortedNumbers _running = new();
    private readonly List<Trial> _changes = new();
    private long _cursor;

    /// <summary>The trials by number (trials not yet seen are missing at the end).</summary>
    public IReadOnlyList<Trial> Trials => _trials;

    /// <summary>Numbers of the Running trials (any worker).</summary>
    public SortedNumbers Running => _running;

    /// <summary>Brings the table up to date with the storage.</summary>
    public void Sync()
    {
        _changes.Clear();
        if (storage is ITrialChangeFeed feed) _cursor = feed.ReadChanges(studyId, _cursor, _changes);
        else _changes.AddRange(storage.GetTrials(studyId));
        foreach (var t in _changes) Apply(t);
        _changes.Clear();
    }

    /// <summary>Takes in a record (returned by the storage to this worker, or read from it).</summary>
    public void Apply(Trial t)
    {
        var number = t.Number;
        if (number < _trials.Count)
        {
            var old = _trials[number];
            if (ReferenceEquals(old, t)) return;
            _trials[number] = t;
            if (old.State != t.State)
            {
                if (old.State == TrialState.Running) _running.Remove(number);
                if (t.State == TrialState.Running) _running.Add(number);
            }
            if (old.State != t.State || old.Attempt != t.Attempt || old.Params.Count != t.Params.Count || old.Loss != t.Loss
                || old.SystemAttrs.Count != t.SystemAttrs.Count)
                sampler.Observe(t);
            return;
        }
        if (number > _trials.Count)
        {
            // a trial this worker has not seen the predecessors of (another worker created them meanwhile): read them
            foreach (var missing in storage.GetTrials(studyId))
                if (missing.Number >= _trials.Count && missing.Number < number) Append(missing);
            if (number != _trials.Count) throw new InvalidOperationException($"trial {number} of study {studyId} arrived before trial {_trials.Count}");
        }
        Append(t);
    }

    private void Append(Trial t)
    {
        _trials.Add(t);
        if (t.State == TrialState.Running) _running.Add(t.Number);
        sampler.Observe(t);
    }
}
