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

/// <summary>
/// Parsers for numeric options whose errors say what was expected (<c>--max-evals: 'abc' is not a whole number</c>)
/// instead of System.CommandLine's .NET type names.
/// </summary>
internal static class NumberOption
{
    /// <summary>Parses the option's single token as <typeparamref name="T"/>; <paramref name="expected"/> completes "is not …".</summary>
    public static Func<System.CommandLine.Parsing.ArgumentResult, T> Parser<T>(string expected) where T : struct, ISpanParsable<T> =>
        result => Parse<T>(result, expected) ?? default;

    /// <summary>The same for an optional value.</summary>
    public static Func<System.CommandLine.Parsing.ArgumentResult, T?> NullableParser<T>(string expected) where T : struct, ISpanParsable<T> =>
        result => Parse<T>(result, expected);

    private static T? Parse<T>(System.CommandLine.Parsing.ArgumentResult result, string expected) where T : struct, ISpanParsable<T>
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (T.TryParse(token, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        var option = result.Parent is System.CommandLine.Parsing.OptionResult o ? o.Option.Name : result.Argument.Name;
        result.AddError($"{option}: '{token}' is not {expected}");
        return null;
    }
}
