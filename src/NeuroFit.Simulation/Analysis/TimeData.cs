namespace NeuroFit.Simulation.Analysis;

/// <summary>Time limits of one recording period (a start … pause stretch) in ms, as <c>RecordingTimes.time_lims</c>
/// gives them: the times of the first and the last recorded sample.</summary>
/// <param name="StartMs">Time of the first sample of the period.</param>
/// <param name="StopMs">Time of the last sample of the period.</param>
public readonly record struct TimeLimits(double StartMs, double StopMs);

/// <summary>The recorded samples of one variable in one chunk: its recording periods and the data rows
/// ([sample, neuron], all periods one after the other).</summary>
/// <param name="Periods">Recording periods of the chunk in order.</param>
/// <param name="Data">Rows = samples of all periods, columns = neurons.</param>
public sealed record ChunkSeries(IReadOnlyList<TimeLimits> Periods, double[,] Data);

/// <summary>How <see cref="TimeData.CombineChunks"/> lays the chunks out on the time axis.</summary>
public enum ChunkLayout
{
    /// <summary>Every chunk keeps its own times (each starts at its own start, usually 0): <c>[0..100] + [0..250]</c>.</summary>
    Sequential,
    /// <summary>Each chunk starts one period after the last stop time of the previous one:
    /// <c>[0..100] + [101..351]</c>; pauses inside chunks become NaN rows.</summary>
    Consecutive,
}

/// <summary>What <see cref="TimeData.CombinePeriods"/> puts into the pauses between recording periods.</summary>
public abstract record PeriodFill
{
    private PeriodFill() { }

    /// <summary>Nothing: the periods are concatenated and the time array has jumps.</summary>
    public static PeriodFill None { get; } = new NoneFill();

    /// <summary>NaN rows at the recording period.</summary>
    public static PeriodFill NaN { get; } = new ValueFill(double.NaN);

    /// <summary>Rows linearly interpolated (per column, over time) between the samples around the pause.</summary>
    public static PeriodFill Interpolate { get; } = new InterpolateFill();

    /// <summary>Rows holding a constant.</summary>
    public static PeriodFill Value(double value) => new ValueFill(value);

    internal sealed record NoneFill : PeriodFill;

    internal sealed record InterpolateFill : PeriodFill;

    internal sealed record ValueFill(double Fill) : PeriodFill;
}

/// <summary>
/// Array-level helpers behind CompNeuroPy's <c>time_data_fill_gaps</c>, <c>sample_data_with_timestep</c>,
/// <c>RecordingTimes.combine_chunks</c> and <c>RecordingTimes.combine_periods</c>. Data arrays are [time, column].
/// Times built from limits are <c>start + k · period</c> for <c>k = 0 … round((stop − start)/period)</c>, rounded to
/// the decimals of dt (CompNeuroPy uses <c>np.arange</c>, which can gain or lose an end point to rounding).
/// </summary>
public static class TimeData
{
    /// <summary>
    /// Fills gaps in <paramref name="time"/> (CompNeuroPy <c>time_data_fill_gaps</c>): where two neighbouring times
    /// differ by more than the step (rounded to 6 decimals), rows at <c>end + step, end + 2·step, …</c> (up to, not
    /// including, the next time) are inserted holding <paramref name="fill"/>. The step is
    /// <paramref name="fillTimeStep"/> or, when null, the smallest time difference. Existing times are not changed.
    /// </summary>
    /// <exception cref="ArgumentException">The number of data rows differs from the number of times, or the step is
    /// not positive.</exception>
    public static (double[] Time, double[,] Data) FillGaps(double[] time, double[,] data, double? fillTimeStep = null, double fill = double.NaN)
    {
        var (t, d, _) = FillGapsTracked(time, data, fillTimeStep, fill);
        return (t, d);
    }

    /// <summary>1-D form of <see cref="FillGaps(double[], double[,], double?, double)"/>.</summary>
    public static (double[] Time, double[] Data) FillGaps(double[] time, double[] data, double? fillTimeStep = null, double fill = double.NaN)
    {
        var (t, d) = FillGaps(time, ToColumn(data), fillTimeStep, fill);
        return (t, FromColumn(d));
    }

    /// <summary>
    /// Samples <paramref name="data"/> every <paramref name="timeStep"/> ms by linear interpolation (and linear
    /// extrapolation at the ends), CompNeuroPy's <c>sample_data_with_timestep</c>: the new times run from the first to
    /// the last time, each rounded to a multiple of the step.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than two samples, times not increasing, or a step that
    /// is not positive.</exception>
    public static (double[] Time, double[] Data) SampleWithTimeStep(double[] time, double[] data, double timeStep)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(data);
        if (time.Length != data.Length)
            throw new ArgumentException($"time has {time.Length} values but data has {data.Length}");
        if (time.Length < 2) throw new ArgumentException("at least two samples are needed to interpolate");
        if (!(timeStep > 0)) throw new ArgumentException($"the time step must be positive (got {timeStep})", nameof(timeStep));
        var first = AnalysisFunctions.RoundToStep(Math.Round(time[0] / timeStep) * timeStep, timeStep);
        var last = AnalysisFunctions.RoundToStep(Math.Round(time[^1] / timeStep) * timeStep, timeStep);
        var count = (int)Math.Round((last - first) / timeStep) + 1;
        var newTime = new double[Math.Max(0, count)];
        for (var k = 0; k < newTime.Length; k++) newTime[k] = AnalysisFunctions.RoundToStep(first + k * timeStep, timeStep);
        return (newTime, Interpolation.Linear(time, data, newTime, extrapolate: true));
    }

    /// <summary>
    /// Joins the chunks of one recorded variable (CompNeuroPy <c>combine_chunks</c>): data rows are concatenated; the
    /// time of each sample comes from its period's limits, shifted by the chunk start (0 for
    /// <see cref="ChunkLayout.Sequential"/>; for <see cref="ChunkLayout.Consecutive"/>, chunk c starts at
    /// <c>start(c−1) + lastStop(c−1) + period</c>). Gaps (pauses) are then filled with NaN rows at the period.
    /// </summary>
    /// <param name="chunks">The chunks in order.</param>
    /// <param name="period">Recording period in ms.</param>
    /// <param name="dt">Simulation time step in ms (times are rounded to its decimals).</param>
    /// <param name="layout">Time layout of the chunks.</param>
    /// <exception cref="ArgumentException">No chunks, chunks with different column counts, or a chunk whose number of
    /// data rows does not match its periods.</exception>
    public static (double[] Time, double[,] Data) CombineChunks(IReadOnlyList<ChunkSeries> chunks, double period, double dt, ChunkLayout layout)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        if (chunks.Count == 0) throw new ArgumentException("there are no chunks to combine", nameof(chunks));
        CheckStep(period, nameof(period));
        var times = new List<double>();
        var columns = chunks[0].Data.GetLength(1);
        var rows = 0;
        double chunkStart = 0;
        for (var c = 0; c < chunks.Count; c++)
        {
            if (layout == ChunkLayout.Consecutive && c > 0)
            {
                var previous = chunks[c - 1].Periods;
                if (previous.Count == 0) throw new ArgumentException($"chunk {c - 1} has no recording period", nameof(chunks));
                chunkStart = chunkStart + previous[^1].StopMs + period;
            }
            var before = times.Count;
            AppendPeriodTimes(times, chunks[c].Periods, chunkStart, period, dt);
            var chunkRows = chunks[c].Data.GetLength(0);
            if (chunkRows != times.Count - before)
                throw new ArgumentException(
                    $"chunk {c} has {chunkRows} data rows but its recording periods hold {times.Count - before} samples", nameof(chunks));
            if (chunks[c].Data.GetLength(1) != columns)
                throw new ArgumentException(
                    $"chunk {c} has {chunks[c].Data.GetLength(1)} columns but chunk 0 has {columns}", nameof(chunks));
            rows += chunkRows;
        }
        var data = new double[rows, columns];
        var r = 0;
        foreach (var chunk in chunks)
        {
            CopyRows(chunk.Data, data, r);
            r += chunk.Data.GetLength(0);
        }
        return FillGaps(times.ToArray(), data, period);
    }

    /// <summary>
    /// Joins the recording periods of one chunk (CompNeuroPy <c>combine_periods</c>): the time of each sample comes
    /// from its period's limits; the pauses are left as jumps, or filled with NaN, a constant or interpolated rows at
    /// the recording period (<paramref name="fill"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The number of data rows does not match the periods.</exception>
    public static (double[] Time, double[,] Data) CombinePeriods(IReadOnlyList<TimeLimits> periods, double[,] data, double period, double dt, PeriodFill fill)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fill);
        CheckStep(period, nameof(period));
        var times = new List<double>();
        AppendPeriodTimes(times, periods, 0, period, dt);
        if (times.Count != data.GetLength(0))
            throw new ArgumentException($"the data have {data.GetLength(0)} rows but the recording periods hold {times.Count} samples", nameof(data));
        var time = times.ToArray();
        switch (fill)
        {
            case PeriodFill.NoneFill:
                return (time, (double[,])data.Clone());
            case PeriodFill.ValueFill v:
                return FillGaps(time, data, period, v.Fill);
            default:
                var (t, d, inserted) = FillGapsTracked(time, data, period, double.NaN);
                InterpolateInserted(t, d, inserted);
                return (t, d);
        }
    }

    private static void AppendPeriodTimes(List<double> times, IReadOnlyList<TimeLimits> periods, double offset, double period, double dt)
    {
        foreach (var p in periods)
        {
            var start = AnalysisFunctions.RoundToStep(p.StartMs + offset, dt);
            var stop = AnalysisFunctions.RoundToStep(p.StopMs + offset, dt);
            var count = (int)Math.Round((stop - start) / period) + 1;
            for (var k = 0; k < count; k++) times.Add(AnalysisFunctions.RoundToStep(start + k * period, dt));
        }
    }

    private static (double[] Time, double[,] Data, bool[] Inserted) FillGapsTracked(double[] time, double[,] data, double? fillTimeStep, double fill)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(data);
        var n = time.Length;
        if (data.GetLength(0) != n)
            throw new ArgumentException($"time has {n} values but data has {data.GetLength(0)} rows; they must match");
        double step;
        if (fillTimeStep is { } given)
        {
            CheckStep(given, nameof(fillTimeStep));
            step = given;
        }
        else
        {
            if (n < 2) return ((double[])time.Clone(), (double[,])data.Clone(), new bool[n]);
            step = double.PositiveInfinity;
            for (var i = 0; i + 1 < n; i++) step = Math.Min(step, Math.Round(time[i + 1] - time[i], 6));
            if (!(step > 0)) throw new ArgumentException($"the smallest time difference is {step}; give a positive fill time step");
        }
        var newTimes = new List<double>(n);
        var sourceRow = new List<int>(n); // -1 = inserted row
        for (var i = 0; i < n; i++)
        {
            newTimes.Add(time[i]);
            sourceRow.Add(i);
            if (i + 1 == n || !(Math.Round(time[i + 1] - time[i], 6) > step)) continue;
            var count = (int)Math.Ceiling(Math.Round((time[i + 1] - time[i] - step) / step, 9));
            for (var k = 1; k <= count; k++)
            {
                newTimes.Add(time[i] + k * step);
                sourceRow.Add(-1);
            }
        }
        var columns = data.GetLength(1);
        var result = new double[newTimes.Count, columns];
        var inserted = new bool[newTimes.Count];
        for (var r = 0; r < newTimes.Count; r++)
        {
            var src = sourceRow[r];
            inserted[r] = src < 0;
            for (var c = 0; c < columns; c++) result[r, c] = src < 0 ? fill : data[src, c];
        }
        return (newTimes.ToArray(), result, inserted);
    }

    private static void InterpolateInserted(double[] time, double[,] data, bool[] inserted)
    {
        var columns = data.GetLength(1);
        var r = 0;
        while (r < time.Length)
        {
            if (!inserted[r]) { r++; continue; }
            var end = r;
            while (end < time.Length && inserted[end]) end++;
            // Inserted rows always lie between two recorded rows (gaps are only filled between samples).
            int before = r - 1, after = end;
            for (var k = r; k < end; k++)
            {
                var w = (time[k] - time[before]) / (time[after] - time[before]);
                for (var c = 0; c < columns; c++) data[k, c] = data[before, c] + w * (data[after, c] - data[before, c]);
            }
            r = end;
        }
    }

    private static void CopyRows(double[,] source, double[,] target, int rowOffset)
    {
        int rows = source.GetLength(0), columns = source.GetLength(1);
        for (var i = 0; i < rows; i++)
            for (var c = 0; c < columns; c++)
                target[rowOffset + i, c] = source[i, c];
    }

    private static void CheckStep(double step, string name)
    {
        if (!(step > 0) || !double.IsFinite(step)) throw new ArgumentException($"the {name} must be a positive number of ms (got {step})", name);
    }

    internal static double[,] ToColumn(double[] data)
    {
        var m = new double[data.Length, 1];
        for (var i = 0; i < data.Length; i++) m[i, 0] = data[i];
        return m;
    }

    internal static double[] FromColumn(double[,] data)
    {
        var v = new double[data.GetLength(0)];
        for (var i = 0; i < v.Length; i++) v[i] = data[i, 0];
        return v;
    }
}
