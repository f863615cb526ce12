namespace NeuroFit.Optimization.Storage;

/// <summary>Opens a storage from a URL (Optuna's <c>get_storage</c>).</summary>
public static class StudyStorage
{
    /// <summary>
    /// <c>memory</c> (or <c>inmemory</c>, <c>:memory:</c>) → <see cref="InMemoryStudyStorage"/>;
    /// <c>sqlite:PATH</c> (or <c>sqlite:///PATH</c>) → <see cref="SqliteStudyStorage"/>;
    /// <c>postgresql://user:password@host:port/database[?schema=s]</c> (or <c>postgres://</c>) →
    /// <see cref="PostgresStudyStorage"/>. Anything else is a <see cref="StudyStorageException"/> listing these forms.
    /// </summary>
    public static IStudyStorage Open(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var u = url.Trim();
        if (u is "memory" or "inmemory" or "in-memory" or ":memory:") return new InMemoryStudyStorage();
        if (u.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = u["sqlite:".Length..];
            if (path.StartsWith("///", StringComparison.Ordinal)) path = path[3..];
            if (path.Length == 0) throw new StudyStorageException("sqlite: needs a file path, e.g. sqlite:fits/study.db");
            return new SqliteStudyStorage(path);
        }
        if (u.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return new PostgresStudyStorage(PostgresStudyStorage.ConnectionStringFromUrl(u));
        throw new StudyStorageException($"unknown storage '{url}'; use memory, sqlite:PATH or postgresql://user:password@host:port/database");
    }
}
