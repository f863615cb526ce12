namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// Start/pause bookkeeping of one recorded compartment within the current chunk, in integer steps (so no
/// floating-point rounding can shift a sample). A (re)started compartment samples its first step, then every period (ANNarchy rule).
/// </summary>
internal sealed class CompartmentTimings
{
    private readonly List<long> _starts = [];
    private readonly List<long> _stops = [];

    public bool IsPaused { get; private set; } = true;

    public bool EverStarted => _starts.Count > 0;

    public void Start(long step)
    {
        IsPaused = false;
        // Starting twice without a pause keeps the first start.
        if (_starts.Count <= _stops.Count) _starts.Add(step);
    }

    public void Pause(long step)
    {
        IsPaused = true;
        if (_stops.Count < _starts.Count) _stops.Add(step);
        // A pause right after a start records nothing: drop that empty period.
        if (_stops.Count == _starts.Count && _stops.Count > 0 && _stops[^1] == _starts[^1])
        {
            _starts.RemoveAt(_starts.Count - 1);
            _stops.RemoveAt(_stops.Count - 1);
        }
    }

    /// <summary>Closes the chunk: clears the periods; a running compartment restarts at <paramref name="newChunkStep"/>.</summary>
    public void NewChunk(long newChunkStep)
    {
        _starts.Clear();
        _stops.Clear();
        if (!IsPaused) _starts.Add(newChunkStep);
    }

    /// <summary>The recording periods so far; a running period ends at <paramref name="nowStep"/>.</summary>
    public List<RecordingPeriod> Periods(long nowStep, long periodSteps, double dt)
    {
        var periods = new List<RecordingPeriod>();
        var index = 0;
        for (var i = 0; i < _starts.Count; i++)
        {
            var stop = i < _stops.Count ? _stops[i] : nowStep;
            // ANNarchy (and the engine's recorder): a (re)started recorder samples its first step, then every P steps.
            var first = _starts[i];
            if (stop <= first) continue;
            var count = (int)CeilDiv(stop - first, periodSteps);
            var last = first + (count - 1) * periodSteps;
            periods.Add(new RecordingPeriod(
                RecordingTimes.RoundToDt(first * dt, dt),
                RecordingTimes.RoundToDt(last * dt, dt),
                index,
                index + count - 1));
            index += count;
        }
        return periods;
    }

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -((-a) / b);
}
