namespace NeuroFit.Optimization.Storage;

/// <summary>Base of every storage error a user can act on.</summary>
public class StudyStorageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StudyStorageException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A study with that name already exists (create) or does not exist (load).</summary>
public sealed class StudyNotFoundException(string name, string storage)
    : StudyStorageException($"study '{name}' does not exist in {storage}; create it first (or check the name)")
{
    /// <summary>The study name.</summary>
    public string StudyName { get; } = name;
}

/// <summary>A study with that name already exists.</summary>
public sealed class StudyExistsException(string name, string storage)
    : StudyStorageException($"study '{name}' already exists in {storage}; load it to resume, or pick another name")
{
    /// <summary>The study name.</summary>
    public string StudyName { get; } = name;
}

/// <summary>A trial cannot be changed: it is finished, or it was re-queued and handed to another worker.</summary>
public sealed class TrialNotUpdatableException(string message) : StudyStorageException(message);

/// <summary>The storage is locked by another process for too long (SQLite), or the file is shared in a way SQLite
/// cannot lock. The message points to PostgreSQL for concurrent workers.</summary>
public sealed class StorageBusyException(string message, Exception? inner = null) : StudyStorageException(message, inner);
