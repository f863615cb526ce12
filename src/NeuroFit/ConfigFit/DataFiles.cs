using System.Globalization;
using NeuroFit.Config;
using NeuroFit.Data;
using NeuroFit.Simulation.IO;

namespace NeuroFit.ConfigFit;

/// <summary>
/// Reads the data files a config names (target traces, spike times, injected currents), turning every problem into a
/// <see cref="ConfigException"/> at the entry's key path. Paths are relative to the config file.
/// </summary>
internal static class DataFiles
{
    /// <summary>
    /// Reads a trace. <paramref name="column"/>: CSV column / NPZ key / NWB series, or the column index of a 2-D NPY
    /// array; without it the column named <paramref name="defaultName"/> is used, else the only data column.
    /// <paramref name="dtGiven"/>: <paramref name="dtMs"/> was written in the config (not a default), so a file that
    /// carries other sample times is an error at <c>KEYPATH.dt</c> rather than silently winning.
    /// </summary>
    public static ImportedTrace ReadTrace(FitConfig config, string file, string? column, string defaultName, double? dtMs, string keyPath,
        double scale = 1, TimeUnit timeUnit = TimeUnit.Milliseconds, bool dtGiven = true)
    {
        var path = Existing(config, file, keyPath);
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            var request = extension switch
            {
                ".csv" or ".txt" or ".tsv" => new TraceRequest(Variable: CsvColumn(config, path, column, defaultName, keyPath), DtMs: dtMs),
                ".npy" => new TraceRequest(Column: column is null ? null : NpyColumn(config, column, keyPath), DtMs: dtMs),
                ".npz" => new TraceRequest(Variable: NpzKey(config, path, column, defaultName, keyPath), DtMs: dtMs),
                _ => new TraceRequest(Series: column, DtMs: dtMs),
            };
            var trace = TraceImport.Read(path, request with { Scale = scale, TimeUnit = timeUnit });
            if (timeUnit == TimeUnit.Seconds && trace.TimesFromDt)
                throw new ConfigException(config.SourcePath, $"{keyPath}.time_unit",
                    $"{path} has no time column or key, so time_unit does not apply; its samples are every dt, and dt is always in ms");
            if (dtGiven && dtMs is { } dt && trace.Count > 1 && !(trace.UniformDt is { } own && Math.Abs(own - dt) <= 1e-6 * dt))
                throw new ConfigException(config.SourcePath, $"{keyPath}.dt", trace.UniformDt is { } every
                    ? $"{path} gives its own sample times, every {every:G6} ms, but dt says {dt:G6} ms; remove dt (the file's times are used) or correct it"
                    : $"{path} gives its own (uneven) sample times, so dt ({dt:G6} ms) would be ignored; remove it");
            return trace;
        }
        catch (Exception e) when (e is DataFormatException or NpyFormatException)
        {
            throw new ConfigException(config.SourcePath, $"{keyPath}.file", e.Message);
        }
    }

    /// <summary>Reads spike times in ms.</summary>
    public static double[] ReadSpikes(FitConfig config, string file, string? column, string keyPath, TimeUnit timeUnit = TimeUnit.Milliseconds)
    {
        var path = Existing(config, file, keyPath);
        try
        {
            return SpikeImport.Read(path, column, timeUnit);
        }
        catch (Exception e) when (e is DataFormatException or NpyFormatException)
        {
            throw new ConfigException(config.SourcePath, $"{keyPath}.file", e.Message);
        }
    }

    private static string Existing(FitConfig config, string file, string keyPath)
    {
        var path = config.Resolve(file);
        if (!File.Exists(path))
            throw new ConfigException(config.SourcePath, $"{keyPath}.file",
                $"data file '{file}' not found (looked for {path}; relative paths are relative to the config file)");
        return path;
    }

    /// <summary>The given column (which must exist), else the column named like the variable, else the only column besides <c>t</c>.</summary>
    private static string? CsvColumn(FitConfig config, string path, string? column, string name, string keyPath)
    {
        var header = CsvTable.Read(path, headerRequired: false).Header;
        if (header is null)
            return column is null ? null
                : throw new ConfigException(config.SourcePath, $"{keyPath}.column", $"{path} has no header line naming its columns, so column '{column}' cannot be found; add a header line (for example 't,{name}')");
        var columns = string.Join(", ", header.Select(h => $"'{h}'"));
        if (column is not null)
            return header.Contains(column) ? column
                : throw new ConfigException(config.SourcePath, $"{keyPath}.column", $"{path} has no column '{column}'; its columns: {columns}");
        if (header.Contains(name)) return name;
        var data = header.Where(h => h != "t").ToList();
        return data.Count == 1 ? data[0]
            : throw new ConfigException(config.SourcePath, $"{keyPath}.column", $"{path} has no column '{name}'; name the one to use with column: (its columns: {columns})");
    }

    /// <summary>The given key (which must exist), else the key named like the variable, else null (the import takes the only array).</summary>
    private static string? NpzKey(FitConfig config, string path, string? column, string name, string keyPath)
    {
        var keys = Npz.Read(path).Keys.ToList();
        if (column is not null)
            return keys.Contains(column) ? column
                : throw new ConfigException(config.SourcePath, $"{keyPath}.column", $"{path} has no array '{column}'; its arrays: {string.Join(", ", keys.Select(k => $"'{k}'"))}");
        return keys.Contains(name) ? name : null;
    }

    private static int NpyColumn(FitConfig config, string column, string keyPath) =>
        int.TryParse(column, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0
            ? index
            : throw new ConfigException(config.SourcePath, $"{keyPath}.column", $"a .npy array has no column names; give the column index (0, 1, …), got '{column}'");
}
