using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Storage;

/// <summary>
/// Where studies and their trials live (Optuna's BaseStorage, reduced to what ask/tell, resume and many workers
/// need). Every method is atomic; implementations are safe to call from several threads, and the SQL ones from
/// several processes. Trial numbers are dense per study (0, 1, 2, …) and never reused. Conformance: every
/// implementation passes the same test suite (<c>StorageConformanceTests</c>).
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>Human-readable location (URL without password), used in messages.</summary>
    string Description { get; }

    /// <summary>Creates a study; throws <see cref="StudyExistsException"/> if the name is taken.</summary>
    StudyRecord CreateStudy(string name, string searchSpaceJson, string samplerJson, DateTimeOffset now);

    /// <summary>The study called <paramref name="name"/>, or null.</summary>
    StudyRecord? FindStudy(string name);

    /// <summary>All studies, oldest first.</summary>
    IReadOnlyList<StudyRecord> ListStudies();

    /// <summary>Deletes a study, its trials and its attributes; false if it did not exist.</summary>
    bool DeleteStudy(string name);

    /// <summary>Sets (or replaces) a study-level attribute, e.g. what a worker needs to join the study (the fit
    /// configuration); throws <see cref="StudyStorageException"/> for an unknown study.</summary>
    void SetStudyAttribute(long studyId, string key, string value);

    /// <summary>The study-level attributes of a study (empty when none; unknown studies throw
    /// <see cref="StudyStorageException"/>).</summary>
    IReadOnlyDictionary<string, string> GetStudyAttributes(long studyId);

    /// <summary>Inserts one trial with the next number, unless the study already holds <paramref name="maxTrials"/>
    /// trials (then returns null). A Running trial starts attempt 1 now.</summary>
    Trial? CreateTrial(long studyId, NewTrial trial, int maxTrials, DateTimeOffset now);

    /// <summary>Inserts a batch of Waiting trials atomically, once per <paramref name="batchKey"/>: a second call with
    /// the same key inserts nothing (returns 0); a call that inserts nothing (no budget left) does not use up the key. Inserts at most maxTrials − (trials already in the study). All get
    /// the number of the first as their batch.</summary>
    int EnqueueBatch(long studyId, string batchKey, IReadOnlyList<NewTrial> trials, int maxTrials, DateTimeOffset now);

    /// <summary>Atomically moves the lowest-numbered Waiting trial (of <paramref name="batch"/>, when given) to Running
    /// for <paramref name="workerId"/>, incrementing its attempt; null when none is waiting. Concurrent callers never
    /// get the same trial.</summary>
    Trial? ClaimWaitingTrial(long studyId, string workerId, int? batch, DateTimeOffset now);

    /// <summary>Sets the parameters (and sampler attributes, merged) of a Running trial held at
    /// <paramref name="attempt"/>; throws <see cref="TrialNotUpdatableException"/> otherwise.</summary>
    Trial SetTrialParams(long trialId, int attempt, IReadOnlyDictionary<string, double> parameters,
        IReadOnlyDictionary<string, string> systemAttrs);

    /// <summary>Finishes a Running trial held at <paramref name="attempt"/> (Complete, Failed or Pruned); throws
    /// <see cref="TrialNotUpdatableException"/> if it is not Running at that attempt (finished, or re-queued).</summary>
    Trial FinishTrial(long trialId, int attempt, TrialState state, double? loss, double? lossSd, string? reason, DateTimeOffset now);

    /// <summary>Records a sign of life for every Running trial of <paramref name="workerId"/>; returns how many.</summary>
    int Heartbeat(string workerId, DateTimeOffset now);

    /// <summary>Takes a Running trial away from a worker that stopped beating, if it is still Running at
    /// <paramref name="attempt"/> with heartbeat <paramref name="observedHeartbeat"/> (compare-and-set): back to
    /// Waiting (same number and parameters) while attempt &lt; <paramref name="maxAttempts"/>, else Failed. The reason
    /// is appended to the trial's failure notes. Returns the new record, or null if the trial changed meanwhile.</summary>
    Trial? RequeueTrial(long trialId, int attempt, DateTimeOffset? observedHeartbeat, string reason, int maxAttempts, DateTimeOffset now);

    /// <summary>One trial by id; throws <see cref="KeyNotFoundException"/> when unknown.</summary>
    Trial GetTrial(long trialId);

    /// <summary>Trials of a study ordered by number, optionally only those in <paramref name="states"/>.</summary>
    IReadOnlyList<Trial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null);

    /// <summary>Number of trials of a study, optionally only those in <paramref name="states"/>.</summary>
    int CountTrials(long studyId, IReadOnlyCollection<TrialState>? states = null);
}
