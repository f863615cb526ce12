namespace NeuroFit.Optimization;

/// <summary>How a <see cref="Study"/> object behaves as a worker of its study.</summary>
public sealed record StudyOptions
{
    /// <summary>Identity of this worker in the storage; default "host/pid/random" (see <see cref="WorkerIdentity"/>).</summary>
    public string? WorkerId { get; init; }

    /// <summary>Budget of the study: no trial is created once the study holds this many trials (any state). Several
    /// workers with the same budget share it: together they create exactly this many.</summary>
    public int MaxTrials { get; init; } = int.MaxValue;

    /// <summary>How often held trials get a heartbeat (a background timer); zero or negative disables it.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A Running trial of another worker without heartbeat for this long is stale: re-queued (same number and
    /// parameters) once, failed the second time. Trials of a dead process on this machine are stale at once.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts a trial gets before a stale attempt fails it (2 = re-queued once).</summary>
    public int MaxAttempts { get; init; } = 2;

    /// <summary>Clock (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
