using System.Data;
using System.Data.Common;
using System.Text.Json;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Storage;

/// <summary>
/// The SQL shared by the SQLite and PostgreSQL storages: tables <c>nf_studies</c>, <c>nf_trials</c>,
/// <c>nf_batch_keys</c> and <c>nf_study_attrs</c> (added later: every open creates missing tables, so older files gain
/// it); times as UTC ticks (exact round-trip); parameters and attributes as JSON text (doubles
/// round-trip exactly). Every operation is one transaction; trial creation and enqueueing lock the study row first, so
/// numbers are dense and the budget holds across processes.
/// </summary>
public abstract class SqlStudyStorage : IStudyStorage
{
    private const string TrialColumns =
        "id, study_id, number, state, params, loss, loss_sd, reason, worker, batch, attempt, started, completed, heartbeat, attrs";

    /// <inheritdoc/>
    public abstract string Description { get; }

    /// <summary>Runs <paramref name="work"/> in one transaction and commits it; <paramref name="write"/> = false for
    /// reads (SQLite then takes no write lock).</summary>
    protected abstract T InTransaction<T>(Func<DbConnection, DbTransaction, T> work, bool write = true);

    private T Read<T>(Func<DbConnection, DbTransaction, T> work) => InTransaction(work, write: false);

    /// <summary>SQL that locks the study row <c>@s</c> for the rest of the transaction (or is a plain read where the
    /// transaction already excludes other writers).</summary>
    protected abstract string LockStudySql { get; }

    /// <summary>SQL selecting the id of the lowest-numbered Waiting trial of <c>@s</c> (optionally of batch <c>@b</c>)
    /// that no concurrent transaction can also select.</summary>
    protected abstract string PickWaitingSql(bool withBatch);

    /// <summary>True when the exception is a unique-constraint violation.</summary>
    protected abstract bool IsUniqueViolation(Exception e);

    /// <summary>Creates the tables if missing.</summary>
    protected void EnsureSchema(string schemaSql) => InTransaction((c, tx) =>
    {
        foreach (var statement in schemaSql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Exec(c, tx, statement);
        return 0;
    });

    /// <summary>Executes a statement.</summary>
    protected static int Exec(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        using var cmd = Command(c, tx, sql, ps);
        return cmd.ExecuteNonQuery();
    }

    private static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in ps)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static object? Scalar(DbConnection c, DbTransaction tx, string sql, params (string, object?)[] ps)
    {
        using var cmd = Command(c, tx, sql, ps);
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private static List<T> Query<T>(DbConnection c, DbTransaction tx, string sql, Func<DbDataReader, T> read, params (string, object?)[] ps)
    {
        using var cmd = Command(c, tx, sql, ps);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }

    private static long Ticks(DateTimeOffset t) => t.UtcTicks;
    private static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero);
    private static double? Real(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static StudyRecord ReadStudy(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), new DateTimeOffset(r.GetInt64(4), TimeSpan.Zero));

    private static Trial ReadTrial(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), Convert.ToInt32(r.GetValue(2)), (TrialState)Convert.ToInt32(r.GetValue(3)),
        JsonSerializer.Deserialize<Dictionary<string, double>>(r.GetString(4))!, Real(r, 5), Real(r, 6), Text(r, 7), Text(r, 8),
        Convert.ToInt32(r.GetValue(9)), Convert.ToInt32(r.GetValue(10)), Time(r, 11), Time(r, 12), Time(r, 13),
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(14))!);

    private static Trial? TrialById(DbConnection c, DbTransaction tx, long id) =>
        Query(c, tx, $"SELECT {TrialColumns} FROM nf_trials WHERE id = @id", ReadTrial, ("@id", id)).FirstOrDefault();

    private Trial TrialOrThrow(DbConnection c, DbTransaction tx, long id) =>
        TrialById(c, tx, id) ?? throw new KeyNotFoundException($"trial id {id} does not exist in {Description}");

    /// <inheritdoc/>
    public StudyRecord CreateStudy(string name, string searchSpaceJson, string samplerJson, DateTimeOffset now)
    {
        StorageChecks.StudyName(name);
        try
        {
            return InTransaction((c, tx) =>
            {
                var id = Convert.ToInt64(Scalar(c, tx, "INSERT INTO nf_studies(name, space, sampler, created) VALUES (@n, @sp, @sa, @t) RETURNING id",
                    ("@n", name), ("@sp", searchSpaceJson), ("@sa", samplerJson), ("@t", Ticks(now))));
                return new StudyRecord(id, name, searchSpaceJson, samplerJson, new DateTimeOffset(Ticks(now), TimeSpan.Zero));
            });
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            throw new StudyExistsException(name, Description);
        }
    }

    /// <inheritdoc/>
    public StudyRecord? FindStudy(string name) => Read((c, tx) =>
        Query(c, tx, "SELECT id, name, space, sampler, created FROM nf_studies WHERE name = @n", ReadStudy, ("@n", name)).FirstOrDefault());

    /// <inheritdoc/>
    public IReadOnlyList<StudyRecord> ListStudies() => Read((c, tx) =>
        Query(c, tx, "SELECT id, name, space, sampler, created FROM nf_studies ORDER BY id", ReadStudy));

    /// <inheritdoc/>
    public bool DeleteStudy(string name) => InTransaction((c, tx) =>
    {
        var id = Scalar(c, tx, "SELECT id FROM nf_studies WHERE name = @n", ("@n", name));
        if (id is null) return false;
        Exec(c, tx, "DELETE FROM nf_batch_keys WHERE study_id = @s", ("@s", id));
        Exec(c, tx, "DELETE FROM nf_study_attrs WHERE study_id = @s", ("@s", id));
        Exec(c, tx, "DELETE FROM nf_trials WHERE study_id = @s", ("@s", id));
        Exec(c, tx, "DELETE FROM nf_studies WHERE id = @s", ("@s", id));
        ForgetPrefix(Convert.ToInt64(id));
        return true;
    });

    /// <inheritdoc/>
    public void SetStudyAttribute(long studyId, string key, string value)
    {
        StorageChecks.AttributeKey(key);
        ArgumentNullException.ThrowIfNull(value);
        InTransaction((c, tx) =>
        {
            if (Scalar(c, tx, "SELECT id FROM nf_studies WHERE id = @s", ("@s", studyId)) is null)
                throw new StudyStorageException($"study id {studyId} does not exist in {Description}");
            return Exec(c, tx,
                "INSERT INTO nf_study_attrs(study_id, attr_key, attr_value) VALUES (@s, @k, @v) ON CONFLICT (study_id, attr_key) DO UPDATE SET attr_value = excluded.attr_value",
                ("@s", studyId), ("@k", key), ("@v", value));
        });
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> GetStudyAttributes(long studyId) => Read((c, tx) =>
    {
        if (Scalar(c, tx, "SELECT id FROM nf_studies WHERE id = @s", ("@s", studyId)) is null)
            throw new StudyStorageException($"study id {studyId} does not exist in {Description}");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Query(c, tx, "SELECT attr_key, attr_value FROM nf_study_attrs WHERE study_id = @s", r => (r.GetString(0), r.GetString(1)), ("@s", studyId)))
            result[k] = v;
        return (IReadOnlyDictionary<string, string>)result;
    });

    private int LockStudyAndCount(DbConnection c, DbTransaction tx, long studyId)
    {
        if (Scalar(c, tx, LockStudySql, ("@s", studyId)) is null)
            throw new StudyStorageException($"study id {studyId} does not exist in {Description}");
        return Convert.ToInt32(Scalar(c, tx, "SELECT COUNT(*) FROM nf_trials WHERE study_id = @s", ("@s", studyId)));
    }

    private static Trial Insert(DbConnection c, DbTransaction tx, long studyId, int number, NewTrial nt, int batch, DateTimeOffset now)
    {
        var running = nt.State == TrialState.Running;
        object? t = running ? Ticks(now) : null;
        var id = Convert.ToInt64(Scalar(c, tx,
            "INSERT INTO nf_trials(study_id, number, state, params, worker, batch, attempt, started, heartbeat, attrs) " +
            "VALUES (@s, @n, @st, @p, @w, @b, @a, @t, @t, @at) RETURNING id",
            ("@s", studyId), ("@n", number), ("@st", (int)nt.State), ("@p", JsonSerializer.Serialize(nt.Params)),
            ("@w", running ? nt.WorkerId : null), ("@b", batch), ("@a", running ? 1 : 0), ("@t", t), ("@at", JsonSerializer.Serialize(nt.SystemAttrs))));
        return TrialById(c, tx, id)!;
    }

    /// <inheritdoc/>
    public Trial? CreateTrial(long studyId, NewTrial trial, int maxTrials, DateTimeOffset now)
    {
        StorageChecks.NewTrial(trial);
        return InTransaction((c, tx) =>
        {
            var count = LockStudyAndCount(c, tx, studyId);
            return count >= maxTrials ? null : Insert(c, tx, studyId, count, trial, trial.Batch ?? count, now);
        });
    }

    /// <inheritdoc/>
    public int EnqueueBatch(long studyId, string batchKey, IReadOnlyList<NewTrial> trials, int maxTrials, DateTimeOffset now)
    {
        foreach (var nt in trials) StorageChecks.NewTrial(nt);
        return InTransaction((c, tx) =>
        {
            var count = LockStudyAndCount(c, tx, studyId);
            if (Scalar(c, tx, "SELECT 1 FROM nf_batch_keys WHERE study_id = @s AND batch_key = @k", ("@s", studyId), ("@k", batchKey)) is not null) return 0;
            var n = Math.Min(Math.Max(0, maxTrials - count), trials.Count);
            if (n == 0) return 0;
            Exec(c, tx, "INSERT INTO nf_batch_keys(study_id, batch_key) VALUES (@s, @k)", ("@s", studyId), ("@k", batchKey));
            for (var i = 0; i < n; i++) Insert(c, tx, studyId, count + i, trials[i] with { State = TrialState.Waiting, WorkerId = null }, count, now);
            return n;
        });
    }

    /// <inheritdoc/>
    public Trial? ClaimWaitingTrial(long studyId, string workerId, int? batch, DateTimeOffset now) => InTransaction((c, tx) =>
    {
        var ps = new List<(string, object?)> { ("@s", studyId) };
        if (batch is { } b) ps.Add(("@b", b));
        var id = Scalar(c, tx, PickWaitingSql(batch is not null), ps.ToArray());
        if (id is null) return null;
        Exec(c, tx, "UPDATE nf_trials SET state = @run, worker = @w, attempt = attempt + 1, started = @t, heartbeat = @t WHERE id = @id",
            ("@run", (int)TrialState.Running), ("@w", workerId), ("@t", Ticks(now)), ("@id", id));
        return TrialById(c, tx, Convert.ToInt64(id));
    });

    /// <inheritdoc/>
    public Trial SetTrialParams(long trialId, int attempt, IReadOnlyDictionary<string, double> parameters, IReadOnlyDictionary<string, string> systemAttrs) =>
        InTransaction((c, tx) =>
        {
            var t = TrialOrThrow(c, tx, trialId);
            StorageChecks.Held(t, attempt, "set parameters of");
            var attrs = new Dictionary<string, string>(t.SystemAttrs);
            foreach (var (k, v) in systemAttrs) attrs[k] = v;
            var changed = Exec(c, tx, "UPDATE nf_trials SET params = @p, attrs = @a WHERE id = @id AND state = @run AND attempt = @att",
                ("@p", JsonSerializer.Serialize(parameters)), ("@a", JsonSerializer.Serialize(attrs)), ("@id", trialId),
                ("@run", (int)TrialState.Running), ("@att", attempt));
            if (changed != 1) StorageChecks.Held(TrialOrThrow(c, tx, trialId), attempt, "set parameters of");
            return TrialById(c, tx, trialId)!;
        });

    /// <inheritdoc/>
    public Trial FinishTrial(long trialId, int attempt, TrialState state, double? loss, double? lossSd, string? reason, DateTimeOffset now)
    {
        StorageChecks.Finish(state, loss);
        return InTransaction((c, tx) =>
        {
            var t = TrialOrThrow(c, tx, trialId);
            StorageChecks.Held(t, attempt, "finish");
            var changed = Exec(c, tx,
                "UPDATE nf_trials SET state = @st, loss = @l, loss_sd = @sd, reason = @r, completed = @t, heartbeat = @t WHERE id = @id AND state = @run AND attempt = @att",
                ("@st", (int)state), ("@l", loss), ("@sd", lossSd), ("@r", StorageChecks.AppendReason(t.FailureReason, reason)),
                ("@t", Ticks(now)), ("@id", trialId), ("@run", (int)TrialState.Running), ("@att", attempt));
            if (changed != 1) StorageChecks.Held(TrialOrThrow(c, tx, trialId), attempt, "finish");
            return TrialById(c, tx, trialId)!;
        });
    }

    /// <inheritdoc/>
    public int Heartbeat(string workerId, DateTimeOffset now) => InTransaction((c, tx) =>
        Exec(c, tx, "UPDATE nf_trials SET heartbeat = @t WHERE worker = @w AND state = @run",
            ("@t", Ticks(now)), ("@w", workerId), ("@run", (int)TrialState.Running)));

    /// <inheritdoc/>
    public Trial? RequeueTrial(long trialId, int attempt, DateTimeOffset? observedHeartbeat, string reason, int maxAttempts, DateTimeOffset now) =>
        InTransaction((c, tx) =>
        {
            var t = TrialOrThrow(c, tx, trialId);
            if (t.State != TrialState.Running || t.Attempt != attempt || t.Heartbeat != observedHeartbeat) return null;
            var notes = StorageChecks.AppendReason(t.FailureReason, reason);
            var requeue = t.Attempt < maxAttempts;
            var changed = Exec(c, tx,
                requeue
                    ? "UPDATE nf_trials SET state = @st, reason = @r, worker = NULL WHERE id = @id AND state = @run AND attempt = @a"
                    : "UPDATE nf_trials SET state = @st, reason = @r, completed = @t WHERE id = @id AND state = @run AND attempt = @a",
                ("@st", (int)(requeue ? TrialState.Waiting : TrialState.Failed)), ("@r", notes), ("@t", Ticks(now)), ("@id", trialId),
                ("@run", (int)TrialState.Running), ("@a", attempt));
            return changed == 1 ? TrialById(c, tx, trialId) : null;
        });

    /// <inheritdoc/>
    public Trial GetTrial(long trialId) => Read((c, tx) => TrialOrThrow(c, tx, trialId));

    // Finished trials never change (only Running trials are updated), so the longest prefix of finished trials of each
    // study is kept in memory and only the rest is read: a study of N trials costs O(unfinished + new) rows per read.
    private readonly Dictionary<long, List<Trial>> _finishedPrefix = new();
    private readonly object _prefixGate = new();

    /// <inheritdoc/>
    public IReadOnlyList<Trial> GetTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        if (states is not null)
            return Read((c, tx) =>
                Query(c, tx, $"SELECT {TrialColumns} FROM nf_trials WHERE study_id = @s{StateFilter(states)} ORDER BY number", ReadTrial, ("@s", studyId)));
        List<Trial> prefix;
        lock (_prefixGate)
        {
            if (!_finishedPrefix.TryGetValue(studyId, out var cached)) _finishedPrefix[studyId] = cached = new List<Trial>();
            prefix = cached;
        }
        int known;
        lock (prefix) known = prefix.Count;
        var tail = Read((c, tx) =>
            Query(c, tx, $"SELECT {TrialColumns} FROM nf_trials WHERE study_id = @s AND number >= @w ORDER BY number", ReadTrial,
                ("@s", studyId), ("@w", known)));
        var result = new List<Trial>(known + tail.Count);
        lock (prefix)
        {
            for (var i = 0; i < known; i++) result.Add(prefix[i]);
            foreach (var t in tail)
            {
                if (prefix.Count == t.Number && t.Number == result.Count && t.State.IsFinished()) prefix.Add(t);
                result.Add(t);
            }
        }
        return result;
    }

    private void ForgetPrefix(long studyId)
    {
        lock (_prefixGate) _finishedPrefix.Remove(studyId);
    }

    /// <inheritdoc/>
    public int CountTrials(long studyId, IReadOnlyCollection<TrialState>? states = null) => Read((c, tx) =>
        Convert.ToInt32(Scalar(c, tx, $"SELECT COUNT(*) FROM nf_trials WHERE study_id = @s{StateFilter(states)}", ("@s", studyId))));

    private static string StateFilter(IReadOnlyCollection<TrialState>? states) =>
        states is null ? "" : states.Count == 0 ? " AND 1 = 0" : $" AND state IN ({string.Join(", ", states.Select(s => (int)s))})";

    /// <inheritdoc/>
    public abstract void Dispose();
}
