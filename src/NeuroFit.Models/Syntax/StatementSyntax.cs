using System.Collections.Immutable;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Syntax;

/// <summary>The assignment operator of a statement.</summary>
internal enum AssignmentKind
{
    Assign,
    AddAssign,
    SubtractAssign,
    MultiplyAssign,
    DivideAssign,
}

/// <summary>One flag after the last <c>:</c>: a bare word (<c>population</c>) or a bound (<c>init = expr</c>).</summary>
internal sealed record FlagSyntax(TextSpan Span, string Name, TextSpan NameSpan, ExpressionSyntax? Value);

/// <summary>
/// One statement of a block: <c>Left [op Right] [: flags]</c>. In spike and refractory blocks there is no assignment
/// and <see cref="Left"/> holds the whole expression.
/// </summary>
internal sealed record StatementSyntax(
    TextSpan Span,
    ExpressionSyntax Left,
    AssignmentKind? Assignment,
    TextSpan AssignmentSpan,
    ExpressionSyntax? Right,
    ImmutableArray<FlagSyntax> Flags);

/// <summary>A parsed block: its source and its statements in order.</summary>
internal sealed record BlockSyntax(SourceBlock Source, ImmutableArray<StatementSyntax> Statements);
