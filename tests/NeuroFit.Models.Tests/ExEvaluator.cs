using NeuroFit.Models.Analysis;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Tests;

/// <summary>A direct interpreter of lowered expressions (C semantics) used to check the analysis numerically.</summary>
internal sealed class ExEvaluator(double[] parameters, double[] variables)
{
    public double Time { get; init; }
    public double Dt { get; init; } = 0.1;
    public double[] Inputs { get; init; } = new double[16];
    public double[] Random { get; init; } = new double[64];

    public double Evaluate(Ex e) => e switch
    {
        ConstEx c => c.Value,
        ParameterEx p => parameters[p.Index],
        VariableEx v => variables[v.Index],
        BuiltinEx { Symbol: BuiltinSymbol.Time } => Time,
        BuiltinEx { Symbol: BuiltinSymbol.Dt } => Dt,
        BuiltinEx => -10000 * Dt,
        InputEx i => Inputs[i.Index],
        RandomEx r => Random[r.Stream],
        GlobalOpEx g => variables[g.Variable],
        UnaryEx { Op: UnaryOp.Negate } u => -Evaluate(u.Operand),
        UnaryEx u => Evaluate(u.Operand) == 0 ? 1 : 0,
        BinaryEx b => Binary(b),
        ConditionalEx c => Evaluate(c.Condition) != 0 ? Evaluate(c.WhenTrue) : Evaluate(c.WhenFalse),
        CallEx call => Call(call),
        _ => throw new InvalidOperationException(e.GetType().Name),
    };

    private double Binary(BinaryEx b)
    {
        var l = Evaluate(b.Left);
        var r = Evaluate(b.Right);
        return b.Op switch
        {
            BinaryOp.Add => l + r,
            BinaryOp.Subtract => l - r,
            BinaryOp.Multiply => l * r,
            BinaryOp.Divide => b.Type == ValueType.Int ? Math.Truncate(l / r) : l / r,
            BinaryOp.Modulo => l % r,
            BinaryOp.Power => Math.Pow(l, r),
            BinaryOp.Less => l < r ? 1 : 0,
            BinaryOp.LessOrEqual => l <= r ? 1 : 0,
            BinaryOp.Greater => l > r ? 1 : 0,
            BinaryOp.GreaterOrEqual => l >= r ? 1 : 0,
            BinaryOp.Equal => l == r ? 1 : 0,
            BinaryOp.NotEqual => l != r ? 1 : 0,
            BinaryOp.And => l != 0 && r != 0 ? 1 : 0,
            _ => l != 0 || r != 0 ? 1 : 0,
        };
    }

    private double Call(CallEx call)
    {
        var a = call.Arguments.Select(Evaluate).ToArray();
        return MathFunctions.Apply(call.Function, a);
    }
}
