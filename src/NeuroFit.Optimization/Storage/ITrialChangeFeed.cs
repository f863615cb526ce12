using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Storage;

/// <summary>
/// A storage that can say which trials of a study changed since the last look, so a <see cref="Study"/> keeps its own
/// copy of the trials current at O(changes) per Ask instead of re-reading the study. Storages without it are re-read
/// (the SQL storages cache the finished prefix, so that read costs O(unfinished + new)).
/// </summary>
internal interface ITrialChangeFeed
{
    /// <summary>Appends to <paramref name="into"/> the current records of the trials of <paramref name="studyId"/>
    /// that changed after <paramref name="cursor"/> and returns the new cursor. Cursor 0 gives every trial in number
    /// order. A trial may appear more than once; a new trial never appears before a trial with a lower number.</summary>
    long ReadChanges(long studyId, long cursor, List<Trial> into);
}
