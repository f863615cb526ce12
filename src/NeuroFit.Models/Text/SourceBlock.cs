namespace NeuroFit.Models.Text;

/// <summary>
/// The text of one block of a model (parameters, equations, spike, reset, refractory, functions) with its line table.
/// Offsets are 0-based; lines and columns are computed on demand and reported 1-based.
/// </summary>
internal sealed class SourceBlock
{
    private readonly int[] _lineStarts;

    public SourceBlock(string name, string text)
    {
        Name = name;
        Text = text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    /// <summary>Block name as used in diagnostics: parameters, equations, spike, reset, refractory or functions.</summary>
    public string Name { get; }

    public string Text { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>1-based line and column of <paramref name="offset"/> (an offset at the end maps past the last character).</summary>
    public (int Line, int Column) Position(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        var index = Array.BinarySearch(_lineStarts, offset);
        if (index < 0) index = ~index - 1;
        return (index + 1, offset - _lineStarts[index] + 1);
    }

    /// <summary>The text of 1-based line <paramref name="line"/>, without its line break.</summary>
    public string LineText(int line)
    {
        if (line < 1 || line > _lineStarts.Length) return "";
        var start = _lineStarts[line - 1];
        var end = line < _lineStarts.Length ? _lineStarts[line] - 1 : Text.Length;
        return Text[start..end].TrimEnd('\r');
    }

    public string Slice(TextSpan span) => Text.Substring(span.Start, Math.Min(span.Length, Text.Length - span.Start));
}
