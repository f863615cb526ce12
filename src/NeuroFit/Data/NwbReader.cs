using PureHDF;
using PureHDF.VOL.Native;

namespace NeuroFit.Data;

/// <summary>One NWB 2.x TimeSeries as read: values in the series' unit (already <c>data · conversion + offset</c>),
/// and its timing.</summary>
/// <param name="Path">HDF5 path of the series group, e.g. <c>/acquisition/sweep_0</c>.</param>
/// <param name="NeurodataType">The group's <c>neurodata_type</c> (e.g. <c>CurrentClampSeries</c>).</param>
/// <param name="Unit">The <c>unit</c> attribute of <c>data</c> (NWB: <c>volts</c> for CurrentClampSeries).</param>
/// <param name="Values">Data converted to <see cref="Unit"/>.</param>
/// <param name="TimeMs">Sample times in ms (from <c>starting_time</c> + k/rate or from <c>timestamps</c>), unshifted.</param>
public sealed record NwbSeries(string Path, string NeurodataType, string Unit, double[] Values, double[] TimeMs);

/// <summary>
/// Reads NWB 2.x time series through PureHDF: <c>/acquisition/&lt;name&gt;</c> and
/// <c>/stimulus/presentation/&lt;name&gt;</c> groups with a <c>data</c> dataset (attributes <c>conversion</c>,
/// <c>offset</c>, <c>unit</c>) and either a scalar <c>starting_time</c> (attribute <c>rate</c>, Hz) or a
/// <c>timestamps</c> dataset (seconds). Values are <c>data · conversion + offset</c> (missing attributes: 1 and 0);
/// integer and float data of any width are accepted; 2-D data use their first column.
/// </summary>
public static class NwbReader
{
    private static readonly string[] SeriesRoots = ["/acquisition", "/stimulus/presentation"];

    /// <summary>Paths and neurodata types of every series under /acquisition and /stimulus/presentation.</summary>
    /// <exception cref="DataFormatException">Not an HDF5/NWB 2.x file.</exception>
    public static IReadOnlyList<(string Path, string NeurodataType)> ListSeries(string file)
    {
        using var h5 = Open(file);
        return ListAll(h5);
    }

    /// <summary>
    /// Reads one series. <paramref name="series"/> is a group path (<c>/acquisition/sweep_0</c>) or a name searched
    /// under /acquisition then /stimulus/presentation; null picks the only <c>CurrentClampSeries</c> in /acquisition.
    /// </summary>
    /// <exception cref="DataFormatException">Missing file structure, an ambiguous choice, or missing timing; the message
    /// lists what the file holds.</exception>
    public static NwbSeries Read(string file, string? series = null)
    {
        using var h5 = Open(file);
        var path = Resolve(h5, file, series);
        var group = h5.Group(path);
        var source = $"{file}[{path}]";
        if (!group.LinkExists("data")) throw new DataFormatException(source, "the series has no 'data' dataset");
        var dataset = group.Dataset("data");
        var raw = ReadNumbers(dataset, source, "data");
        var conversion = NumberAttribute(dataset, "conversion") ?? 1.0;
        var offset = NumberAttribute(dataset, "offset") ?? 0.0;
        var values = Array.ConvertAll(raw, x => x * conversion + offset);
        var unit = StringAttribute(dataset, "unit") ?? "";
        return new NwbSeries(path, StringAttribute(group, "neurodata_type") ?? "", unit, values, Times(group, source, values.Length));
    }

    private static double[] Times(IH5Group group, string source, int count)
    {
        if (group.LinkExists("starting_time"))
        {
            var start = group.Dataset("starting_time");
            var t0 = ReadNumbers(start, source, "starting_time");
            if (t0.Length != 1) throw new DataFormatException(source, "'starting_time' must be a single number (seconds)");
            var rate = NumberAttribute(start, "rate")
                ?? throw new DataFormatException(source, "'starting_time' has no 'rate' attribute (sampling rate in Hz)");
            if (!(rate > 0)) throw new DataFormatException(source, $"the sampling rate must be positive (got {rate} Hz)");
            var times = new double[count];
            for (var k = 0; k < count; k++) times[k] = (t0[0] + k / rate) * 1000.0;
            return times;
        }
        if (group.LinkExists("timestamps"))
        {
            var stamps = ReadNumbers(group.Dataset("timestamps"), source, "timestamps");
            if (stamps.Length != count)
                throw new DataFormatException(source, $"'timestamps' has {stamps.Length} values but 'data' has {count}; they must match");
            return Array.ConvertAll(stamps, t => t * 1000.0);
        }
        throw new DataFormatException(source, "the series has neither 'starting_time' (with 'rate') nor 'timestamps'; cannot tell when the samples were taken");
    }

    private static string Resolve(IH5Group h5, string file, string? series)
    {
        if (series is not null)
        {
            if (series.StartsWith('/'))
            {
                if (h5.LinkExists(series) && h5.Get(series) is IH5Group) return series;
            }
            else
            {
                foreach (var root in SeriesRoots)
                    if (h5.LinkExists($"{root}/{series}")) return $"{root}/{series}";
            }
            throw new DataFormatException(file, $"no series '{series}'; the file has {Describe(ListAll(h5))}");
        }
        var all = ListAll(h5);
        var clamp = all.Where(s => s.Path.StartsWith("/acquisition/", StringComparison.Ordinal) && s.Type == "CurrentClampSeries").ToList();
        if (clamp.Count == 1) return clamp[0].Path;
        throw new DataFormatException(file, clamp.Count == 0
            ? $"no CurrentClampSeries in /acquisition; name the series to read (the file has {Describe(all)})"
            : $"{clamp.Count} CurrentClampSeries in /acquisition; name the one to read ({Describe(clamp)})");
    }

    private static List<(string Path, string Type)> ListAll(IH5Group h5)
    {
        var result = new List<(string, string)>();
        foreach (var root in SeriesRoots)
        {
            if (!h5.LinkExists(root)) continue;
            foreach (var child in h5.Group(root).Children())
                if (child is IH5Group g && g.LinkExists("data"))
                    result.Add(($"{root}/{child.Name}", StringAttribute(g, "neurodata_type") ?? ""));
        }
        return result;
    }

    private static string Describe(List<(string Path, string Type)> series) =>
        series.Count == 0 ? "no time series" : string.Join(", ", series.Select(s => s.Type.Length > 0 ? $"{s.Path} ({s.Type})" : s.Path));

    private static NativeFile Open(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"data file '{file}' does not exist", file);
        NativeFile h5;
        try
        {
            h5 = H5File.OpenRead(file);
        }
        catch (Exception e) when (e is not FileNotFoundException)
        {
            throw new DataFormatException(file, $"not an HDF5 (NWB) file: {e.Message}", e);
        }
        string? version;
        try
        {
            version = StringAttribute(h5, "nwb_version");
        }
        catch (Exception e)
        {
            h5.Dispose();
            throw new DataFormatException(file, $"cannot read the file's attributes: {e.Message}", e);
        }
        if (version is not null && !version.StartsWith('2'))
        {
            h5.Dispose();
            throw new DataFormatException(file, $"NWB version {version} is not supported; NeuroFit reads NWB 2.x");
        }
        return h5;
    }

    private static double[] ReadNumbers(IH5Dataset dataset, string source, string name)
    {
        var type = dataset.Type;
        var dims = dataset.Space.Dimensions;
        try
        {
            var flat = (type.Class, type.Size) switch
            {
                (H5DataTypeClass.FloatingPoint, 8) => dataset.Read<double[]>(),
                (H5DataTypeClass.FloatingPoint, 4) => Array.ConvertAll(dataset.Read<float[]>(), x => (double)x),
                (H5DataTypeClass.FixedPoint, _) => ReadIntegers(dataset, type.Size, type.FixedPoint.IsSigned),
                _ => throw new DataFormatException(source, $"'{name}' holds {type.Class} values of {type.Size} bytes; expected numbers"),
            };
            if (dims.Length == 2 && dims[1] > 1)
            {
                var columns = (int)dims[1];
                var first = new double[(int)dims[0]];
                for (var i = 0; i < first.Length; i++) first[i] = flat[i * columns];
                flat = first;
            }
            else if (dims.Length > 2)
            {
                throw new DataFormatException(source, $"'{name}' has {dims.Length} dimensions; expected a 1-D series");
            }
            foreach (var x in flat)
                if (!double.IsFinite(x)) throw new DataFormatException(source, $"'{name}' contains {x}; every sample must be a finite number");
            return flat;
        }
        catch (Exception e) when (e is not DataFormatException)
        {
            throw new DataFormatException(source, $"cannot read '{name}': {e.Message}", e);
        }
    }

    private static double[] ReadIntegers(IH5Dataset dataset, int size, bool signed) => (size, signed) switch
    {
        (1, true) => Array.ConvertAll(dataset.Read<sbyte[]>(), x => (double)x),
        (1, false) => Array.ConvertAll(dataset.Read<byte[]>(), x => (double)x),
        (2, true) => Array.ConvertAll(dataset.Read<short[]>(), x => (double)x),
        (2, false) => Array.ConvertAll(dataset.Read<ushort[]>(), x => (double)x),
        (4, true) => Array.ConvertAll(dataset.Read<int[]>(), x => (double)x),
        (4, false) => Array.ConvertAll(dataset.Read<uint[]>(), x => (double)x),
        (8, true) => Array.ConvertAll(dataset.Read<long[]>(), x => (double)x),
        _ => Array.ConvertAll(dataset.Read<ulong[]>(), x => (double)x),
    };

    private static double? NumberAttribute(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name)) return null;
        var a = owner.Attribute(name);
        return (a.Type.Class, a.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 8) => a.Read<double>(),
            (H5DataTypeClass.FloatingPoint, 4) => a.Read<float>(),
            (H5DataTypeClass.FixedPoint, 8) => a.Read<long>(),
            (H5DataTypeClass.FixedPoint, 4) => a.Read<int>(),
            (H5DataTypeClass.FixedPoint, 2) => a.Read<short>(),
            _ => null,
        };
    }

    private static string? StringAttribute(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name)) return null;
        var a = owner.Attribute(name);
        return a.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength ? a.Read<string>() : null;
    }
}
