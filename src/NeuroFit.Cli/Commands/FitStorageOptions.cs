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
        new Option<string?>("--study") { Description = "Study name in the storage (default: the config's name)." }
    );
}
