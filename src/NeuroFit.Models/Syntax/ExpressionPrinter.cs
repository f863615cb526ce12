using System.Globalization;
using System.Text;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Models.Syntax;

/// <summary>
/// Prints an expression tree as model text with the fewest parentheses that keep its structure:
/// parsing the printed text gives back an equivalent tree (<see cref="SyntaxEquivalence"/>).
/// </summary>
internal static class ExpressionPrinter
{
    private const int ConditionalLevel = 0;
    private const int OrLevel = 1;
    private const int AndLevel = 2;
    private const int NotLevel = 3;
    private const int ComparisonLevel = 4;
    private const int SumLevel = 5;
    private const int TermLevel = 6;
    private const int UnaryLevel = 7;
    private const int PowerLevel = 8;
    private const int PrimaryLevel = 9;

    public static string Print(ExpressionSyntax expression)
    {
        var builder = new StringBuilder();
        Write(builder, expression, ConditionalLevel);
        return builder.ToString();
    }

    public static string FormatNumber(double value, bool isInteger)
    {
        if (isInteger) return value.ToString("0", CultureInfo.InvariantCulture);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text.Contains('e') ? text : text + ".0";
    }

    private static void Write(StringBuilder builder, ExpressionSyntax node, int minimumLevel)
    {
        var level = Level(node);
        var parenthesise = level < minimumLevel;
        if (parenthesise) builder.Append('(');
        switch (node)
        {
            case NumberSyntax number:
                builder.Append(FormatNumber(number.Value, number.IsInteger));
                break;
            case BoolSyntax boolean:
                builder.Append(boolean.Value ? "True" : "False");
                break;
            case NameSyntax name:
                builder.Append(name.Name);
                break;
            case DerivativeSyntax derivative:
                builder.Append('d').Append(derivative.Variable).Append("/dt");
                break;
            case UnarySyntax { Op: UnaryOp.Not } not:
                builder.Append("not ");
                Write(builder, not.Operand, NotLevel);
                break;
            case UnarySyntax negate:
                builder.Append('-');
                var start = builder.Length;
                Write(builder, negate.Operand, UnaryLevel);
                if (builder.Length > start && builder[start] == '-') builder.Insert(start, ' ');
                break;
            case BinarySyntax binary:
                WriteBinary(builder, binary);
                break;
            case CallSyntax call:
                builder.Append(call.Function.Name).Append('(');
                for (var i = 0; i < call.Arguments.Length; i++)
                {
                    if (i > 0) builder.Append(", ");
                    Write(builder, call.Arguments[i], ConditionalLevel);
                }
                builder.Append(')');
                break;
            case ConditionalSyntax conditional:
                builder.Append("if ");
                Write(builder, conditional.Condition, OrLevel);
                builder.Append(": ");
                Write(builder, conditional.WhenTrue, ConditionalLevel);
                builder.Append(" else: ");
                Write(builder, conditional.WhenFalse, ConditionalLevel);
                break;
            default:
                throw new InvalidOperationException($"unknown syntax node {node.GetType().Name}");
        }
        if (parenthesise) builder.Append(')');
    }

    private static void WriteBinary(StringBuilder builder, BinarySyntax binary)
    {
        var level = Level(binary);
        var (leftLevel, rightLevel) = binary.Op switch
        {
            BinaryOp.Power => (PrimaryLevel, UnaryLevel),
            BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual
                or BinaryOp.Equal or BinaryOp.NotEqual => (SumLevel, SumLevel),
            BinaryOp.And => (AndLevel, NotLevel),
            _ => (level, level + 1),
        };
        Write(builder, binary.Left, leftLevel);
        builder.Append(' ').Append(OperatorText(binary.Op)).Append(' ');
        Write(builder, binary.Right, rightLevel);
    }

    public static string OperatorText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Modulo => "%",
        BinaryOp.Power => "**",
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.Equal => "==",
        BinaryOp.NotEqual => "!=",
        BinaryOp.And => "and",
        BinaryOp.Or => "or",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static int Level(ExpressionSyntax node) => node switch
    {
        ConditionalSyntax => ConditionalLevel,
        UnarySyntax { Op: UnaryOp.Not } => NotLevel,
        UnarySyntax => UnaryLevel,
        BinarySyntax binary => binary.Op switch
        {
            BinaryOp.Or => OrLevel,
            BinaryOp.And => AndLevel,
            BinaryOp.Add or BinaryOp.Subtract => SumLevel,
            BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Modulo => TermLevel,
            BinaryOp.Power => PowerLevel,
            _ => ComparisonLevel,
        },
        _ => PrimaryLevel,
    };
}
