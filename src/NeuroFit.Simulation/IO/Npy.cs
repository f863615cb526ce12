using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NeuroFit.Simulation.IO;

/// <summary>
/// Reads and writes numpy's .npy format (versions 1.0, 2.0 and 3.0; float64, float32, int64, int32 and bool; C or
/// Fortran order; any number of dimensions). Files are written little-endian with the header padded to 64 bytes, as
/// numpy writes them; big-endian files are read too.
/// </summary>
public static class Npy
{
    /// <summary>Writes <paramref name="array"/> to a new file (overwriting it).</summary>
    public static void Write(string path, NpyArray array, NpyWriteOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Write(stream, array, options);
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="stream"/> at its current position.</summary>
    public static void Write(Stream stream, NpyArray array, NpyWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        options ??= new NpyWriteOptions();
        var fortran = options.FortranOrder && array.Rank > 1;
        stream.Write(NpyHeader.Encode(array.DType, fortran, array.Shape, options.Version));
        switch (array.Data)
        {
            case double[] d: WriteElements(stream, fortran ? ArrayOrder.CToFortran(d, array.Shape) : d); break;
            case float[] f: WriteElements(stream, fortran ? ArrayOrder.CToFortran(f, array.Shape) : f); break;
            case long[] l: WriteElements(stream, fortran ? ArrayOrder.CToFortran(l, array.Shape) : l); break;
            case int[] i: WriteElements(stream, fortran ? ArrayOrder.CToFortran(i, array.Shape) : i); break;
            case bool[] b:
                var bytes = new byte[b.Length];
                var source = fortran ? ArrayOrder.CToFortran(b, array.Shape) : b;
                for (var k = 0; k < source.Length; k++) bytes[k] = source[k] ? (byte)1 : (byte)0;
                stream.Write(bytes);
                break;
            default: throw new InvalidOperationException("unreachable: unsupported element type");
        }
    }

    /// <summary>Serialises <paramref name="array"/> to a byte array (the content of a .npy file).</summary>
    public static byte[] ToBytes(NpyArray array, NpyWriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        Write(ms, array, options);
        return ms.ToArray();
    }

    /// <summary>Reads a .npy file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NpyFormatException">The file is not a supported .npy file; the message names the file.</exception>
    public static NpyArray Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads one .npy array from <paramref name="stream"/>; <paramref name="sourceName"/> names it in error
    /// messages.</summary>
    /// <exception cref="NpyFormatException">The data are not a supported .npy array.</exception>
    public static NpyArray Read(Stream stream, string sourceName = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = NpyHeader.Read(stream, sourceName);
        var count = header.Count;
        if (count > Array.MaxLength)
            throw new NpyFormatException(sourceName, $"array of {count} elements is too large to load");
        var n = (int)count;
        Array data = header.DType switch
        {
            NpyDType.Float64 => ReadElements<double>(stream, n, header, sourceName),
            NpyDType.Float32 => ReadElements<float>(stream, n, header, sourceName),
            NpyDType.Int64 => ReadElements<long>(stream, n, header, sourceName),
            NpyDType.Int32 => ReadElements<int>(stream, n, header, sourceName),
            NpyDType.Bool => ReadBools(stream, n, header, sourceName),
            _ => throw new InvalidOperationException("unreachable"),
        };
        return new NpyArray(data, header.Shape);
    }

    private static void WriteElements<T>(Stream stream, T[] data) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        var copy = (T[])data.Clone();
        SwapBytes(copy.AsSpan());
        stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    private static T[] ReadElements<T>(Stream stream, int n, NpyHeader header, string source) where T : unmanaged
    {
        var data = new T[n];
        var bytes = MemoryMarshal.AsBytes(data.AsSpan());
        NpyHeader.ReadExactly(stream, bytes, source, $"the data of shape ({string.Join(", ", header.Shape)})");
        if (header.BigEndian == BitConverter.IsLittleEndian) SwapBytes(data.AsSpan());
        return header.FortranOrder ? ArrayOrder.FortranToC(data, header.Shape) : data;
    }

    private static bool[] ReadBools(Stream stream, int n, NpyHeader header, string source)
    {
        var bytes = new byte[n];
        NpyHeader.ReadExactly(stream, bytes, source, $"the data of shape ({string.Join(", ", header.Shape)})");
        var data = new bool[n];
        for (var i = 0; i < n; i++) data[i] = bytes[i] != 0;
        return header.FortranOrder ? ArrayOrder.FortranToC(data, header.Shape) : data;
    }

    private static void SwapBytes<T>(Span<T> span) where T : unmanaged
    {
        if (typeof(T) == typeof(double) || typeof(T) == typeof(long))
        {
            var s = MemoryMarshal.Cast<T, long>(span);
            BinaryPrimitives.ReverseEndianness(s, s);
        }
        else if (typeof(T) == typeof(float) || typeof(T) == typeof(int))
        {
            var s = MemoryMarshal.Cast<T, int>(span);
            BinaryPrimitives.ReverseEndianness(s, s);
        }
    }
}
