using NeuroFit.Simulation.IO;

namespace NeuroFit.Data;

/// <summary>Which trace to take from a data file and how to read its timing.</summary>
/// <param name="Variable">CSV column name or NPZ key of the values (CSV: required; NPZ: default the only non-time key).</param>
/// <param name="Column">Column index for 2-D NPY/NPZ arrays of shape (samples, columns); default 0 when there is one column.</param>
/// <param name="DtMs">Sampling interval in ms when the file has no time column / key.</param>
/// <param name="TimeColumn">Name of the CSV column or NPZ key holding sample times (default <c>t</c>).</param>
/// <param name="TimeUnit">Unit of that time column.</param>
/// <param name="Series">NWB series name or path; default the only CurrentClampSeries in /acquisition.</param>
/// <param name="Scale">Factor applied to the values (e.g. 1000 for volts → mV in CSV/NPY files).</param>
public sealed record TraceRequest(
    string? Variable = null,
    int? Column = null,
    double? DtMs = null,
    string TimeColumn = "t",
    TimeUnit TimeUnit = TimeUnit.Milliseconds,
    string? Series = null,
    double Scale = 1);

/// <summary>
/// Imports a recorded trace from CSV, NPY, NPZ or NWB 2.x (chosen by the file extension: <c>.csv</c>/<c>.txt</c>,
/// <c>.npy</c>, <c>.npz</c>, <c>.nwb</c>/<c>.h5</c>/<c>.hdf5</c>). Times are in ms, shifted so that the first sample is
/// at 0. See docs/data-formats.md for the layouts.
/// </summary>
public static class TraceImport
{
    /// <summary>Reads a trace; dispatches on the extension.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataFormatException">The file cannot be used; the message names it and what is expected.</exception>
    public static ImportedTrace Read(string path, TraceRequest request)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(request);
        var trace = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" or ".txt" or ".tsv" => ReadCsv(path, request),
            ".npy" => ReadNpy(path, request),
            ".npz" => ReadNpz(path, request),
            ".nwb" or ".h5" or ".hdf5" => ReadNwb(path, request),
            var ext => throw new DataFormatException(path,
                $"unknown data file type '{ext}'; use .csv, .npy, .npz or .nwb"),
        };
        return request.Scale == 1 ? trace : trace with { Values = Array.ConvertAll(trace.Values, v => v * request.Scale) };
    }

    /// <summary>CSV: a header naming the columns; the values from column <see cref="TraceRequest.Variable"/>; times from
    /// column <see cref="TraceRequest.TimeColumn"/> if present, else every <see cref="TraceRequest.DtMs"/>. A file of one
    /// column of numbers without a header holds the values, every <see cref="TraceRequest.DtMs"/>.</summary>
    public static ImportedTrace ReadCsv(string path, TraceRequest request)
    {
        var table = CsvTable.Read(path, headerRequired: false);
        if (table.Header is null)
        {
            if (table.Rows.Count == 0)
                throw new DataFormatException(path, "the file is empty; expected a header line naming the columns, then one row per sample");
            if (table.Rows[0].Length != 1)
                throw new DataFormatException(path,
                    $"the first line holds {table.Rows[0].Length} numbers but no column names; add a header line naming the columns (for example 't,{request.Variable ?? "v"}')");
            // One column of numbers without a header: the samples, every DtMs.
            return Uniform($"{path}[column 1]", table.Column(0), request.DtMs,
                "the file has one column of values and no time column; give dt");
        }
        if (request.Variable is null)
            throw new DataFormatException(path, $"name the column to fit (variable); columns: {string.Join(", ", table.Header!.Select(h => $"'{h}'"))}");
        var values = table.Column(table.ColumnIndex(request.Variable, "the variable to fit"));
        var source = $"{path}[{request.Variable}]";
        if (values.Length == 0) throw new DataFormatException(source, "the file has a header but no data rows");
        var timeIndex = Array.IndexOf(table.Header!, request.TimeColumn);
        if (timeIndex >= 0) return WithTimes(source, table.Column(timeIndex), values, request.TimeUnit, $"column '{request.TimeColumn}'");
        return Uniform(source, values, request.DtMs,
            $"the file has no '{request.TimeColumn}' column; add one (times in ms) or give dt");
    }

    /// <summary>NPY: a 1-D array of values (needs <see cref="TraceRequest.DtMs"/>), or a 2-D (samples, columns) array
    /// from which <see cref="TraceRequest.Column"/> is taken.</summary>
    public static ImportedTrace ReadNpy(string path, TraceRequest request)
    {
        var array = ReadArray(() => Npy.Read(path), path);
        var values = SelectColumn(array, request.Column, path);
        return Uniform(path, values, request.DtMs, "a .npy file holds no sampling interval; give dt");
    }

    /// <summary>NPZ: the array under key <see cref="TraceRequest.Variable"/> (1-D, or 2-D with
    /// <see cref="TraceRequest.Column"/>, e.g. NeuroFit's own <c>chunk0/pop;v</c>); times from key
    /// <see cref="TraceRequest.TimeColumn"/> if present, else from a scalar <c>dt</c> key next to the array
    /// (<c>chunk0/dt</c>, then <c>dt</c>), else <see cref="TraceRequest.DtMs"/>.</summary>
    public static ImportedTrace ReadNpz(string path, TraceRequest request)
    {
        var archive = ReadArray(() => Npz.Read(path), path);
        var key = request.Variable;
        if (key is null)
        {
            var candidates = archive.Keys.Where(k => k != request.TimeColumn && !IsDtKey(k)).ToList();
            if (candidates.Count != 1)
                throw new DataFormatException(path, $"name the array to fit (variable); keys: {string.Join(", ", archive.Keys.Select(k => $"'{k}'"))}");
            key = candidates[0];
        }
        if (!archive.TryGetValue(key, out var array))
            throw new DataFormatException(path, $"no array '{key}'; keys: {string.Join(", ", archive.Keys.Select(k => $"'{k}'"))}");
        var source = $"{path}[{key}]";
        var values = SelectColumn(array, request.Column, source);
        if (archive.TryGetValue(request.TimeColumn, out var time))
        {
            if (time.Rank != 1) throw new DataFormatException($"{path}[{request.TimeColumn}]", $"the time array must be 1-D, not of shape {time.ShapeText}");
            return WithTimes(source, time.ToDoubles(), values, request.TimeUnit, $"key '{request.TimeColumn}'");
        }
        var slash = key.LastIndexOf('/');
        var dtKeys = slash >= 0 ? new[] { key[..(slash + 1)] + "dt", "dt" } : ["dt"];
        foreach (var dtKey in dtKeys)
            if (archive.TryGetValue(dtKey, out var dtArray) && dtArray.Length == 1)
                return Uniform(source, values, dtArray.ToDoubles()[0], "");
        return Uniform(source, values, request.DtMs, $"the archive has no '{request.TimeColumn}' or 'dt' key; give dt");
    }

    /// <summary>NWB 2.x: the series named by <see cref="TraceRequest.Series"/> (default the only CurrentClampSeries in
    /// /acquisition). Values are <c>data · conversion + offset</c>; volts become mV and amperes pA, other units are kept.</summary>
    public static ImportedTrace ReadNwb(string path, TraceRequest request)
    {
        var series = NwbReader.Read(path, request.Series);
        var (factor, unit) = series.Unit switch
        {
            "volts" or "volt" or "V" => (1000.0, "mV"),
            "amperes" or "ampere" or "A" => (1e12, "pA"),
            var other => (1.0, other),
        };
        var source = $"{path}[{series.Path}]";
        if (series.Values.Length == 0) throw new DataFormatException(source, "the series has no samples");
        return WithTimes(source, series.TimeMs, Array.ConvertAll(series.Values, v => v * factor), TimeUnit.Milliseconds, "timing") with { Unit = unit };
    }

    private static bool IsDtKey(string key) => key == "dt" || key.EndsWith("/dt", StringComparison.Ordinal);

    private static T ReadArray<T>(Func<T> read, string path)
    {
        try
        {
            return read();
        }
        catch (NpyFormatException e)
        {
            throw DataErrors.From(e);
        }
    }

    private static double[] SelectColumn(NpyArray array, int? column, string source)
    {
        if (array.DType is not (NpyDType.Float64 or NpyDType.Float32 or NpyDType.Int64 or NpyDType.Int32))
            throw new DataFormatException(source, $"the array holds {array.DType} values; expected numbers (float64/float32)");
        var values = array.ToDoubles();
        double[] selected;
        if (array.Rank == 1)
        {
            if (column is > 0) throw new DataFormatException(source, $"column {column} requested but the array is 1-D");
            selected = values;
        }
        else if (array.Rank == 2 && array.Shape[0] == 1 && array.Shape[1] > 1 && column is null)
        {
            selected = values; // a row vector (1, samples), as MATLAB or arr[None, :] writes it: one sample cannot be a trace
        }
        else if (array.Rank == 2)
        {
            int rows = array.Shape[0], columns = array.Shape[1];
            var c = column ?? (columns == 1 ? 0 : throw new DataFormatException(source,
                $"the array has shape {array.ShapeText} (samples, columns); say which column to use"));
            if (c < 0 || c >= columns) throw new DataFormatException(source, $"column {c} does not exist; the array has {columns} column(s)");
            selected = new double[rows];
            for (var i = 0; i < rows; i++) selected[i] = values[i * columns + c];
        }
        else
        {
            throw new DataFormatException(source, $"the array has shape {array.ShapeText}; expected 1-D (samples) or 2-D (samples, columns)");
        }
        for (var i = 0; i < selected.Length; i++)
            if (!double.IsFinite(selected[i]))
                throw new DataFormatException(source, $"sample {i} is {selected[i]}; every sample must be a finite number");
        if (selected.Length == 0) throw new DataFormatException(source, "the array is empty");
        return selected;
    }

    private static ImportedTrace Uniform(string source, double[] values, double? dtMs, string missingDtMessage)
    {
        if (dtMs is not { } dt) throw new DataFormatException(source, missingDtMessage);
        if (!(dt > 0) || !double.IsFinite(dt)) throw new DataFormatException(source, $"dt must be a positive number of ms (got {dt})");
        return ImportedTrace.Uniform(source, values, dt);
    }

    private static ImportedTrace WithTimes(string source, double[] times, double[] values, TimeUnit unit, string what)
    {
        if (times.Length != values.Length)
            throw new DataFormatException(source, $"the {what} has {times.Length} values but the data have {values.Length}");
        var scale = unit == TimeUnit.Seconds ? 1000.0 : 1.0;
        var shifted = new double[times.Length];
        for (var i = 0; i < times.Length; i++)
        {
            shifted[i] = (times[i] - times[0]) * scale;
            if (i > 0 && !(times[i] > times[i - 1]))
                throw new DataFormatException(source, $"the times in the {what} must increase; sample {i} ({times[i]}) is not after sample {i - 1} ({times[i - 1]})");
        }
        return new ImportedTrace(source, shifted, values);
    }
}
