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
    public static IStudyStorage Open(string url) => Open(url, mustExist: false);

    /// <summary>
    /// Like <see cref="Open(string)"/>, for reading a storage that must already be there (<c>study show</c>, <c>export</c>,
    /// <c>list</c>, a worker joining a study): a <c>sqlite:</c> file that does not exist is a
    /// <see cref="StudyStorageException"/> instead of a new empty database (and folders) made on the way.
    /// </summary>
    public static IStudyStorage OpenExisting(string url) => Open(url, mustExist: true);

    private static IStudyStorage Open(string url, bool mustExist)
    {
        ArgumentNullException.ThrowIfNull(url);
        var u = url.Trim();
        if (u is "memory" or "inmemory" or "in-memory" or ":memory:") return new InMemoryStudyStorage();
        if (u.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = u["sqlite:".Length..];
            if (path.StartsWith("///", StringComparison.Ordinal)) path = path[3..];
            if (path.Length == 0) throw new StudyStorageException("sqlite: needs a file path, e.g. sqlite:fits/study.db");
            if (mustExist)
            {
                var full = Path.GetFullPath(path);
                if (Directory.Exists(full)) throw new StudyStorageException($"{full} is a folder, not an SQLite study file; give the file, e.g. sqlite:{Path.Combine(path, "study.db")}");
                if (!File.Exists(full)) throw new StudyStorageException($"no SQLite study file {full}: it does not exist (a fit with --storage or 'neurofit study create' makes it)");
            }
            return new SqliteStudyStorage(path);
        }
        if (u.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || u.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return new PostgresStudyStorage(PostgresStudyStorage.ConnectionStringFromUrl(u));
        throw new StudyStorageException($"unknown storage '{url}'; use memory, sqlite:PATH or postgresql://user:password@host:port/database");
    }
}
