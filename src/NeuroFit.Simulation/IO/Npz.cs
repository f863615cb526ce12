using System.IO.Compression;

namespace NeuroFit.Simulation.IO;

/// <summary>
/// Reads and writes numpy's .npz archives: a zip file holding one <c>&lt;name&gt;.npy</c> entry per array, as
/// <c>numpy.savez</c> (stored) and <c>numpy.savez_compressed</c> (deflated) write them. Names may contain <c>/</c> and
/// <c>;</c> (e.g. <c>chunk0/pop;v</c>): numpy maps key <c>k</c> to the entry <c>k.npy</c> and back, unchanged.
/// </summary>
public static class Npz
{
    // Fixed entry time so that the same arrays always give the same bytes (zip's earliest date).
    private static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes the arrays, in the given order, to a new .npz file (overwriting it).</summary>
    /// <param name="path">File to write.</param>
    /// <param name="arrays">Name → array; names must be unique and non-empty.</param>
    /// <param name="compressed">Deflate the entries (<c>savez_compressed</c>) instead of storing them (<c>savez</c>).</param>
    /// <exception cref="ArgumentException">An empty or repeated name.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        // names are checked before the file is created, so a bad name does not leave a truncated archive behind
        var list = arrays.ToList();
        CheckNames(list);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        Write(stream, list, compressed);
    }

    private static void CheckNames(IEnumerable<KeyValuePair<string, NpyArray>> arrays)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in arrays)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("an .npz array name must not be empty", nameof(arrays));
            if (!seen.Add(name)) throw new ArgumentException($"the array name '{name}' appears twice", nameof(arrays));
        }
    }

    /// <summary>Writes the arrays as a .npz archive to <paramref name="stream"/> (left open).</summary>
    /// <inheritdoc cref="Write(string, IEnumerable{KeyValuePair{string, NpyArray}}, bool)"/>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compressed = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        var list = arrays as IReadOnlyCollection<KeyValuePair<string, NpyArray>> ?? arrays.ToList();
        CheckNames(list);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, array) in list)
        {
            var entry = zip.CreateEntry(name + ".npy", compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = EntryTime;
            using var entryStream = entry.Open();
            Npy.Write(entryStream, array);
        }
    }

    /// <summary>Reads every array of a .npz file, in archive order. Entries not ending in <c>.npy</c> are ignored.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="NpyFormatException">Not a zip archive, or an entry is not a supported .npy array; the message
    /// names the file and entry.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads every array of a .npz archive from <paramref name="stream"/>; <paramref name="sourceName"/> names
    /// it in error messages.</summary>
    /// <inheritdoc cref="Read(string)"/>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string sourceName = "stream")
    {
        ArgumentNullException.ThrowIfNull(stream);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new NpyFormatException(sourceName, $"not a .npz (zip) archive: {e.Message}");
        }
        using (zip)
        {
            var result = new OrderedDictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                var name = entry.FullName[..^4];
                var source = $"{sourceName}[{name}]";
                try
                {
                    using var entryStream = entry.Open();
                    result[name] = Npy.Read(entryStream, source);
                }
                catch (InvalidDataException e)
                {
                    throw new NpyFormatException(source, $"damaged zip entry: {e.Message}");
                }
            }
            return result;
        }
    }
}
