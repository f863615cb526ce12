using System.Linq.Expressions;
using System.Runtime.Intrinsics;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>The global kernel: global variables are updated once per step, before the neurons, and traced per step.</summary>
internal sealed partial class KernelBuilder
{
    private Expression<Action<KernelArgs>> Global()
    {
        var body = new List<Expression>();
        var nVar = _m.Variables.Length;
        var dt = Local(typeof(double), "dt");
        var dtV = Local(_s.V, "dtV");
        body.Add(Expression.Assign(dt, Field(nameof(KernelArgs.Dt))));
        body.Add(Expression.Assign(dtV, _s.Broadcast(dt)));
        var pars = new Expression?[_m.Parameters.Length];
        for (var p = 0; p < pars.Length; p++)
        {
            if (!_l.IsGlobalParameter(p)) continue;
            var g = Local(_s.V, $"gpar{p}");
            body.Add(Expression.Assign(g, _s.Broadcast(Element(Field(nameof(KernelArgs.GlobalParameters)), p))));
            pars[p] = g;
        }
        var globalOps = new Expression[_l.GlobalOps.Length];
        for (var k = 0; k < globalOps.Length; k++)
        {
            var g = Local(_s.V, $"gop{k}");
            body.Add(Expression.Assign(g, _s.Broadcast(Element(Field(nameof(KernelArgs.GlobalOpValues)), k))));
            globalOps[k] = g;
        }
        var globalArray = Local(typeof(double[]), "globals");
        body.Add(Expression.Assign(globalArray, Field(nameof(KernelArgs.GlobalVariables))));
        var vars = new Expression?[nVar];
        var epilogue = new List<Expression>();
        var toScalar = _s.Generic(nameof(Vector256.ToScalar), 1);
        for (var j = 0; j < nVar; j++)
        {
            if (!_l.IsGlobalVariable(j)) continue;
            var x = Local(_s.V, _m.Variables[j].Name);
            vars[j] = x;
            body.Add(Expression.Assign(x, _s.Broadcast(Element(globalArray, j))));
            epilogue.Add(Expression.Assign(Expression.ArrayAccess(globalArray, Expression.Constant(j)), Expression.Call(toScalar, x)));
        }
        var seed = Local(typeof(ulong), "seed");
        body.Add(Expression.Assign(seed, Field(nameof(KernelArgs.Seed))));
        var bases = new Dictionary<int, ParameterExpression>();
        foreach (var r in _l.GlobalRandoms)
        {
            var b = Local(_s.VU, $"base{r.Stream}");
            bases[r.Stream] = b;
            body.Add(Expression.Assign(b, Expression.Call(
                Emit.Method(typeof(Rng), nameof(Rng.StreamBase), 3, [typeof(ulong), typeof(Vector256<ulong>), typeof(int)]),
                seed, Expression.Call(typeof(Vector256).GetMethod(nameof(Vector256.Create), [typeof(ulong)])!, Expression.Constant(Rng.GlobalKey)), Expression.Constant(r.Stream))));
        }
        var trace = Local(typeof(double[]), "trace");
        var stride = Local(typeof(int), "stride");
        var step0 = Local(typeof(long), "step0");
        var steps = Local(typeof(int), "steps");
        body.Add(Expression.Assign(trace, Field(nameof(KernelArgs.GlobalTrace))));
        body.Add(Expression.Assign(stride, Field(nameof(KernelArgs.GlobalTraceStride))));
        body.Add(Expression.Assign(step0, Field(nameof(KernelArgs.Step0))));
        body.Add(Expression.Assign(steps, Field(nameof(KernelArgs.Steps))));

        var s = Local(typeof(int), "s");
        var step = Local(typeof(long), "step");
        var timeV = Local(_s.V, "timeV");
        var scope = new VectorScope
        {
            Variables = vars, Parameters = pars, Inputs = [], GlobalOps = globalOps, Dt = dtV, Hoisted = null, Time = timeV, Simd = _s,
        };
        var stepBody = new List<Expression>
        {
            Expression.Assign(step, Expression.Add(step0, Expression.Convert(s, typeof(long)))),
            Expression.Assign(timeV, _s.Broadcast(Expression.Multiply(Expression.Convert(step, typeof(double)), dt))),
        };
        foreach (var r in _l.GlobalRandoms)
        {
            var draw = Local(_s.V, $"rand{r.Stream}");
            stepBody.Add(Expression.Assign(draw, _emitter.Draw(r, bases[r.Stream], step, scope)));
            scope.Randoms[r.Stream] = draw;
        }
        foreach (var op in _l.Global) stepBody.Add(Op(op, scope, notRef: null, spikeMask: null));
        for (var j = 0; j < nVar; j++)
        {
            if (vars[j] is not { } x) continue;
            stepBody.Add(Expression.Assign(
                Expression.ArrayAccess(trace, Expression.Add(Expression.Multiply(s, stride), Expression.Constant(j))),
                Expression.Call(toScalar, x)));
        }
        body.Add(Emit.For(s, Expression.Constant(0), steps, Expression.Constant(1), Expression.Block(stepBody)));
        body.AddRange(epilogue);
        _locals.AddRange(scope.Locals);
        return Expression.Lambda<Action<KernelArgs>>(Expression.Block(_locals, body), $"global_{_m.Name}", [_args]);
    }
}
