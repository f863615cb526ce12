using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace NeuroFit.Optimization.Storage;

/// <summary>
/// One SQLite file in WAL mode (Microsoft.Data.Sqlite, bundled SQLite 3.53): the default for single-machine fits,
/// embedded, no server. Writes are IMMEDIATE transactions, so a second local process is serialised, not corrupted;
/// if it has to wait longer than the busy timeout it gets a <see cref="StorageBusyException"/> that points to
/// PostgreSQL for concurrent workers. Committed transactions survive a killed process (WAL, synchronous=NORMAL);
/// do not put the file on a network file system.
/// </summary>
public sealed class SqliteStudyStorage : SqlStudyStorage
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS nf_studies(
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, space TEXT NOT NULL, sampler TEXT NOT NULL, created INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS nf_trials(
            id INTEGER PRIMARY KEY AUTOINCREMENT, study_id INTEGER NOT NULL REFERENCES nf_studies(id), number INTEGER NOT NULL,
            state INTEGER NOT NULL, params TEXT NOT NULL, loss REAL, loss_sd REAL, reason TEXT, worker TEXT, batch INTEGER NOT NULL,
            attempt INTEGER NOT NULL, started INTEGER, completed INTEGER, heartbeat INTEGER, attrs TEXT NOT NULL, UNIQUE(study_id, number));
        CREATE INDEX IF NOT EXISTS nf_trials_state ON nf_trials(study_id, state, number);
        CREATE TABLE IF NOT EXISTS nf_batch_keys(
            study_id INTEGER NOT NULL REFERENCES nf_studies(id), batch_key TEXT NOT NULL, PRIMARY KEY(study_id, batch_key));
        CREATE TABLE IF NOT EXISTS nf_study_attrs(
            study_id INTEGER NOT NULL REFERENCES nf_studies(id), attr_key TEXT NOT NULL, attr_value TEXT NOT NULL, PRIMARY KEY(study_id, attr_key))
        """;

    private readonly SqliteConnection _connection;
    private readonly object _gate = new();
    private readonly string _path;

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    /// <param name="path">File path.</param>
    /// <param name="busyTimeout">How long a write waits for another process's lock; default 30 s.</param>
    public SqliteStudyStorage(string path, TimeSpan? busyTimeout = null)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("the SQLite storage needs a file path, e.g. sqlite:fits/study.db");
        _path = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var timeout = (int)Math.Ceiling((busyTimeout ?? TimeSpan.FromSeconds(30)).TotalSeconds);
        var cs = new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = timeout, Pooling = false }.ToString();
        _connection = new SqliteConnection(cs);
        try
        {
            _connection.Open();
            Exec(_connection, null, $"PRAGMA busy_timeout = {timeout * 1000}");
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = "PRAGMA journal_mode = WAL";
                var mode = cmd.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new StudyStorageException($"SQLite could not switch {_path} to WAL mode (got '{mode}'); keep the file on a local disk, or use PostgreSQL");
            }
            Exec(_connection, null, "PRAGMA synchronous = NORMAL");
            Exec(_connection, null, "PRAGMA foreign_keys = ON");
            EnsureSchema(Schema);
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw Translate(e);
        }
    }

    /// <summary>The database file.</summary>
    public string FilePath => _path;

    /// <inheritdoc/>
    public override string Description => $"sqlite:{_path}";

    /// <inheritdoc/>
    protected override string LockStudySql => "SELECT id FROM nf_studies WHERE id = @s";

    /// <inheritdoc/>
    protected override string PickWaitingSql(bool withBatch) =>
        $"SELECT id FROM nf_trials WHERE study_id = @s AND state = 4{(withBatch ? " AND batch = @b" : "")} ORDER BY number LIMIT 1";

    /// <inheritdoc/>
    protected override bool IsUniqueViolation(Exception e) =>
        e is SqliteException { SqliteErrorCode: 19 } s && s.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    protected override T InTransaction<T>(Func<DbConnection, DbTransaction, T> work, bool write = true)
    {
        lock (_gate)
        {
            try
            {
                // writes: BEGIN IMMEDIATE (one writer at a time, no lock upgrade deadlocks); reads: deferred (WAL readers never block)
                using var tx = _connection.BeginTransaction(deferred: !write);
                var result = work(_connection, tx);
                tx.Commit();
                return result;
            }
            catch (SqliteException e) when (!IsUniqueViolation(e))
            {
                throw Translate(e);
            }
        }
    }

    private Exception Translate(SqliteException e) => e.SqliteErrorCode switch
    {
        5 or 6 => new StorageBusyException(
            $"the SQLite file {_path} stayed locked by another process beyond the busy timeout; SQLite serialises writers — use PostgreSQL for concurrent workers (postgresql://…)", e),
        11 or 26 => new StudyStorageException($"the SQLite file {_path} is damaged or not a database ({e.Message})", e),
        _ => new StudyStorageException($"SQLite error on {_path}: {e.Message}", e),
    };

    /// <summary>Runs <c>PRAGMA integrity_check</c>; returns "ok" for a sound file.</summary>
    public string IntegrityCheck()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check";
            return cmd.ExecuteScalar() as string ?? "";
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
