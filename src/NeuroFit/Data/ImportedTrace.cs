using NeuroFit.Simulation.Analysis;

namespace NeuroFit.Data;

/// <summary>Time unit of a time column or of spike times in a data file.</summary>
public enum TimeUnit
{
    /// <summary>Milliseconds (NeuroFit's unit; the default).</summary>
    Milliseconds,
    /// <summary>Seconds (NWB's unit); multiplied by 1000 on import.</summary>
    Seconds,
}

/// <summary>
/// A recorded trace as imported: sample times in ms (shifted so that the first sample is at 0, increasing) and values.
/// <see cref="ToSimulationGrid"/> puts it on the simulation's time grid.
/// </summary>
/// <param name="Source">File (and column/key/series) it came from, for messages.</param>
/// <param name="TimeMs">Sample times in ms, starting at 0 and strictly increasing.</param>
/// <param name="Values">Sample values (finite).</param>
/// <param name="Unit">Unit of the values as far as the file says (e.g. <c>mV</c>), or empty.</param>
public sealed record ImportedTrace(string Source, double[] TimeMs, double[] Values, string Unit = "")
{
    /// <summary>Builds a trace sampled every <paramref name="dtMs"/> from 0.</summary>
    public static ImportedTrace Uniform(string source, double[] values, double dtMs, string unit = "")
    {
        var time = new double[values.Length];
        for (var i = 0; i < time.Length; i++) time[i] = i * dtMs;
        return new ImportedTrace(source, time, values, unit) { TimesFromDt = true };
    }

    /// <summary>True when the sample times come from a sampling interval (a <c>dt</c> given or stored beside the array),
    /// not from a time column, key or series timing.</summary>
    public bool TimesFromDt { get; init; }

    /// <summary>Number of samples.</summary>
    public int Count => Values.Length;

    /// <summary>The sampling interval when the samples are evenly spaced (relative tolerance 1e-6), else null.</summary>
    public double? UniformDt
    {
        get
        {
            if (TimeMs.Length < 2) return null;
            var dt = (TimeMs[^1] - TimeMs[0]) / (TimeMs.Length - 1);
            for (var i = 1; i < TimeMs.Length; i++)
                if (Math.Abs(TimeMs[i] - TimeMs[i - 1] - dt) > 1e-6 * dt) return null;
            return dt;
        }
    }

    /// <summary>
    /// The trace at the simulation sample times <c>k·dt</c>, k = 0 … <paramref name="samples"/> − 1. Data sampled at
    /// exactly <paramref name="dtMs"/> with exactly <paramref name="samples"/> samples are returned unchanged;
    /// otherwise the values are linearly interpolated between the two neighbouring data samples, and a sample time
    /// after the last data sample (at most one data interval) takes the last value.
    /// The lengths must agree: the data cover <c>D = last time + last interval</c> (N samples every d ms cover N·d ms)
    /// and the experiment <c>S = samples · dt</c>; accepted when <c>S ≤ D ≤ S + max(d, dt)</c>, i.e. the data cover
    /// the experiment and overshoot it by at most one sample (a recording that includes its end point).
    /// </summary>
    /// <exception cref="DataFormatException">The lengths do not match; the message gives both lengths.</exception>
    public double[] ToSimulationGrid(double dtMs, int samples)
    {
        if (!(dtMs > 0)) throw new ArgumentOutOfRangeException(nameof(dtMs), dtMs, "dt must be positive");
        if (samples < 0) throw new ArgumentOutOfRangeException(nameof(samples), samples, "the number of samples must be ≥ 0");
        if (Count == 0) throw new DataFormatException(Source, "the data have no samples");
        var dataDt = UniformDt;
        if (dataDt is { } exact && Math.Abs(exact - dtMs) <= 1e-9 * dtMs && Count == samples) return (double[])Values.Clone();
        var lastInterval = TimeMs.Length >= 2 ? TimeMs[^1] - TimeMs[^2] : dtMs;
        var covered = TimeMs[^1] - TimeMs[0] + lastInterval;
        var needed = samples * dtMs;
        var tolerance = 1e-6 * Math.Max(lastInterval, dtMs);
        if (covered < needed - tolerance || covered > needed + Math.Max(lastInterval, dtMs) + tolerance)
        {
            var spacing = dataDt is { } d ? $"every {d:G6} ms" : "at uneven intervals";
            // times read as ms that were written in seconds cover a thousandth of the experiment
            var seconds = Math.Abs(covered * 1000 / needed - 1) >= 0.05 ? ""
                : TimesFromDt && dataDt is { } given ? $"; dt looks like seconds: dt is in ms (dt: {given * 1000:G6}?)"
                : "; the times look like seconds: give time_unit: s (times are read in ms)";
            throw new DataFormatException(Source,
                $"the data have {Count} samples {spacing}, covering {covered:G6} ms, but the experiment records {samples} samples " +
                $"every {dtMs:G6} ms ({needed:G6} ms){seconds}; make the experiment as long as the data or cut the data");
        }
        var grid = new double[samples];
        for (var k = 0; k < samples; k++) grid[k] = TimeMs[0] + k * dtMs;
        return Interpolation.Linear(TimeMs, Values, grid);
    }
}
