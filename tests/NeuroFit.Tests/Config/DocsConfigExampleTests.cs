using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.Config;

/// <summary>The annotated example at the top of docs/config.md is a config that loads and passes every check.</summary>
public class DocsConfigExampleTests
{
    internal static string DocsFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"docs/{name} not found above the test binaries");
    }

    /// <summary>The fenced ```yaml blocks of a markdown file, in order.</summary>
    internal static IReadOnlyList<string> YamlBlocks(string markdownPath)
    {
        var blocks = new List<string>();
        var lines = File.ReadAllLines(markdownPath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```yaml") continue;
            var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            blocks.Add(string.Join("\n", lines[(i + 1)..end]));
            i = end;
        }
        return blocks;
    }

    [Fact]
    public void TheAnnotatedExampleLoadsAndPassesEveryCheck()
    {
        var example = YamlBlocks(DocsFile("config.md"))[0];
        using var files = new TempFiles();
        var config = FitConfigLoader.Load(files.Write("config.yaml", example));
        var fit = ConfiguredFit.Prepare(config); // resolves both models, checks the experiment, loss and parameters
        Assert.Equal(["C", "k"], config.Parameters.OptimisedNames);
        Assert.NotNull(fit);
    }
}
