using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Syntax;

/// <summary>An immutable expression tree node with its span in the block text.</summary>
internal abstract record ExpressionSyntax(TextSpan Span)
{
    /// <summary>Height of the tree (a leaf is 1); bounded by the parser so later recursive passes are safe.</summary>
    public abstract int Depth { get; }
}

/// <summary>A numeric literal; <paramref name="IsInteger"/> when written without a dot or exponent.</summary>
internal sealed record NumberSyntax(TextSpan Span, double Value, bool IsInteger) : ExpressionSyntax(Span)
{
    public override int Depth => 1;
}

/// <summary><c>True</c>/<c>False</c>.</summary>
internal sealed record BoolSyntax(TextSpan Span, bool Value) : ExpressionSyntax(Span)
{
    public override int Depth => 1;
}

/// <summary>An identifier.</summary>
internal sealed record NameSyntax(TextSpan Span, string Name) : ExpressionSyntax(Span)
{
    public override int Depth => 1;
}

/// <summary><c>dX/dt</c>.</summary>
internal sealed record DerivativeSyntax(TextSpan Span, string Variable) : ExpressionSyntax(Span)
{
    public override int Depth => 1;
}

/// <summary>Unary minus or logical not (unary plus is dropped by the parser).</summary>
internal sealed record UnarySyntax(TextSpan Span, UnaryOp Op, ExpressionSyntax Operand) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = Operand.Depth + 1;
}

/// <summary>A binary operation; <paramref name="OperatorSpan"/> locates the operator token.</summary>
internal sealed record BinarySyntax(TextSpan Span, BinaryOp Op, TextSpan OperatorSpan, ExpressionSyntax Left, ExpressionSyntax Right)
    : ExpressionSyntax(Span)
{
    public override int Depth { get; } = Math.Max(Left.Depth, Right.Depth) + 1;
}

/// <summary>A call <c>name(args)</c>: built-in, user function, distribution, <c>sum()</c>, <c>ite()</c> or global operation.</summary>
internal sealed record CallSyntax(TextSpan Span, NameSyntax Function, ImmutableArray<ExpressionSyntax> Arguments) : ExpressionSyntax(Span)
{
    public override int Depth { get; } = (Arguments.IsDefaultOrEmpty ? 0 : Arguments.Max(a => a.Depth)) + 1;
}

/// <summary><c>if Condition: WhenTrue else: WhenFalse</c>.</summary>
internal sealed record ConditionalSyntax(TextSpan Span, ExpressionSyntax Condition, ExpressionSyntax WhenTrue, ExpressionSyntax WhenFalse)
    : ExpressionSyntax(Span)
{
    public override int Depth { get; } = Math.Max(Condition.Depth, Math.Max(WhenTrue.Depth, WhenFalse.Depth)) + 1;
}
