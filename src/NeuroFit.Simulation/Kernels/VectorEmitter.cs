using System.Linq.Expressions;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Lowering;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>
/// Where the values an expression reads live in generated code for one vector of neurons: locals holding
/// variables, parameters, temporaries, this step's draws, and run-invariant subexpressions hoisted out of the step loop.
/// </summary>
internal sealed class VectorScope
{
    public required Expression?[] Variables { get; init; }
    public required Expression?[] Parameters { get; init; }
    public required Expression[] Inputs { get; init; }
    public required Expression[] GlobalOps { get; init; }
    public required Simd Simd { get; init; }
    public required Expression Dt { get; init; }
    public Expression? Time { get; set; }
    public Expression? LastSpikeSteps { get; set; }
    public Dictionary<int, ParameterExpression> Temps { get; } = [];
    public Dictionary<int, Expression> Randoms { get; } = [];

    /// <summary>Run-invariant subexpressions computed once before the step loop (null: no hoisting).</summary>
    public List<(ParameterExpression Local, Expression Value)>? Hoisted { get; init; }
    public Dictionary<Ex, ParameterExpression> HoistedByEx { get; } = [];
    public List<ParameterExpression> Locals { get; } = [];

    public ParameterExpression Temp(int slot)
    {
        if (!Temps.TryGetValue(slot, out var local))
        {
            local = Expression.Variable(Simd.V, $"tmp{slot}");
            Temps[slot] = local;
            Locals.Add(local);
        }
        return local;
    }
}

/// <summary>Translates expressions into vector code: 4 neurons per operation, the same arithmetic as the scalar reference.</summary>
internal sealed class VectorEmitter(LoweredModel lowered, Simd simd)
{
    public Simd Simd => simd;

    public Expression Number(Ex e, VectorScope scope)
    {
        if (scope.Hoisted is not null && !ExTools.IsLeaf(e) && ExTools.IsRunInvariant(e, lowered))
        {
            if (!scope.HoistedByEx.TryGetValue(e, out var local))
            {
                var inner = new VectorScope
                {
                    Variables = scope.Variables, Parameters = scope.Parameters, Inputs = scope.Inputs, GlobalOps = scope.GlobalOps,
                    Dt = scope.Dt, Hoisted = null, Simd = simd,
                };
                local = Expression.Variable(simd.V, $"inv{scope.Hoisted.Count}");
                scope.Hoisted.Add((local, Number(e, inner)));
                scope.HoistedByEx[e] = local;
            }
            return local;
        }
        if (ExTools.IsPredicate(e)) return simd.Call(nameof(VMath.MaskToNumber), Mask(e, scope));
        return e switch
        {
            ConstEx c => simd.Const(c.Value),
            ParameterEx p => scope.Parameters[p.Index] ?? throw new SimulationException($"parameter '{lowered.Model.Parameters[p.Index].Name}' is not available here"),
            VariableEx v => scope.Variables[v.Index] ?? throw new SimulationException(
                $"model '{lowered.Model.Name}': variable '{lowered.Model.Variables[v.Index].Name}' is local and cannot be read by a global statement"),
            TempEx t => scope.Temp(t.Slot),
            BuiltinEx b => b.Symbol switch
            {
                BuiltinSymbol.Dt => scope.Dt,
                BuiltinSymbol.Time => scope.Time ?? throw new InvalidOperationException("time not prepared"),
                _ => Expression.Multiply(scope.LastSpikeSteps ?? throw new InvalidOperationException("t_last not prepared"), scope.Dt),
            },
            InputEx i => scope.Inputs[i.Index],
            RandomEx r => scope.Randoms.TryGetValue(r.Stream, out var draw) ? draw : throw new InvalidOperationException($"stream {r.Stream} not drawn"),
            GlobalOpEx g => scope.GlobalOps[lowered.GlobalOpSlotOf(g)],
            UnaryEx u => Expression.Negate(Number(u.Operand, scope)),
            BinaryEx b => Binary(b, scope),
            ConditionalEx c => simd.Call(nameof(VMath.Select), Mask(c.Condition, scope), Number(c.WhenTrue, scope), Number(c.WhenFalse, scope)),
            CallEx c => Call(c, scope),
            _ => throw new NotSupportedException($"expression {e.GetType().Name}"),
        };
    }

    /// <summary>The expression as a lane mask (all bits set = true).</summary>
    public Expression Mask(Ex e, VectorScope scope)
    {
        switch (e)
        {
            case ConstEx c:
                return c.Value != 0 ? simd.AllBitsSet : simd.Zero;
            case UnaryEx { Op: UnaryOp.Not } u:
                return simd.Call(nameof(VMath.Not), Mask(u.Operand, scope));
            case BinaryEx { Op: BinaryOp.And } b:
                return Expression.And(Mask(b.Left, scope), Mask(b.Right, scope));
            case BinaryEx { Op: BinaryOp.Or } b:
                return Expression.Or(Mask(b.Left, scope), Mask(b.Right, scope));
            case BinaryEx b when ExTools.IsPredicate(b):
            {
                var l = Number(b.Left, scope);
                var r = Number(b.Right, scope);
                return b.Op switch
                {
                    BinaryOp.Less => Expression.Call(simd.LessThan, l, r),
                    BinaryOp.LessOrEqual => Expression.Call(simd.LessThanOrEqual, l, r),
                    BinaryOp.Greater => Expression.Call(simd.GreaterThan, l, r),
                    BinaryOp.GreaterOrEqual => Expression.Call(simd.GreaterThanOrEqual, l, r),
                    BinaryOp.Equal => Expression.Call(simd.EqualsMethod, l, r),
                    _ => simd.Call(nameof(VMath.NotEqual), l, r),
                };
            }
            case CallEx { Function: MathFunction.IsFinite } c:
                return simd.Call(nameof(VMath.IsFinite), Number(c.Arguments[0], scope));
            case CallEx { Function: MathFunction.IsNaN } c:
                return simd.Call(nameof(VMath.IsNaN), Number(c.Arguments[0], scope));
            case ConditionalEx c when c.Type == Models.Analysis.ValueType.Bool:
                return simd.Call(nameof(VMath.Select), Mask(c.Condition, scope), Mask(c.WhenTrue, scope), Mask(c.WhenFalse, scope));
            default:
                return simd.Call(nameof(VMath.Truth), Number(e, scope));
        }
    }

    private Expression Binary(BinaryEx b, VectorScope scope)
    {
        if (b.Op == BinaryOp.Power) return Power(b, scope);
        var l = Number(b.Left, scope);
        var r = Number(b.Right, scope);
        return b.Op switch
        {
            BinaryOp.Add => Expression.Add(l, r),
            BinaryOp.Subtract => Expression.Subtract(l, r),
            BinaryOp.Multiply => Expression.Multiply(l, r),
            BinaryOp.Divide when ExTools.IsIntegral(b.Left.Type) && ExTools.IsIntegral(b.Right.Type) =>
                simd.Call(nameof(VMath.Trunc), Expression.Divide(l, r)),
            BinaryOp.Divide => Expression.Divide(l, r),
            BinaryOp.Modulo => simd.Call(nameof(VMath.Fmod), l, r),
            _ => throw new NotSupportedException($"operator {b.Op}"),
        };
    }

    private Expression Power(BinaryEx b, VectorScope scope)
    {
        var x = Number(b.Left, scope);
        if (ExTools.SmallIntegerExponent(b.Right) is { } n)
        {
            if (n == 0) return simd.Const(1.0);
            var local = Expression.Variable(simd.V, "powBase");
            var product = ExTools.IntegerPower<Expression>(local, Math.Abs(n), Expression.Multiply);
            if (n < 0) product = Expression.Divide(simd.Const(1.0), product);
            return Expression.Block(simd.V, [local], Expression.Assign(local, x), product);
        }
        if (ExTools.IsHalfExponent(b.Right)) return Expression.Call(simd.Sqrt, x);
        return simd.Call(nameof(VMath.Pow), x, Number(b.Right, scope));
    }

    private Expression Call(CallEx c, VectorScope scope)
    {
        Expression A(int i) => Number(c.Arguments[i], scope);
        switch (c.Function)
        {
            case MathFunction.Sqrt: return Expression.Call(simd.Sqrt, A(0));
            case MathFunction.Abs: return Expression.Call(simd.Abs, A(0));
            case MathFunction.Floor: return Expression.Call(simd.Floor, A(0));
            case MathFunction.Ceil: return Expression.Call(simd.Ceiling, A(0));
            case MathFunction.Clip: return simd.Call(nameof(VMath.Clip), A(0), A(1), A(2));
            case MathFunction.Max:
            case MathFunction.Min:
            {
                var name = c.Function == MathFunction.Max ? nameof(VMath.FMax) : nameof(VMath.FMin);
                var acc = A(0);
                for (var i = 1; i < c.Arguments.Length; i++) acc = simd.Call(name, acc, A(i));
                return acc;
            }
            case MathFunction.IntPower when c.Arguments[1] is ConstEx n && n.Value >= 1 && n.Value <= 16:
            {
                var local = Expression.Variable(simd.V, "ipowBase");
                Expression product = local;
                for (var i = 1; i < (int)n.Value; i++) product = Expression.Multiply(product, local);
                return Expression.Block(simd.V, [local], Expression.Assign(local, A(0)), product);
            }
            case MathFunction.IntPower: return simd.Call(nameof(VMath.IntPower), A(0), A(1));
            case MathFunction.IntModulo: return simd.Call(nameof(VMath.IntModulo), A(0), A(1));
            case MathFunction.Exp:
            {
                var ops = new ExpressionLaneOps(simd);
                return ops.Wrap(LaneAlgorithms.Exp(ops, A(0)));
            }
            case MathFunction.Log:
            {
                var ops = new ExpressionLaneOps(simd);
                return ops.Wrap(LaneAlgorithms.Log(ops, A(0)));
            }
            default:
            {
                var name = c.Function switch
                {
                    MathFunction.Log10 => nameof(VMath.Log10),
                    MathFunction.Sin => nameof(VMath.Sin),
                    MathFunction.Cos => nameof(VMath.Cos),
                    MathFunction.Tan => nameof(VMath.Tan),
                    MathFunction.Asin => nameof(VMath.Asin),
                    MathFunction.Acos => nameof(VMath.Acos),
                    MathFunction.Atan => nameof(VMath.Atan),
                    MathFunction.Sinh => nameof(VMath.Sinh),
                    MathFunction.Cosh => nameof(VMath.Cosh),
                    MathFunction.Tanh => nameof(VMath.Tanh),
                    MathFunction.Pos => nameof(VMath.Pos),
                    MathFunction.Neg => nameof(VMath.Neg),
                    MathFunction.Round => nameof(VMath.Round),
                    MathFunction.IsFinite or MathFunction.IsNaN => null,
                    _ => throw new NotSupportedException($"function {c.Function}"),
                };
                return name is null ? simd.Call(nameof(VMath.MaskToNumber), Mask(c, scope)) : simd.Call(name, A(0));
            }
        }
    }

    /// <summary>Converts a value written into an attribute of the given type (C assignment semantics).</summary>
    public Expression Convert(Expression value, Models.Analysis.ValueType type) => type switch
    {
        Models.Analysis.ValueType.Int => simd.Call(nameof(VMath.Trunc), value),
        Models.Analysis.ValueType.Bool => simd.Call(nameof(VMath.MaskToNumber), simd.Call(nameof(VMath.Truth), value)),
        _ => value,
    };

    /// <summary>A draw of one random occurrence for the lanes with the given stream bases at this step.</summary>
    public Expression Draw(RandomEx r, Expression bases, Expression step, VectorScope scope)
    {
        var (a, b) = DrawArguments(r, scope);
        return Expression.Call(Emit.Method(typeof(Distributions), nameof(Distributions.Draw), 5),
            Expression.Constant(r.Distribution), bases, step, a, b);
    }

    /// <summary>The two distribution arguments (the second repeats the first for one-argument distributions).</summary>
    public (Expression A, Expression B) DrawArguments(RandomEx r, VectorScope scope)
    {
        var a = Number(r.Arguments[0], scope);
        var b = r.Arguments.Length > 1 ? Number(r.Arguments[1], scope) : a;
        return (a, b);
    }
}
