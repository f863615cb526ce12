namespace NeuroFit.Models.Text;

/// <summary>Collects located errors and warnings while a model is parsed and checked.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<ModelDiagnostic> _errors = [];
    private readonly List<string> _warnings = [];

    public bool HasErrors => _errors.Count > 0;

    public int ErrorCount => _errors.Count;

    public IReadOnlyList<ModelDiagnostic> Errors => _errors;

    public IReadOnlyList<string> Warnings => _warnings;

    public void Error(SourceBlock block, TextSpan span, string id, string message) => Error(block, span.Start, id, message);

    public void Error(SourceBlock block, int offset, string id, string message)
    {
        var diagnostic = Create(block, offset, id, message);
        if (!_errors.Contains(diagnostic)) _errors.Add(diagnostic);
    }

    public void Warning(SourceBlock block, TextSpan span, string id, string message)
    {
        var (line, column) = block.Position(span.Start);
        var text = $"{block.Name}:{line}:{column}: warning {id}: {message}";
        if (!_warnings.Contains(text)) _warnings.Add(text);
    }

    public void Add(ModelDiagnostic diagnostic) => _errors.Add(diagnostic);

    public void ThrowIfErrors()
    {
        if (_errors.Count > 0) throw new ModelException([.. _errors]);
    }

    public static ModelDiagnostic Create(SourceBlock block, int offset, string id, string message)
    {
        var (line, column) = block.Position(offset);
        return new ModelDiagnostic(id, message, block.Name, line, column, block.LineText(line));
    }
}
