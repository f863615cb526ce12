using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Storage;

/// <summary>Argument and state checks every storage applies the same way.</summary>
internal static class StorageChecks
{
    public static void StudyName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a study name must be non-empty");
        if (name.Length > 200) throw new ArgumentException("a study name must be at most 200 characters");
    }

    public static void AttributeKey(string key)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new ArgumentException("a study attribute key must be non-empty");
        if (key.Length > 200) throw new ArgumentException("a study attribute key must be at most 200 characters");
    }

    public static void NewTrial(NewTrial t)
    {
        if (t.State is not (TrialState.Running or TrialState.Waiting))
            throw new ArgumentException($"new trials are Running or Waiting, not {t.State}");
        if (t.State == TrialState.Running && string.IsNullOrEmpty(t.WorkerId))
            throw new ArgumentException("a Running trial needs a worker id");
    }

    public static void Held(Trial t, int attempt, string action)
    {
        if (t.State != TrialState.Running)
            throw new TrialNotUpdatableException($"cannot {action} trial {t.Number}: it is {t.State}, not Running");
        if (t.Attempt != attempt)
            throw new TrialNotUpdatableException(
                $"cannot {action} trial {t.Number}: it was re-queued after its worker went silent and is now attempt {t.Attempt} (you hold attempt {attempt})");
    }

    public static void Finish(TrialState state, double? loss)
    {
        if (!state.IsFinished()) throw new ArgumentException($"a trial is finished as Complete, Failed or Pruned, not {state}");
        if (state == TrialState.Complete && (loss is null || !double.IsFinite(loss.Value)))
            throw new ArgumentException($"a Complete trial needs a finite loss, got {loss?.ToString() ?? "none"}");
    }

    public static string? AppendReason(string? existing, string? reason) =>
        string.IsNullOrEmpty(reason) ? existing : string.IsNullOrEmpty(existing) ? reason : existing + "; " + reason;
}
