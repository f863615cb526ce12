namespace NeuroFit.Data;

/// <summary>
/// A data file that cannot be used as it is: unreadable format, missing column or key, non-numeric or non-finite
/// values, missing sampling information, or a length that does not match the experiment. The message names the file
/// and says what is expected.
/// </summary>
public sealed class DataFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file (and, where it helps, the column, key or series) the problem is in.</param>
    /// <param name="message">What is wrong and what is expected.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DataFormatException(string file, string message, Exception? inner = null)
        : base($"{file}: {message}", inner)
    {
        File = file;
    }

    /// <summary>The file the problem is in.</summary>
    public string File { get; }
}

internal static class DataErrors
{
    /// <summary>The same problem as a <see cref="DataFormatException"/> (keeping the file/entry it names).</summary>
    public static DataFormatException From(NeuroFit.Simulation.IO.NpyFormatException e) =>
        new(e.SourceName, e.Message.Length > e.SourceName.Length + 2 ? e.Message[(e.SourceName.Length + 2)..] : e.Message, e);
}
