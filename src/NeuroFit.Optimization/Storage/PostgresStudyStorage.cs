using System.Data.Common;
using Npgsql;

namespace NeuroFit.Optimization.Storage;

/// <summary>
/// PostgreSQL storage (Npgsql) for many processes on many machines: trials are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, trial creation and enqueueing lock the study row (dense numbers, a shared budget),
/// and every state change is a compare-and-set on (state, attempt). Tables are created on first use (guarded by an
/// advisory lock so concurrent first workers do not collide).
/// </summary>
public sealed class PostgresStudyStorage : SqlStudyStorage
{
    private const string Schema = """
        SELECT pg_advisory_xact_lock(5927301);
        CREATE TABLE IF NOT EXISTS nf_studies(
            id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, space TEXT NOT NULL, sampler TEXT NOT NULL, created BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS nf_trials(
            id BIGSERIAL PRIMARY KEY, study_id BIGINT NOT NULL REFERENCES nf_studies(id), number INTEGER NOT NULL,
            state INTEGER NOT NULL, params TEXT NOT NULL, loss DOUBLE PRECISION, loss_sd DOUBLE PRECISION, reason TEXT, worker TEXT,
            batch INTEGER NOT NULL, attempt INTEGER NOT NULL, started BIGINT, completed BIGINT, heartbeat BIGINT, attrs TEXT NOT NULL,
            UNIQUE(study_id, number));
        CREATE INDEX IF NOT EXISTS nf_trials_state ON nf_trials(study_id, state, number);
        CREATE TABLE IF NOT EXISTS nf_batch_keys(
            study_id BIGINT NOT NULL REFERENCES nf_studies(id), batch_key TEXT NOT NULL, PRIMARY KEY(study_id, batch_key));
        CREATE TABLE IF NOT EXISTS nf_study_attrs(
            study_id BIGINT NOT NULL REFERENCES nf_studies(id), attr_key TEXT NOT NULL, attr_value TEXT NOT NULL, PRIMARY KEY(study_id, attr_key))
        """;

    private readonly NpgsqlDataSource _source;
    private readonly string _description;

    /// <summary>Connects with an Npgsql connection string (<c>Host=…;Port=…;Username=…;Database=…</c>) and creates
    /// the tables if missing.</summary>
    public PostgresStudyStorage(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException e) { throw new StudyStorageException($"invalid PostgreSQL connection string: {e.Message}", e); }
        _description = $"postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}" +
                       (string.IsNullOrEmpty(builder.SearchPath) ? "" : $"?schema={builder.SearchPath}");
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
        try { EnsureSchema(Schema); }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <summary>Turns a <c>postgresql://user:password@host:port/database?schema=s</c> URL into an Npgsql connection string.</summary>
    public static string ConnectionStringFromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "postgresql" && uri.Scheme != "postgres"))
            throw new StudyStorageException($"'{url}' is not a PostgreSQL URL; write postgresql://user:password@host:port/database");
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = string.IsNullOrEmpty(uri.Host) ? "localhost" : uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) b.Password = Uri.UnescapeDataString(parts[1]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (kv[0])
            {
                case "schema": b.SearchPath = value; break;
                case "sslmode": b.SslMode = Enum.Parse<SslMode>(value, ignoreCase: true); break;
                default: throw new StudyStorageException($"unknown PostgreSQL URL option '{kv[0]}' (known: schema, sslmode)");
            }
        }
        return b.ConnectionString;
    }

    /// <inheritdoc/>
    public override string Description => _description;

    /// <inheritdoc/>
    protected override string LockStudySql => "SELECT id FROM nf_studies WHERE id = @s FOR UPDATE";

    /// <inheritdoc/>
    protected override string PickWaitingSql(bool withBatch) =>
        $"SELECT id FROM nf_trials WHERE study_id = @s AND state = 4{(withBatch ? " AND batch = @b" : "")} ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED";

    /// <inheritdoc/>
    protected override bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: "23505" };

    /// <inheritdoc/>
    protected override T InTransaction<T>(Func<DbConnection, DbTransaction, T> work, bool write = true)
    {
        try
        {
            using var c = _source.OpenConnection();
            using var tx = c.BeginTransaction();
            var result = work(c, tx);
            tx.Commit();
            return result;
        }
        catch (NpgsqlException e) when (!IsUniqueViolation(e))
        {
            throw new StudyStorageException($"PostgreSQL error on {_description}: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override void Dispose() => _source.Dispose();
}
