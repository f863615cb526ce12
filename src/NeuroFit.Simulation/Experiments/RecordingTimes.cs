namespace NeuroFit.Simulation.Experiments;

/// <summary>One uninterrupted recording stretch (start → pause) of a compartment within a chunk.</summary>
/// <param name="StartMs">Time of the first recorded sample in ms (chunk time; 0 after a reset).</param>
/// <param name="StopMs">Time of the last recorded sample in ms.</param>
/// <param name="StartIndex">Row of the first sample in the chunk's arrays.</param>
/// <param name="StopIndex">Row of the last sample (inclusive).</param>
public sealed record RecordingPeriod(double StartMs, double StopMs, int StartIndex, int StopIndex)
{
    /// <summary>Number of samples in this period.</summary>
    public int Count => StopIndex - StartIndex + 1;
}

/// <summary>How <see cref="RecordingTimes.CombineChunks"/> builds the time axis.</summary>
public enum CombineMode
{
    /// <summary>Every chunk starts at 0 ms.</summary>
    Sequential,
    /// <summary>Every chunk starts one period after the previous chunk's last sample; gaps are NaN-filled.</summary>
    Consecutive,
}

/// <summary>
/// When each compartment was recorded, per chunk and per recording period (CompNeuroPy's <c>RecordingTimes</c>).
/// A sample at row k of a period was taken after the update of step <c>StartMs/dt + k·period/dt</c>.
/// </summary>
public sealed class RecordingTimes
{
    private readonly IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<RecordingPeriod>>> _chunks;

    /// <summary>Creates the object from per-chunk, per-compartment periods.</summary>
    public RecordingTimes(IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<RecordingPeriod>>> chunks)
    {
        _chunks = chunks;
    }

    /// <summary>Number of chunks.</summary>
    public int ChunkCount => _chunks.Count;

    /// <summary>Everything: chunk → compartment → periods.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<RecordingPeriod>>> All() => _chunks;

    /// <summary>First and last sample time in ms (default: chunk 0, first compartment, all periods).</summary>
    public (double Start, double Stop) TimeLims(int? chunk = null, string? compartment = null, int? period = null)
    {
        var (first, last) = Periods(chunk, compartment, period);
        return (first.StartMs, last.StopMs);
    }

    /// <summary>First and last row index (default: chunk 0, first compartment, all periods).</summary>
    public (int Start, int Stop) IdxLims(int? chunk = null, string? compartment = null, int? period = null)
    {
        var (first, last) = Periods(chunk, compartment, period);
        return (first.StartIndex, last.StopIndex);
    }

    /// <summary>Number of recording periods (start → pause) of a compartment in a chunk.</summary>
    public int NrPeriods(int? chunk = null, string? compartment = null) => CompartmentPeriods(chunk, compartment).Count;

    /// <summary>
    /// Concatenates <paramref name="key"/> (<c>"pop;var"</c>) over all chunks. Returns the time axis in ms and the
    /// data [time, neuron]; with <see cref="CombineMode.Consecutive"/>, gaps in time (pauses) are filled with NaN rows.
    /// </summary>
    public (double[] Time, TraceMatrix Data) CombineChunks(IReadOnlyList<RecordingChunk> recordings, string key, CombineMode mode = CombineMode.Sequential)
    {
        if (recordings.Count != _chunks.Count)
            throw new ArgumentException($"{recordings.Count} recording chunks but {_chunks.Count} chunks of recording times");
        var compartment = CompartmentOf(key);
        var times = new List<double>();
        var traces = new List<TraceMatrix>();
        double chunkOffset = 0;
        double? previousEnd = null; // offset + last stop of the latest chunk in which the compartment recorded
        for (var c = 0; c < _chunks.Count; c++)
        {
            var period = recordings[c].Period(compartment);
            var periods = CompartmentPeriods(c, compartment);
            if (mode == CombineMode.Consecutive && previousEnd is { } end && periods.Count > 0)
                chunkOffset = end + period;
            if (periods.Count > 0) previousEnd = chunkOffset + periods[^1].StopMs;
            foreach (var p in periods)
                for (var k = 0; k < p.Count; k++)
                    times.Add(RoundToDt(chunkOffset + p.StartMs + k * period, recordings[c].Dt));
            var trace = recordings[c].Var(compartment, VariableOf(key));
            CheckRows(trace, periods, key, c, $"recordings[{c}]");
            traces.Add(trace);
        }
        var data = Concatenate(traces);
        return mode == CombineMode.Consecutive
            ? FillGaps(times, data, recordings[0].Period(compartment), recordings[0].Dt)
            : ([.. times], data);
    }

    /// <summary>
    /// The periods of one chunk on a common time axis: gaps between periods are filled with NaN (default), left out
    /// (<paramref name="fill"/> = null with <paramref name="interpolate"/> false), linearly interpolated, or a constant.
    /// </summary>
    public (double[] Time, TraceMatrix Data) CombinePeriods(RecordingChunk chunkRecordings, string key, int chunk = 0, double? fill = double.NaN, bool interpolate = false)
    {
        var compartment = CompartmentOf(key);
        var period = chunkRecordings.Period(compartment);
        var data = chunkRecordings.Var(compartment, VariableOf(key));
        var times = new List<double>();
        var periods = CompartmentPeriods(chunk, compartment);
        CheckRows(data, periods, key, chunk, "the chunk's recordings");
        foreach (var p in periods)
            for (var k = 0; k < p.Count; k++)
                times.Add(RoundToDt(p.StartMs + k * period, chunkRecordings.Dt));
        if (fill is null && !interpolate) return ([.. times], data);
        return FillGaps(times, data, period, chunkRecordings.Dt, fill ?? double.NaN, interpolate);
    }

    private static (double[] Time, TraceMatrix Data) FillGaps(List<double> times, TraceMatrix data, double period, double dt, double fill = double.NaN, bool interpolate = false)
    {
        var periodSteps = Math.Max(1, (long)Math.Round(period / dt));
        var outTimes = new List<double>();
        var sourceRow = new List<int>(); // row of data, or -1 for a filled sample
        for (var i = 0; i < times.Count; i++)
        {
            if (i > 0)
            {
                var gapSteps = (long)Math.Round((times[i] - times[i - 1]) / dt);
                for (var s = periodSteps; s < gapSteps; s += periodSteps)
                {
                    outTimes.Add(RoundToDt(times[i - 1] + s * dt, dt));
                    sourceRow.Add(-1);
                }
            }
            outTimes.Add(times[i]);
            sourceRow.Add(i);
        }
        var neurons = data.Neurons;
        var values = new double[outTimes.Count * neurons];
        for (var n = 0; n < neurons; n++)
        {
            var trace = data.Neuron(n);
            var lastReal = -1;
            for (var r = 0; r < outTimes.Count; r++)
            {
                if (sourceRow[r] >= 0) { values[n * outTimes.Count + r] = trace[sourceRow[r]]; lastReal = r; continue; }
                if (!interpolate) { values[n * outTimes.Count + r] = fill; continue; }
                var next = r;
                while (sourceRow[next] < 0) next++;
                double t0 = outTimes[lastReal], t1 = outTimes[next];
                double y0 = trace[sourceRow[lastReal]], y1 = trace[sourceRow[next]];
                values[n * outTimes.Count + r] = y0 + (y1 - y0) * (outTimes[r] - t0) / (t1 - t0);
            }
        }
        return ([.. outTimes], new TraceMatrix(values, outTimes.Count, neurons));
    }

    /// <summary>The recordings must be those of the chunk whose periods describe them.</summary>
    private static void CheckRows(TraceMatrix data, IReadOnlyList<RecordingPeriod> periods, string key, int chunk, string what)
    {
        var samples = periods.Sum(p => p.Count);
        if (data.TimeSteps != samples)
            throw new ArgumentException(
                $"{what} hold {data.TimeSteps} rows of \"{key}\" but chunk {chunk} of the recording times has {samples} samples: " +
                $"pass the recordings and the chunk index of the same chunk (CombinePeriods(recordings[{chunk}], \"{key}\", chunk: {chunk}))");
    }

    private static TraceMatrix Concatenate(List<TraceMatrix> traces)
    {
        var neurons = traces[0].Neurons;
        if (traces.Any(t => t.Neurons != neurons))
            throw new ArgumentException("chunks record different numbers of neurons and cannot be combined");
        var total = traces.Sum(t => t.TimeSteps);
        var values = new double[total * neurons];
        for (var n = 0; n < neurons; n++)
        {
            var at = n * total;
            foreach (var trace in traces)
            {
                trace.Neuron(n).CopyTo(values.AsSpan(at));
                at += trace.TimeSteps;
            }
        }
        return new TraceMatrix(values, total, neurons);
    }

    /// <summary>Rounds a time to the number of decimals of dt (CompNeuroPy rounds the same way).</summary>
    internal static double RoundToDt(double ms, double dt)
    {
        var decimals = 0;
        var scaled = dt;
        while (decimals < 12 && Math.Abs(scaled - Math.Round(scaled)) > 1e-9 * Math.Max(1, Math.Abs(scaled)))
        {
            scaled *= 10;
            decimals++;
        }
        return Math.Round(ms, decimals);
    }

    private (RecordingPeriod First, RecordingPeriod Last) Periods(int? chunk, string? compartment, int? period)
    {
        var periods = CompartmentPeriods(chunk, compartment);
        if (periods.Count == 0)
            throw new InvalidOperationException(
                $"compartment \"{compartment ?? _chunks[chunk ?? 0].Keys.First()}\" has no recording period in chunk {chunk ?? 0} (its monitor was paused throughout)");
        if (period is null) return (periods[0], periods[^1]);
        if (period < 0 || period >= periods.Count)
            throw new ArgumentOutOfRangeException(nameof(period), $"period {period} not available; the chunk has {periods.Count} period(s)");
        return (periods[period.Value], periods[period.Value]);
    }

    private IReadOnlyList<RecordingPeriod> CompartmentPeriods(int? chunk, string? compartment)
    {
        if (_chunks.Count == 0) throw new InvalidOperationException("no recordings: did the experiment start the monitors?");
        var c = chunk ?? 0;
        if (c < 0 || c >= _chunks.Count)
            throw new ArgumentOutOfRangeException(nameof(chunk), $"chunk {c} not available; there are {_chunks.Count} chunk(s)");
        var byCompartment = _chunks[c];
        var name = compartment ?? byCompartment.Keys.First();
        return byCompartment.TryGetValue(name, out var periods)
            ? periods
            : throw new KeyNotFoundException($"compartment \"{name}\" was not recorded; recorded: {string.Join(", ", byCompartment.Keys)}");
    }

    private static string CompartmentOf(string key)
    {
        var semicolon = key.IndexOf(';');
        return semicolon > 0 ? key[..semicolon] : throw new ArgumentException($"\"{key}\" is not of the form \"population;variable\"", nameof(key));
    }

    private static string VariableOf(string key) => key[(key.IndexOf(';') + 1)..];
}
