using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using static NeuroFit.Simulation.Lowering.ExTools;

namespace NeuroFit.Simulation.Lowering;

/// <summary>
/// Turns the analysed model into <see cref="LoweredModel"/> passes: every ODE block becomes "compute each new value
/// from the values at the start of the block (all integrator stages included), then switch and clamp in order".
/// The formulas are those ANNarchy generates (annarchy-dsl.md §4).
/// </summary>
internal sealed class Lowerer
{
    private readonly AnalysedModel _model;
    private int _temps;

    private Lowerer(AnalysedModel model) => _model = model;

    public static LoweredModel Lower(AnalysedModel model)
    {
        var lowerer = new Lowerer(model);
        var global = lowerer.ShareCommonSubexpressions(lowerer.LowerPass(model.GlobalStatements, isLocal: false));
        var local = lowerer.ShareCommonSubexpressions(lowerer.LowerPass(model.LocalStatements, isLocal: true));
        var reset = new List<LoweredOp>();
        foreach (var r in model.Reset)
        {
            if (model.Variables[r.Variable].Locality == Locality.Global)
                throw new SimulationException(
                    $"model '{model.Name}': the reset statement assigns global variable '{model.Variables[r.Variable].Name}', which one neuron's spike cannot change; make it local");
            reset.Add(new SetVariable(r.Variable, r.Value, Clamp: false, Freezable: false));
        }

        var localExprs = ExpressionsOf(local, model).Concat(ExpressionsOf(reset, model));
        if (model.Spike is not null) localExprs = localExprs.Append(model.Spike);
        if (model.RefractoryMs is not null) localExprs = localExprs.Append(model.RefractoryMs);
        var localList = localExprs.ToList();
        var globalList = ExpressionsOf(global, model).ToList();

        foreach (var r in globalList.Concat(localList).SelectMany(Descendants).OfType<RandomEx>())
            foreach (var argument in r.Arguments)
                if (!IsConstantArgument(argument, model))
                    throw new SimulationException(
                        $"model '{model.Name}': the arguments of {r.Distribution}() must be numbers or global parameters (they are drawn ahead of the step)");

        var globalOps = Distinct(globalList.Concat(localList).SelectMany(Descendants).OfType<GlobalOpEx>()
            .Select(g => new GlobalOpSlot(g.Op, g.Variable)));
        foreach (var slot in globalOps)
            if (model.Variables[slot.Variable].Locality != Locality.Local)
                throw new SimulationException($"model '{model.Name}': {slot.Op}() needs a local variable, '{model.Variables[slot.Variable].Name}' is global");

        return new LoweredModel(
            model,
            [.. global],
            [.. local],
            model.Spike,
            [.. reset],
            model.RefractoryMs,
            lowerer._temps,
            DistinctStreams(globalList),
            DistinctStreams(localList),
            globalOps);
    }

    private static bool IsConstantArgument(Ex e, AnalysedModel model) => e switch
    {
        ConstEx => true,
        ParameterEx p => model.Parameters[p.Index].Locality == Locality.Global,
        BuiltinEx b => b.Symbol == BuiltinSymbol.Dt,
        VariableEx or TempEx or RandomEx or GlobalOpEx or InputEx => false,
        _ => Children(e).All(c => IsConstantArgument(c, model)),
    };

    private static IEnumerable<Ex> ExpressionsOf(IEnumerable<LoweredOp> ops, AnalysedModel model)
    {
        foreach (var op in ops)
        {
            switch (op)
            {
                case SetTemp t:
                    yield return t.Value;
                    break;
                case SetVariable s:
                    yield return s.Value;
                    if (s.Clamp && model.Variables[s.Variable].Min is { } min) yield return min;
                    if (s.Clamp && model.Variables[s.Variable].Max is { } max) yield return max;
                    break;
            }
        }
    }

    private static ImmutableArray<RandomEx> DistinctStreams(IEnumerable<Ex> roots)
    {
        var seen = new Dictionary<int, RandomEx>();
        foreach (var r in roots.SelectMany(Descendants).OfType<RandomEx>())
            seen.TryAdd(r.Stream, r);
        return [.. seen.Values.OrderBy(r => r.Stream)];
    }

    private int NewTemp() => _temps++;

    /// <summary>
    /// A subexpression that occurs more than once in one operation (HH's <c>bn + an</c> in both the rate and the target
    /// of a gate, the total conductance of the membrane) is computed once into a temporary just before it. Only within
    /// one operation, so no write can come between the uses; only float arithmetic that changes during a run (invariant
    /// parts are hoisted out of the loop anyway) and no noise. The same operations in the same order: bit-identical.
    /// </summary>
    private List<LoweredOp> ShareCommonSubexpressions(List<LoweredOp> ops)
    {
        var result = new List<LoweredOp>(ops.Count);
        foreach (var op in ops)
        {
            if (op is not (SetTemp or SetVariable)) { result.Add(op); continue; }
            // the operation last, the temporaries it needs before it, each before its first use
            var pool = new List<LoweredOp> { op };
            while (MostWorthSharing(pool.Select(ValueOf)) is { } repeated)
            {
                var temp = new TempEx(NewTemp());
                var first = pool.FindIndex(o => Descendants(ValueOf(o)).Contains(repeated));
                for (var i = 0; i < pool.Count; i++)
                    pool[i] = WithValue(pool[i], Rewrite(ValueOf(pool[i]), node => node.Equals(repeated) ? temp : null));
                pool.Insert(first, new SetTemp(temp.Slot, repeated));
            }
            result.AddRange(pool);
        }
        return result;
    }

    private static Ex ValueOf(LoweredOp op) => op switch { SetTemp t => t.Value, SetVariable v => v.Value, _ => throw new InvalidOperationException() };

    private static LoweredOp WithValue(LoweredOp op, Ex value) => op switch
    {
        SetTemp t => t with { Value = value },
        SetVariable v => v with { Value = value },
        _ => throw new InvalidOperationException(),
    };

    /// <summary>The largest shareable subexpression that occurs more than once in <paramref name="roots"/>, or null.</summary>
    private Ex? MostWorthSharing(IEnumerable<Ex> roots)
    {
        var counts = new Dictionary<Ex, int>();
        foreach (var d in roots.SelectMany(Descendants))
            if (Shareable(d)) counts[d] = counts.GetValueOrDefault(d) + 1;
        return counts.Where(p => p.Value > 1).Select(p => p.Key).MaxBy(Size);
    }

    private bool Shareable(Ex e) => e.Type == Models.Analysis.ValueType.Float && !IsLeaf(e) && !IsPredicate(e)
        && e is BinaryEx or UnaryEx or CallEx
        && !Descendants(e).Any(d => d is RandomEx)
        && Descendants(e).Any(d => d is VariableEx or TempEx or GlobalOpEx || d is BuiltinEx { Symbol: not BuiltinSymbol.Dt });

    private static int Size(Ex e) => Descendants(e).Count();

    private List<LoweredOp> LowerPass(ImmutableArray<Statement> statements, bool isLocal)
    {
        var ops = new List<LoweredOp>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case AssignStatement a:
                    CheckLocality(a.Variable, isLocal);
                    ops.Add(new SetVariable(a.Variable, a.Value, Clamp: true, Freezable: isLocal && !_model.Variables[a.Variable].IsConductance));
                    break;
                case OdeBlock block:
                    LowerBlock(block, isLocal, ops);
                    break;
                default:
                    throw new NotSupportedException($"statement {statement.GetType().Name}");
            }
        }
        return ops;
    }

    private void CheckLocality(int variable, bool isLocal)
    {
        var info = _model.Variables[variable];
        if ((info.Locality == Locality.Local) != isLocal)
            throw new SimulationException(
                $"model '{_model.Name}': variable '{info.Name}' is {info.Locality.ToString().ToLowerInvariant()} but is updated in the {(isLocal ? "local" : "global")} pass");
    }

    private void LowerBlock(OdeBlock block, bool isLocal, List<LoweredOp> ops)
    {
        var newValue = new Dictionary<int, Ex>();
        foreach (var ode in block.Odes) CheckLocality(ode.Variable, isLocal);

        foreach (var ode in block.Odes)
        {
            var x = new VariableEx(ode.Variable, _model.Variables[ode.Variable].Type);
            switch (ode.Method)
            {
                case IntegrationMethod.Explicit:
                    newValue[ode.Variable] = Add(x, Mul(Dt, ode.Derivative));
                    break;
                case IntegrationMethod.Exponential:
                {
                    var form = RequireLinear(ode);
                    var factor = Sub(Num(1.0), Exp(Neg(StepOverTau(form.Tau))));
                    newValue[ode.Variable] = Add(x, Mul(factor, Sub(form.Target, x)));
                    break;
                }
                case IntegrationMethod.SemiImplicit:
                {
                    var form = RequireLinear(ode);
                    var ratio = Div(Dt, form.Tau);
                    newValue[ode.Variable] = Add(x, Mul(Div(ratio, Add(ratio, Num(1.0))), Sub(form.Target, x)));
                    break;
                }
            }
        }

        LowerCoupled(block, IntegrationMethod.Midpoint, newValue, ops, LowerMidpoint);
        LowerCoupled(block, IntegrationMethod.RungeKutta4, newValue, ops, LowerRk4);
        LowerCoupled(block, IntegrationMethod.Implicit, newValue, ops, LowerImplicit);

        // All new values are computed from the start-of-block state, then switched in declaration order.
        var slots = new Dictionary<int, int>();
        foreach (var ode in block.Odes)
        {
            var value = newValue[ode.Variable];
            if (value is not TempEx)
            {
                var slot = NewTemp();
                ops.Add(new SetTemp(slot, value));
                value = new TempEx(slot);
            }
            slots[ode.Variable] = ((TempEx)value).Slot;
        }
        foreach (var ode in block.Odes)
            ops.Add(new SetVariable(ode.Variable, new TempEx(slots[ode.Variable]), Clamp: true,
                Freezable: isLocal && !_model.Variables[ode.Variable].IsConductance));
    }

    /// <summary>dt/τ. τ = a/b (the ODE's a·dX/dt = … − b·X) gives (dt/a)·b: no division per step when a is a parameter
    /// or a number (dt/a is hoisted out of the loop), and b is then shared with the target's a/b-free numerator's divisor.</summary>
    private static Ex StepOverTau(Ex tau) => tau is BinaryEx { Op: BinaryOp.Divide, Type: Models.Analysis.ValueType.Float } q
        ? q.Left is ConstEx { Value: 1.0 } ? Mul(Dt, q.Right) : Mul(Div(Dt, q.Left), q.Right)
        : Div(Dt, tau);

    private LinearForm RequireLinear(Ode ode) => ode.Linear ?? throw new SimulationException(
        $"model '{_model.Name}': the {ode.Method} ODE of '{_model.Variables[ode.Variable].Name}' has no linear form τ·dX/dt + X = A");

    private static void LowerCoupled(OdeBlock block, IntegrationMethod method, Dictionary<int, Ex> newValue, List<LoweredOp> ops,
        Action<IReadOnlyList<Ode>, Dictionary<int, Ex>, List<LoweredOp>> lower)
    {
        var odes = block.Odes.Where(o => o.Method == method).ToList();
        if (odes.Count > 0) lower(odes, newValue, ops);
    }

    private Ex X(Ode ode) => new VariableEx(ode.Variable, _model.Variables[ode.Variable].Type);

    private TempEx Temp(Ex value, List<LoweredOp> ops)
    {
        var slot = NewTemp();
        ops.Add(new SetTemp(slot, value));
        return new TempEx(slot);
    }

    private void LowerMidpoint(IReadOnlyList<Ode> odes, Dictionary<int, Ex> newValue, List<LoweredOp> ops)
    {
        if (odes.Count == 1)
        {
            // _k = h·f(X); X += h·f(X + 0.5·_k)
            var ode = odes[0];
            var k = Temp(Mul(Dt, ode.Derivative), ops);
            var mid = Temp(Add(X(ode), Mul(Num(0.5), k)), ops);
            var atMid = Substitute(ode.Derivative, new Dictionary<int, int> { [ode.Variable] = mid.Slot });
            newValue[ode.Variable] = Add(X(ode), Mul(Dt, atMid));
            return;
        }
        // Vector RK2: k = f(X); X += h·f(X + 0.5·h·k)
        var ks = odes.Select(o => Temp(o.Derivative, ops)).ToList();
        var mids = new Dictionary<int, int>();
        for (var i = 0; i < odes.Count; i++)
            mids[odes[i].Variable] = Temp(Add(X(odes[i]), Mul(Mul(Num(0.5), Dt), ks[i])), ops).Slot;
        foreach (var ode in odes)
            newValue[ode.Variable] = Add(X(ode), Mul(Dt, Substitute(ode.Derivative, mids)));
    }

    private void LowerRk4(IReadOnlyList<Ode> odes, Dictionary<int, Ex> newValue, List<LoweredOp> ops)
    {
        // Classic RK4 on the vector of rk4 variables; t stays at the step start.
        var halfH = Div(Dt, Num(2.0));
        List<TempEx> Stage(Dictionary<int, int>? at) =>
            [.. odes.Select(o => Temp(at is null ? o.Derivative : Substitute(o.Derivative, at), ops))];
        Dictionary<int, int> Point(List<TempEx> k, Ex factor)
        {
            var point = new Dictionary<int, int>();
            for (var i = 0; i < odes.Count; i++)
                point[odes[i].Variable] = Temp(Add(X(odes[i]), Mul(factor, k[i])), ops).Slot;
            return point;
        }
        var k1 = Stage(null);
        var k2 = Stage(Point(k1, halfH));
        var k3 = Stage(Point(k2, halfH));
        var k4 = Stage(Point(k3, Dt));
        for (var i = 0; i < odes.Count; i++)
        {
            var sum = Add(Add(Add(k1[i], Mul(Num(2.0), k2[i])), Mul(Num(2.0), k3[i])), k4[i]);
            newValue[odes[i].Variable] = Add(X(odes[i]), Mul(Div(Dt, Num(6.0)), sum));
        }
    }

    private void LowerImplicit(IReadOnlyList<Ode> odes, Dictionary<int, Ex> newValue, List<LoweredOp> ops)
    {
        if (odes.Count == 1 && odes[0].Linear is { } form)
        {
            // Backward Euler of τ·dX/dt + X = A: X' = (A·h + τ·X)/(h + τ)
            newValue[odes[0].Variable] = Div(Add(Mul(form.Target, Dt), Mul(form.Tau, X(odes[0]))), Add(Dt, form.Tau));
            return;
        }
        // (I − h·C)·X' = X + h·c, Gaussian elimination without pivoting (I − h·C is near the identity for small h).
        var n = odes.Count;
        var m = new Ex[n, n];
        var rhs = new Ex[n];
        for (var i = 0; i < n; i++)
        {
            var affine = odes[i].Affine ?? throw new SimulationException(
                $"model '{_model.Name}': the coupled implicit ODE of '{_model.Variables[odes[i].Variable].Name}' has no affine form");
            if (affine.Coefficients.Length != n)
                throw new SimulationException($"model '{_model.Name}': the affine form of '{_model.Variables[odes[i].Variable].Name}' has {affine.Coefficients.Length} coefficients for {n} coupled variables");
            for (var j = 0; j < n; j++)
            {
                var hc = Mul(Dt, affine.Coefficients[j]);
                m[i, j] = Temp(i == j ? Sub(Num(1.0), hc) : Neg(hc), ops);
            }
            rhs[i] = Temp(Add(X(odes[i]), Mul(Dt, affine.Offset)), ops);
        }
        for (var k = 0; k < n; k++)
        {
            for (var i = k + 1; i < n; i++)
            {
                var f = Temp(Div(m[i, k], m[k, k]), ops);
                for (var j = k + 1; j < n; j++) m[i, j] = Temp(Sub(m[i, j], Mul(f, m[k, j])), ops);
                rhs[i] = Temp(Sub(rhs[i], Mul(f, rhs[k])), ops);
            }
        }
        var solution = new Ex[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = rhs[i];
            for (var j = i + 1; j < n; j++) s = Sub(s, Mul(m[i, j], solution[j]));
            solution[i] = Temp(Div(s, m[i, i]), ops);
        }
        for (var i = 0; i < n; i++) newValue[odes[i].Variable] = solution[i];
    }
}
