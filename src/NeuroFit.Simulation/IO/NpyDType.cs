namespace NeuroFit.Simulation.IO;

/// <summary>Element types NeuroFit reads and writes in .npy files (numpy dtype names in brackets).</summary>
public enum NpyDType
{
    /// <summary>64-bit IEEE float (<c>float64</c>, descr <c>&lt;f8</c>); stored as <see cref="double"/>.</summary>
    Float64,
    /// <summary>32-bit IEEE float (<c>float32</c>, descr <c>&lt;f4</c>); stored as <see cref="float"/>.</summary>
    Float32,
    /// <summary>64-bit signed integer (<c>int64</c>, descr <c>&lt;i8</c>); stored as <see cref="long"/>.</summary>
    Int64,
    /// <summary>32-bit signed integer (<c>int32</c>, descr <c>&lt;i4</c>); stored as <see cref="int"/>.</summary>
    Int32,
    /// <summary>Boolean, one byte per element (<c>bool</c>, descr <c>|b1</c>); stored as <see cref="bool"/>.</summary>
    Bool,
}

/// <summary>Facts about each <see cref="NpyDType"/>: element size, .NET type and numpy descr.</summary>
internal static class NpyDTypes
{
    public static int Size(NpyDType t) => t switch
    {
        NpyDType.Float64 or NpyDType.Int64 => 8,
        NpyDType.Float32 or NpyDType.Int32 => 4,
        NpyDType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static Type ElementType(NpyDType t) => t switch
    {
        NpyDType.Float64 => typeof(double),
        NpyDType.Float32 => typeof(float),
        NpyDType.Int64 => typeof(long),
        NpyDType.Int32 => typeof(int),
        NpyDType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static NpyDType? FromElementType(Type type) =>
        type == typeof(double) ? NpyDType.Float64
        : type == typeof(float) ? NpyDType.Float32
        : type == typeof(long) ? NpyDType.Int64
        : type == typeof(int) ? NpyDType.Int32
        : type == typeof(bool) ? NpyDType.Bool
        : null;

    /// <summary>The little-endian descr NeuroFit writes.</summary>
    public static string Descr(NpyDType t) => t switch
    {
        NpyDType.Float64 => "<f8",
        NpyDType.Float32 => "<f4",
        NpyDType.Int64 => "<i8",
        NpyDType.Int32 => "<i4",
        NpyDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Parses a numpy descr string; returns the type and whether the data are big-endian.</summary>
    public static bool TryParseDescr(string descr, out NpyDType type, out bool bigEndian)
    {
        type = default;
        bigEndian = false;
        if (descr.Length < 2) return false;
        var order = descr[0];
        var code = descr[1..];
        if (order is not ('<' or '>' or '|' or '=')) return false;
        bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        switch (code)
        {
            case "f8": type = NpyDType.Float64; return true;
            case "f4": type = NpyDType.Float32; return true;
            case "i8": type = NpyDType.Int64; return true;
            case "i4": type = NpyDType.Int32; return true;
            case "b1": type = NpyDType.Bool; bigEndian = false; return true;
            default: return false;
        }
    }
}
