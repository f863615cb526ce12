namespace NeuroFit.Config;

/// <summary>
/// A mistake in a fit configuration file. <see cref="KeyPath"/> names the entry
/// (<c>experiment.chunks[1].phases[0].duration</c>) and the message says what is expected.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigException(string file, string keyPath, string problem, int line = 0)
        : base(Format(file, keyPath, problem, line))
    {
        File = file;
        KeyPath = keyPath;
        Problem = problem;
        Line = line;
    }

    /// <summary>The configuration file.</summary>
    public string File { get; }

    /// <summary>Dotted path of the offending entry (empty for the whole file).</summary>
    public string KeyPath { get; }

    /// <summary>What is wrong and what is expected.</summary>
    public string Problem { get; }

    /// <summary>1-based line in the file, or 0 when unknown.</summary>
    public int Line { get; }

    private static string Format(string file, string keyPath, string problem, int line)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return string.IsNullOrEmpty(keyPath) ? $"{where}: {problem}" : $"{where}: {keyPath}: {problem}";
    }
}
