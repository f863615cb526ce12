using System.Globalization;
using System.Text;

namespace NeuroFit.Models.Analysis;

/// <summary>Prints lowered expressions in the model language, with attribute names, for reports and tests.</summary>
public static class ExFormatter
{
    /// <summary>Model-language text of <paramref name="expression"/>; names come from <paramref name="model"/>.</summary>
    public static string Format(Ex expression, AnalysedModel model)
    {
        var builder = new StringBuilder();
        Write(builder, expression, model, 0);
        return builder.ToString();
    }

    /// <summary>A number as the model language writes it (integers without a dot, floats round-trip exact).</summary>
    public static string FormatNumber(double value, ValueType type) => type switch
    {
        ValueType.Bool => value != 0 ? "True" : "False",
        ValueType.Int => value.ToString("0", CultureInfo.InvariantCulture),
        _ => FloatText(value),
    };

    private static string FloatText(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') || text.Contains("Infinity") || text.Contains("NaN") ? text : text + ".0";
    }

    private static int Level(Ex e) => e switch
    {
        BinaryEx b => b.Op switch
        {
            BinaryOp.Or => 1,
            BinaryOp.And => 2,
            BinaryOp.Add or BinaryOp.Subtract => 5,
            BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Modulo => 6,
            BinaryOp.Power => 8,
            _ => 4,
        },
        UnaryEx { Op: UnaryOp.Not } => 3,
        UnaryEx => 7,
        ConstEx { Value: < 0 } => 7,
        _ => 9,
    };

    private static void Write(StringBuilder builder, Ex e, AnalysedModel model, int minimum)
    {
        var level = Level(e);
        var parenthesise = level < minimum;
        if (parenthesise) builder.Append('(');
        switch (e)
        {
            case ConstEx c:
                builder.Append(FormatNumber(c.Value, c.Type));
                break;
            case ParameterEx p:
                builder.Append(p.Index < model.Parameters.Length ? model.Parameters[p.Index].Name : $"param{p.Index}");
                break;
            case VariableEx v:
                builder.Append(v.Index < model.Variables.Length ? model.Variables[v.Index].Name : $"var{v.Index}");
                break;
            case DerivativeEx d:
                builder.Append('d').Append(d.Variable < model.Variables.Length ? model.Variables[d.Variable].Name : "?").Append("/dt");
                break;
            case BuiltinEx b:
                builder.Append(b.Symbol switch { BuiltinSymbol.Time => "t", BuiltinSymbol.Dt => "dt", _ => "t_last" });
                break;
            case InputEx input:
                builder.Append("sum(").Append(input.Index < model.Inputs.Length ? model.Inputs[input.Index] : "?").Append(')');
                break;
            case GlobalOpEx g:
                builder.Append(g.Op.ToString().ToLowerInvariant()).Append('(')
                    .Append(g.Variable < model.Variables.Length ? model.Variables[g.Variable].Name : "?").Append(')');
                break;
            case UnaryEx u:
                builder.Append(u.Op == UnaryOp.Not ? "not " : "-");
                Write(builder, u.Operand, model, u.Op == UnaryOp.Not ? 3 : 7);
                break;
            case BinaryEx b:
                var (left, right) = b.Op switch
                {
                    BinaryOp.Power => (9, 7),
                    BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual
                        or BinaryOp.Equal or BinaryOp.NotEqual => (5, 5),
                    _ => (level, level + 1),
                };
                Write(builder, b.Left, model, left);
                builder.Append(' ').Append(Operator(b.Op)).Append(' ');
                Write(builder, b.Right, model, right);
                break;
            case ConditionalEx c:
                builder.Append("ite(");
                Write(builder, c.Condition, model, 0);
                builder.Append(", ");
                Write(builder, c.WhenTrue, model, 0);
                builder.Append(", ");
                Write(builder, c.WhenFalse, model, 0);
                builder.Append(')');
                break;
            case CallEx call:
                builder.Append(FunctionName(call.Function)).Append('(');
                WriteArguments(builder, call.Arguments, model);
                builder.Append(')');
                break;
            case RandomEx r:
                builder.Append(r.Distribution).Append('(');
                WriteArguments(builder, r.Arguments, model);
                builder.Append(')');
                break;
            default:
                builder.Append('?').Append(e.GetType().Name);
                break;
        }
        if (parenthesise) builder.Append(')');
    }

    private static void WriteArguments(StringBuilder builder, IReadOnlyList<Ex> arguments, AnalysedModel model)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            Write(builder, arguments[i], model, 0);
        }
    }

    private static string Operator(BinaryOp op) => op switch
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
        _ => "or",
    };

    private static string FunctionName(MathFunction function) => function switch
    {
        MathFunction.IntModulo => "modulo",
        MathFunction.IntPower => "power",
        MathFunction.IsFinite => "isfinite",
        MathFunction.IsNaN => "isnan",
        _ => function.ToString().ToLowerInvariant(),
    };
}
