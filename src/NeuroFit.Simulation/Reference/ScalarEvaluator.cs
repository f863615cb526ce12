using System.Runtime.Intrinsics;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Lowering;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Reference;

/// <summary>Where a scalar evaluation reads its inputs (one neuron, one step).</summary>
internal interface IScalarScope
{
    double Variable(int index);
    double Parameter(int index);
    double Temp(int slot);
    double Builtin(BuiltinSymbol symbol);
    double Input(int index);
    double Random(RandomEx random);
    double GlobalOp(GlobalOpEx op);
}

/// <summary>
/// Evaluates an expression for one neuron with the engine's semantics (bools are 0/1, C integer division and
/// truthiness, the same math functions as the vector kernels). Used for initial values and by the scalar reference.
/// </summary>
internal static class ScalarEvaluator
{
    public static bool Truth(double x) => x != 0.0;

    public static double Eval(Ex e, IScalarScope scope) => e switch
    {
        ConstEx c => c.Value,
        ParameterEx p => scope.Parameter(p.Index),
        VariableEx v => scope.Variable(v.Index),
        TempEx t => scope.Temp(t.Slot),
        BuiltinEx b => scope.Builtin(b.Symbol),
        InputEx i => scope.Input(i.Index),
        RandomEx r => scope.Random(r),
        GlobalOpEx g => scope.GlobalOp(g),
        UnaryEx u => u.Op == UnaryOp.Negate ? -Eval(u.Operand, scope) : (Truth(Eval(u.Operand, scope)) ? 0.0 : 1.0),
        BinaryEx b => Binary(b, scope),
        ConditionalEx c => Truth(Eval(c.Condition, scope)) ? Eval(c.WhenTrue, scope) : Eval(c.WhenFalse, scope),
        CallEx c => Call(c, scope),
        _ => throw new NotSupportedException($"expression {e.GetType().Name}"),
    };

    private static double B(bool b) => b ? 1.0 : 0.0;

    private static double Binary(BinaryEx b, IScalarScope scope)
    {
        if (b.Op == BinaryOp.And) return B(Truth(Eval(b.Left, scope)) && Truth(Eval(b.Right, scope)));
        if (b.Op == BinaryOp.Or) return B(Truth(Eval(b.Left, scope)) || Truth(Eval(b.Right, scope)));
        if (b.Op == BinaryOp.Power) return Power(b, scope);
        var x = Eval(b.Left, scope);
        var y = Eval(b.Right, scope);
        return b.Op switch
        {
            BinaryOp.Add => x + y,
            BinaryOp.Subtract => x - y,
            BinaryOp.Multiply => x * y,
            BinaryOp.Divide => ExTools.IsIntegral(b.Left.Type) && ExTools.IsIntegral(b.Right.Type) ? Math.Truncate(x / y) : x / y,
            BinaryOp.Modulo => VMath.Scalar(VMath.Fmod, x, y),
            BinaryOp.Less => B(x < y),
            BinaryOp.LessOrEqual => B(x <= y),
            BinaryOp.Greater => B(x > y),
            BinaryOp.GreaterOrEqual => B(x >= y),
            BinaryOp.Equal => B(x == y),
            BinaryOp.NotEqual => B(x != y),
            _ => throw new NotSupportedException($"operator {b.Op}"),
        };
    }

    private static double Power(BinaryEx b, IScalarScope scope)
    {
        var x = Eval(b.Left, scope);
        if (ExTools.SmallIntegerExponent(b.Right) is { } n)
        {
            if (n == 0) return 1.0;
            var p = ExTools.IntegerPower(x, Math.Abs(n), (l, r) => l * r);
            return n > 0 ? p : 1.0 / p;
        }
        if (ExTools.IsHalfExponent(b.Right)) return Math.Sqrt(x);
        return VMath.Scalar(VMath.Pow, x, Eval(b.Right, scope));
    }

    private static double Call(CallEx c, IScalarScope scope)
    {
        var a = c.Arguments.Select(arg => Eval(arg, scope)).ToArray();
        return c.Function switch
        {
            MathFunction.Exp => VMath.Scalar(VMath.Exp, a[0]),
            MathFunction.Log => VMath.Scalar(VMath.Log, a[0]),
            MathFunction.Log10 => VMath.Scalar(VMath.Log10, a[0]),
            MathFunction.Sqrt => Math.Sqrt(a[0]),
            MathFunction.Sin => VMath.Scalar(VMath.Sin, a[0]),
            MathFunction.Cos => VMath.Scalar(VMath.Cos, a[0]),
            MathFunction.Tan => VMath.Scalar(VMath.Tan, a[0]),
            MathFunction.Asin => VMath.Scalar(VMath.Asin, a[0]),
            MathFunction.Acos => VMath.Scalar(VMath.Acos, a[0]),
            MathFunction.Atan => VMath.Scalar(VMath.Atan, a[0]),
            MathFunction.Sinh => VMath.Scalar(VMath.Sinh, a[0]),
            MathFunction.Cosh => VMath.Scalar(VMath.Cosh, a[0]),
            MathFunction.Tanh => VMath.Scalar(VMath.Tanh, a[0]),
            MathFunction.Floor => Math.Floor(a[0]),
            MathFunction.Ceil => Math.Ceiling(a[0]),
            MathFunction.Abs => Math.Abs(a[0]),
            MathFunction.Pos => a[0] > 0 ? a[0] : 0.0,
            MathFunction.Neg => a[0] < 0 ? a[0] : 0.0,
            MathFunction.Clip => a[0] < a[1] ? a[1] : (a[0] > a[2] ? a[2] : a[0]),
            MathFunction.IntModulo => VMath.Scalar(VMath.IntModulo, a[0], a[1]),
            MathFunction.IntPower => IntPowerCall(c, a),
            MathFunction.Round => VMath.Scalar(VMath.Round, a[0]),
            MathFunction.Max => a.Skip(1).Aggregate(a[0], (l, r) => VMath.Scalar(VMath.FMax, l, r)),
            MathFunction.Min => a.Skip(1).Aggregate(a[0], (l, r) => VMath.Scalar(VMath.FMin, l, r)),
            MathFunction.IsFinite => B(double.IsFinite(a[0])),
            MathFunction.IsNaN => B(double.IsNaN(a[0])),
            _ => throw new NotSupportedException($"function {c.Function}"),
        };
    }

    private static double IntPowerCall(CallEx c, double[] a)
    {
        if (c.Arguments[1] is ConstEx n && n.Value >= 1 && n.Value <= 16)
        {
            var result = a[0];
            for (var i = 1; i < (int)n.Value; i++) result *= a[0];
            return result;
        }
        return VMath.Scalar(VMath.IntPower, a[0], a[1]);
    }

    /// <summary>Converts a value stored into an attribute of the given type (C assignment semantics).</summary>
    public static double Convert(double value, Models.Analysis.ValueType type) => type switch
    {
        Models.Analysis.ValueType.Int => Math.Truncate(value),
        Models.Analysis.ValueType.Bool => Truth(value) ? 1.0 : 0.0,
        _ => value,
    };

    /// <summary>A distribution draw for one neuron, through the vector sampler (same bits as the kernels).</summary>
    public static double Draw(RandomEx r, ulong streamBase, long step, IScalarScope scope)
    {
        var args = r.Arguments.Select(a => Vector256.Create(Eval(a, scope))).ToArray();
        return Distributions.Draw(r.Distribution, Vector256.Create(streamBase), step, args[0], args.Length > 1 ? args[1] : args[0]).ToScalar();
    }
}
