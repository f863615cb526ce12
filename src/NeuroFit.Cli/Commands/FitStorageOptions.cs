using System.CommandLine;

namespace NeuroFit.Cli;

/// <summary>The study options of <c>neurofit fit</c>: where the trials are kept and under which name, so a killed or
/// extended fit continues (docs/scaling.md).</summary>
internal static class FitStorageOptions
{
    public static (Option<string?> Storage, Option<string?> Study) Create() =>
    (
        new Option<string?>("--storage")
        {
            Description = "Study storage: sqlite:PATH, postgresql://user@host:port/db or memory (default: sqlite:<run folder>/study.db). " +
                          "An existing study of the same name is continued.",
        },
        StudyName(new Option<string?>("--study") { Description = "Study name in the storage (default: the config's name)." })
    );

    /// <summary>Refuses an empty or blank <c>--study</c> (the storage rejected it with an ArgumentException stack trace).</summary>
    public static T StudyName<T>(T option) where T : Option
    {
        option.Validators.Add(result =>
        {
            var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (token is not null && string.IsNullOrWhiteSpace(token)) result.AddError("--study: a study name must not be empty");
        });
        return option;
    }
}
