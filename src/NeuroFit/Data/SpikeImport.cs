using NeuroFit.Simulation.IO;

namespace NeuroFit.Data;

/// <summary>
/// Imports spike times (ms) from a CSV or NPY list. CSV: one time per row in the column named by
/// <c>column</c> (or the only column); a first line that is not numeric is a header. Without a header, every number in
/// the file is a spike time (rows, then columns). NPY: a 1-D array. Times are sorted; they must be finite and ≥ 0.
/// </summary>
public static class SpikeImport
{
    /// <summary>Reads spike times in ms; dispatches on the extension (<c>.csv</c>/<c>.txt</c> or <c>.npy</c>).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file cannot be used; the message names it and what is expected.</exception>
    public static double[] Read(string path, string? column = null, TimeUnit unit = TimeUnit.Milliseconds)
    {
        ArgumentNullException.ThrowIfNull(path);
        var raw = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".txt" or ".tsv" => ReadCsv(path, column),
            ".npy" => ReadNpy(path),
            var ext => throw new DataFormatException(path, $"unknown spike file type '{ext}'; use .csv or .npy (spike times in ms)"),
        };
        var scale = unit == TimeUnit.Seconds ? 1000.0 : 1.0;
        var times = new double[raw.Length];
        for (var i = 0; i < raw.Length; i++)
        {
            if (!double.IsFinite(raw[i]) || raw[i] < 0)
                throw new DataFormatException(path, $"spike {i} has time {raw[i]}; spike times must be finite and ≥ 0 ms from the sweep start");
            times[i] = raw[i] * scale;
        }
        Array.Sort(times);
        return times;
    }

    /// <summary>Checks that every spike lies before the end of the sweep.</summary>
    /// <exception cref="DataFormatException">A spike at or after <paramref name="durationMs"/>.</exception>
    public static void CheckWithin(string path, IReadOnlyList<double> times, double durationMs)
    {
        if (times.Count > 0 && times[^1] >= durationMs)
            throw new DataFormatException(path,
                $"the last spike is at {times[^1]:G6} ms but the experiment lasts {durationMs:G6} ms; make the experiment longer or remove later spikes");
    }

    private static double[] ReadCsv(string path, string? column)
    {
        var table = CsvTable.Read(path, headerRequired: false);
        if (table.Header is { } header)
        {
            int index;
            if (column is not null) index = table.ColumnIndex(column, "the spike times");
            else if (header.Length == 1) index = 0;
            else throw new DataFormatException(path, $"the file has {header.Length} columns; say which holds the spike times ({string.Join(", ", header.Select(h => $"'{h}'"))})");
            return table.Column(index);
        }
        if (column is not null) throw new DataFormatException(path, $"column '{column}' requested but the file has no header line");
        return table.Rows.SelectMany(r => r).ToArray();
    }

    private static double[] ReadNpy(string path)
    {
        NpyArray array;
        try
        {
            array = Npy.Read(path);
        }
        catch (NpyFormatException e)
        {
            throw DataErrors.From(e);
        }
        if (array.Rank > 1 && array.Shape.Count(d => d != 1) > 1)
            throw new DataFormatException(path, $"the array has shape {array.ShapeText}; expected a 1-D list of spike times in ms");
        if (array.DType == NpyDType.Bool) throw new DataFormatException(path, "the array holds booleans; expected spike times in ms");
        return array.ToDoubles();
    }
}
