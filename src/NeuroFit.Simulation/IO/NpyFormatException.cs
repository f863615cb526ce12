namespace NeuroFit.Simulation.IO;

/// <summary>
/// A .npy or .npz file that cannot be read (bad magic, unsupported dtype, truncated data, …) or an array that cannot be
/// written. The message names the file (or archive entry) and what was expected.
/// </summary>
public sealed class NpyFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path or archive entry the problem is in.</param>
    /// <param name="message">What is wrong and what is expected.</param>
    public NpyFormatException(string source, string message)
        : base($"{source}: {message}")
    {
        SourceName = source;
    }

    /// <summary>The file path or archive entry the problem is in.</summary>
    public string SourceName { get; }
}
