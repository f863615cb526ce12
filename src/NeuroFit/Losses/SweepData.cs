namespace NeuroFit.Losses;

/// <summary>
/// What a loss term sees of one sweep (one chunk of one neuron, target or candidate): traces of recorded variables
/// sampled every <see cref="Dt"/> ms from the start of the sweep, and the spike times.
/// </summary>
public sealed record SweepData
{
    /// <summary>Sampling interval of the traces in ms (sample k is at time k·Dt).</summary>
    public required double Dt { get; init; }

    /// <summary>Recorded variables by name (e.g. <c>v</c>), one value per sample.</summary>
    public IReadOnlyDictionary<string, double[]> Traces { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Spike times in ms from the start of the sweep, increasing; null when spikes were not recorded.</summary>
    public IReadOnlyList<double>? SpikeTimesMs { get; init; }

    /// <summary>Length of the sweep in ms. When not set: samples · Dt of the longest trace (0 without traces).</summary>
    public double DurationMs
    {
        get => _durationMs ?? (Traces.Count == 0 ? 0 : Traces.Values.Max(t => t.Length) * Dt);
        init => _durationMs = value;
    }

    private readonly double? _durationMs;

    /// <summary>The trace of <paramref name="variable"/>.</summary>
    /// <exception cref="LossException">The variable was not recorded; the message lists the recorded ones.</exception>
    public double[] Trace(string variable, string term) =>
        Traces.TryGetValue(variable, out var trace)
            ? trace
            : throw new LossException(
                $"loss term '{term}' needs the trace of '{variable}', but the sweep has {(Traces.Count == 0 ? "no traces" : "only " + string.Join(", ", Traces.Keys.Select(k => $"'{k}'")))}; record '{variable}' in the experiment");

    /// <summary>The spike times.</summary>
    /// <exception cref="LossException">Spikes were not recorded.</exception>
    public IReadOnlyList<double> Spikes(string term) =>
        SpikeTimesMs ?? throw new LossException($"loss term '{term}' needs spike times; record 'spike' in the experiment (or give spike data)");
}

/// <summary>A loss cannot be set up or evaluated because of how it was configured or what was recorded (a missing
/// variable, no spike recording, mismatched trace lengths, a chunk that does not exist). The message says what to
/// fix.</summary>
public sealed class LossException(string message) : Exception(message);

/// <summary>A time window [StartMs, EndMs) within a sweep; null ends mean the start or end of the sweep.</summary>
/// <param name="StartMs">First included time, or null for the sweep start.</param>
/// <param name="EndMs">First excluded time, or null for the sweep end.</param>
public sealed record TimeWindow(double? StartMs = null, double? EndMs = null)
{
    /// <summary>Whether <paramref name="timeMs"/> lies in the window.</summary>
    public bool Contains(double timeMs) => (StartMs is null || timeMs >= StartMs) && (EndMs is null || timeMs < EndMs);

    /// <summary>The sample range [first, end) of a trace of <paramref name="length"/> samples at <paramref name="dt"/>
    /// whose times k·dt lie in the window.</summary>
    public (int First, int End) SampleRange(int length, double dt)
    {
        var first = StartMs is { } s ? (int)Math.Ceiling(Math.Round(s / dt, 9)) : 0;
        var end = EndMs is { } e ? (int)Math.Ceiling(Math.Round(e / dt, 9)) : length;
        first = Math.Clamp(first, 0, length);
        end = Math.Clamp(end, first, length);
        return (first, end);
    }

    /// <summary>The spikes in the window.</summary>
    public double[] Select(IReadOnlyList<double> spikes) => spikes.Where(Contains).ToArray();

    /// <summary>Length of the window within a sweep of <paramref name="sweepMs"/> ms.</summary>
    public double Length(double sweepMs) => Math.Max(0, Math.Min(EndMs ?? sweepMs, sweepMs) - Math.Max(StartMs ?? 0, 0));
}
