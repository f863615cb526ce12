namespace NeuroFit.Models;

/// <summary>A mistake in model text, located in a block of the model (1-based line and column within that block).</summary>
/// <param name="Id">Stable diagnostic id, e.g. <c>NF1003</c> (catalogue in docs/model-language.md).</param>
/// <param name="Message">What is wrong, and how to fix it.</param>
/// <param name="Block">Block of the model: parameters, equations, spike, reset, refractory or functions (or <c>file</c>).</param>
/// <param name="Line">1-based line within the block text.</param>
/// <param name="Column">1-based column within that line.</param>
/// <param name="SourceLine">The offending line as written.</param>
public sealed record ModelDiagnostic(string Id, string Message, string Block, int Line, int Column, string SourceLine)
{
    /// <summary>Model file the block came from, when the model was loaded from a file; otherwise null.</summary>
    public string? File { get; init; }

    /// <summary>1-based line in <see cref="File"/> (0 when there is no file).</summary>
    public int FileLine { get; init; }

    /// <summary>1-based column in <see cref="File"/> (0 when there is no file).</summary>
    public int FileColumn { get; init; }

    /// <summary>The one-line form: <c>FILE:LINE:COL: error ID: message</c>, or <c>BLOCK:LINE:COL: …</c> without a file.</summary>
    public override string ToString() => File is null
        ? $"{Block}:{Line}:{Column}: error {Id}: {Message}"
        : $"{File}:{FileLine}:{FileColumn}: error {Id}: {Message}";
}

/// <summary>Thrown for every user mistake in model text; carries one or more located diagnostics.</summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception from its diagnostics (at least one).</summary>
    public ModelException(IReadOnlyList<ModelDiagnostic> diagnostics)
        : base(Format(diagnostics))
    {
        if (diagnostics.Count == 0) throw new ArgumentException("at least one diagnostic is required", nameof(diagnostics));
        Diagnostics = diagnostics;
    }

    /// <summary>All diagnostics, the first being the most relevant.</summary>
    public IReadOnlyList<ModelDiagnostic> Diagnostics { get; }

    /// <summary>The first diagnostic.</summary>
    public ModelDiagnostic First => Diagnostics[0];

    private static string Format(IReadOnlyList<ModelDiagnostic> diagnostics)
    {
        if (diagnostics.Count == 0) return "invalid model";
        var d = diagnostics[0];
        var caret = new string(' ', Math.Max(0, d.Column - 1)) + "^";
        var text = $"{d}\n    {d.SourceLine}\n    {caret}";
        if (diagnostics.Count > 1) text += $"\n({diagnostics.Count - 1} more error{(diagnostics.Count > 2 ? "s" : "")})";
        return text;
    }
}
