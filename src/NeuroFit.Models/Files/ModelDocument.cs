using NeuroFit.Models.Analysis;

namespace NeuroFit.Models.Files;

/// <summary>
/// Where a block's text sits in its model file: block line k is file line FirstLine + k − 1 and columns shift by
/// ColumnOffset; or, for text generated from a YAML mapping, line k maps to the fixed position Lines[k − 1]; or, for a
/// scalar whose lines YAML joined or that holds escapes, each character has its own position in Characters.
/// </summary>
internal sealed record BlockOrigin(int FirstLine, int ColumnOffset, IReadOnlyList<(int Line, int Column)>? Lines = null,
    IReadOnlyList<IReadOnlyList<(int Line, int Column)>>? Characters = null)
{
    public (int Line, int Column) Map(int line, int column)
    {
        if (Characters is { Count: > 0 })
        {
            // per character (a scalar whose lines YAML joined, or with escapes); past the end: count on from the last one
            var chars = Characters[Math.Clamp(line - 1, 0, Characters.Count - 1)];
            if (column >= 1 && column <= chars.Count) return chars[column - 1];
            if (chars.Count > 0 && column > chars.Count) return (chars[^1].Line, chars[^1].Column + column - chars.Count);
        }
        if (Lines is null) return (FirstLine + line - 1, ColumnOffset + column);
        return Lines.Count == 0 ? (FirstLine, ColumnOffset + 1) : Lines[Math.Clamp(line - 1, 0, Lines.Count - 1)];
    }
}

/// <summary>
/// A model loaded from a file: the <see cref="NeuronModel"/> plus the position of each block in the file, so that
/// mistakes are reported as <c>FILE:LINE:COL</c>.
/// </summary>
public sealed class ModelDocument
{
    private readonly IReadOnlyDictionary<string, BlockOrigin> _origins;

    internal ModelDocument(string path, NeuronModel model, IReadOnlyDictionary<string, BlockOrigin> origins)
    {
        Path = path;
        Model = model;
        _origins = origins;
    }

    /// <summary>The file path as given (used in diagnostics).</summary>
    public string Path { get; }

    /// <summary>The model the file describes.</summary>
    public NeuronModel Model { get; }

    /// <summary>Parses and checks the model; a <see cref="ModelException"/> carries file-relative positions.</summary>
    public AnalysedModel Analyse()
    {
        try
        {
            var model = Model.Analyse();
            // in file order: the analysis finds them phase by phase, which listed line 7 before line 6
            return model.Warnings.IsEmpty ? model : model with
            {
                Warnings = [.. model.Warnings.Select(LocateWarning).Select((w, i) => (w, i)).OrderBy(x => FilePosition(x.w)).ThenBy(x => x.i).Select(x => x.w)],
            };
        }
        catch (ModelException e)
        {
            throw Locate(e);
        }
    }

    /// <summary>The same exception with every diagnostic's <see cref="ModelDiagnostic.File"/> position filled in.</summary>
    public ModelException Locate(ModelException exception) =>
        new([.. exception.Diagnostics.Select(Locate)]);

    /// <summary>Rewrites a warning's <c>block:line:col:</c> prefix to <c>file:line:col:</c>.</summary>
    private string LocateWarning(string warning)
    {
        var match = System.Text.RegularExpressions.Regex.Match(warning, @"^(\w+):(\d+):(\d+): (.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (!match.Success || !_origins.TryGetValue(match.Groups[1].Value, out var origin)) return warning;
        var (line, column) = origin.Map(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        return $"{Path}:{line}:{column}: {match.Groups[4].Value}";
    }

    /// <summary>(line, column) of a located warning, for sorting; warnings that could not be located come last.</summary>
    private (int, int) FilePosition(string warning)
    {
        if (!warning.StartsWith(Path + ":", StringComparison.Ordinal)) return (int.MaxValue, 0);
        var parts = warning[(Path.Length + 1)..].Split(':', 3);
        return parts.Length == 3 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var line)
            && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var column)
            ? (line, column)
            : (int.MaxValue, 0);
    }

    private ModelDiagnostic Locate(ModelDiagnostic d)
    {
        if (d.File is not null) return d;
        if (!_origins.TryGetValue(d.Block, out var origin)) return d with { File = Path, FileLine = 1, FileColumn = 1 };
        var (line, column) = origin.Map(d.Line, d.Column);
        return d with { File = Path, FileLine = line, FileColumn = column };
    }
}
