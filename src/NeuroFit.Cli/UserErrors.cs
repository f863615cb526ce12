namespace NeuroFit.Cli;

/// <summary>Decides which exceptions are user mistakes (exit code 2, one readable line) rather than bugs.</summary>
internal static class UserErrors
{
    // User-error exception types thrown by the libraries, by simple name. Bugs are anything else and crash.
    private static readonly HashSet<string> UserErrorTypes =
    [
        "CliUsageException",
        "ConfigException",
        "DataFormatException",
        "FitConfigurationException",
        "InferenceException",
        "LossException",
        "ModelException",
        "NpyFormatException",
        "PosteriorSamplingException",
        "SearchSpaceException",
        "SimulationException",
        "StorageBusyException",
        "StudyExistsException",
        "StudyNotFoundException",
        "StudyStorageException",
    ];

    public static bool IsUserError(Exception e) =>
        UserErrorTypes.Contains(e.GetType().Name) || e is FileNotFoundException || e is DirectoryNotFoundException;

    /// <summary>The message collapsed to one line (the first line carries location and cause).</summary>
    public static string OneLine(Exception e)
    {
        var message = e.Message;
        var newline = message.IndexOf('\n');
        return newline < 0 ? message : message[..newline].TrimEnd();
    }
}

/// <summary>A mistake in how the command was called (bad option combination, unreadable input).</summary>
public sealed class CliUsageException(string message) : Exception(message);
