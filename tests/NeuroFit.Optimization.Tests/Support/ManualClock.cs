namespace NeuroFit.Optimization.Tests.Support;

/// <summary>A clock that only moves when told (stale-trial tests without sleeping).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
