using System.Linq.Expressions;
using System.Runtime.Intrinsics;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Lowering;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>Which specialisation of the local kernel to generate.</summary>
/// <param name="Unroll">Vectors of 4 neurons processed together in the step loop (hides arithmetic latency).</param>
/// <param name="Record">Write recorded variables into <see cref="KernelArgs.RecordBuffers"/> after each sampled step.</param>
/// <param name="Refractory">Track refractory periods (off when every period is 0 steps and no neuron is refractory).</param>
internal sealed record KernelVariant(int Unroll, bool Record, bool Refractory);

/// <summary>
/// Generates the whole step loop of a model as one expression tree: for each group of <c>4·Unroll</c> neurons, load the
/// state into locals (registers), run every step, store the state back. Neurons are independent, so this order gives
/// exactly the results of step-by-step evaluation while keeping state out of memory.
/// </summary>
internal sealed partial class KernelBuilder
{
    private readonly LoweredModel _l;
    private readonly AnalysedModel _m;
    private readonly VectorEmitter _emitter;
    private readonly Simd _s;
    private readonly List<ParameterExpression> _locals = [];
    private readonly ParameterExpression _args = Expression.Parameter(typeof(KernelArgs), "args");

    private KernelBuilder(LoweredModel lowered, Simd simd)
    {
        _l = lowered;
        _m = lowered.Model;
        _s = simd;
        _emitter = new VectorEmitter(lowered, simd);
    }

    private ParameterExpression Local(Type type, string name)
    {
        var local = Expression.Variable(type, name);
        _locals.Add(local);
        return local;
    }

    private Expression Field(string name) => Expression.Field(_args, name);

    private static Expression Element(Expression array, int index) => Expression.ArrayIndex(array, Expression.Constant(index));

    private bool Uses(BuiltinSymbol symbol, bool local)
    {
        var roots = new List<Ex>();
        var ops = local ? _l.Local.Concat(_l.Reset) : _l.Global;
        foreach (var op in ops)
        {
            if (op is SetTemp t) roots.Add(t.Value);
            if (op is SetVariable s)
            {
                roots.Add(s.Value);
                if (_m.Variables[s.Variable].Min is { } min) roots.Add(min);
                if (_m.Variables[s.Variable].Max is { } max) roots.Add(max);
            }
        }
        if (local && _l.Spike is not null) roots.Add(_l.Spike);
        if (local && _l.Refractory is not null) roots.Add(_l.Refractory);
        foreach (var r in local ? _l.LocalRandoms : _l.GlobalRandoms) roots.Add(r);
        return roots.SelectMany(ExTools.Descendants).OfType<BuiltinEx>().Any(b => b.Symbol == symbol);
    }

    /// <summary>The local kernel: <c>(args, firstLane, endLane)</c>, lanes a multiple of <c>Lanes·Unroll</c> apart.</summary>
    public static Expression<Action<KernelArgs, int, int>> BuildLocal(LoweredModel lowered, KernelVariant variant, Simd simd) =>
        new KernelBuilder(lowered, simd).Local(variant);

    /// <summary>The global kernel: runs the global statements for <see cref="KernelArgs.Steps"/> steps (256-bit: only lane 0 counts).</summary>
    public static Expression<Action<KernelArgs>> BuildGlobal(LoweredModel lowered) => new KernelBuilder(lowered, Simd.W256).Global();

    private Expression<Action<KernelArgs, int, int>> Local(KernelVariant variant)
    {
        var laneLo = Expression.Parameter(typeof(int), "laneLo");
        var laneHi = Expression.Parameter(typeof(int), "laneHi");
        var body = new List<Expression>();
        var U = variant.Unroll;
        var W = _s.Lanes;
        var refractory = variant.Refractory && _l.HasRefractory;
        var useTime = Uses(BuiltinSymbol.Time, local: true);
        var useLastSpike = Uses(BuiltinSymbol.LastSpikeTime, local: true);
        var nVar = _m.Variables.Length;
        var nPar = _m.Parameters.Length;

        // ---- kernel prologue: arrays and broadcast globals
        var dt = Local(typeof(double), "dt");
        var dtV = Local(_s.V, "dtV");
        body.Add(Expression.Assign(dt, Field(nameof(KernelArgs.Dt))));
        body.Add(Expression.Assign(dtV, _s.Broadcast(dt)));
        var varArrays = new ParameterExpression?[nVar];
        for (var j = 0; j < nVar; j++)
        {
            if (_l.IsGlobalVariable(j)) continue;
            varArrays[j] = Local(typeof(double[]), $"varArr{j}");
            body.Add(Expression.Assign(varArrays[j]!, Element(Field(nameof(KernelArgs.Variables)), j)));
        }
        var parArrays = new ParameterExpression?[nPar];
        var globalPars = new Expression?[nPar];
        for (var p = 0; p < nPar; p++)
        {
            if (_l.IsGlobalParameter(p))
            {
                var g = Local(_s.V, $"gpar{p}");
                body.Add(Expression.Assign(g, _s.Broadcast(Element(Field(nameof(KernelArgs.GlobalParameters)), p))));
                globalPars[p] = g;
            }
            else
            {
                parArrays[p] = Local(typeof(double[]), $"parArr{p}");
                body.Add(Expression.Assign(parArrays[p]!, Element(Field(nameof(KernelArgs.Parameters)), p)));
            }
        }
        var inputArrays = new ParameterExpression[_m.Inputs.Length];
        for (var k = 0; k < inputArrays.Length; k++)
        {
            inputArrays[k] = Local(typeof(double[]), $"inArr{k}");
            body.Add(Expression.Assign(inputArrays[k], Element(Field(nameof(KernelArgs.Inputs)), k)));
        }
        var globalOps = new Expression[_l.GlobalOps.Length];
        for (var k = 0; k < globalOps.Length; k++)
        {
            var g = Local(_s.V, $"gop{k}");
            body.Add(Expression.Assign(g, _s.Broadcast(Element(Field(nameof(KernelArgs.GlobalOpValues)), k))));
            globalOps[k] = g;
        }
        var trace = Local(typeof(double[]), "trace");
        var stride = Local(typeof(int), "traceStride");
        body.Add(Expression.Assign(trace, Field(nameof(KernelArgs.GlobalTrace))));
        body.Add(Expression.Assign(stride, Field(nameof(KernelArgs.GlobalTraceStride))));
        var remArray = Local(typeof(double[]), "remArr");
        var lastArray = Local(typeof(double[]), "lastArr");
        var keys = Local(typeof(ulong[]), "keys");
        var seed = Local(typeof(ulong), "seed");
        var step0 = Local(typeof(long), "step0");
        var steps = Local(typeof(int), "steps");
        body.Add(Expression.Assign(remArray, Field(nameof(KernelArgs.Refractory))));
        body.Add(Expression.Assign(lastArray, Field(nameof(KernelArgs.LastSpike))));
        body.Add(Expression.Assign(keys, Field(nameof(KernelArgs.Keys))));
        body.Add(Expression.Assign(seed, Field(nameof(KernelArgs.Seed))));
        body.Add(Expression.Assign(step0, Field(nameof(KernelArgs.Step0))));
        body.Add(Expression.Assign(steps, Field(nameof(KernelArgs.Steps))));
        var recRow = Local(typeof(int[]), "recRow");
        var size = Local(typeof(int), "size");
        var recBufs = new ParameterExpression?[nVar];
        var recStrides = new ParameterExpression?[nVar];
        if (variant.Record)
        {
            body.Add(Expression.Assign(recRow, Field(nameof(KernelArgs.RecordRow))));
            body.Add(Expression.Assign(size, Field(nameof(KernelArgs.Size))));
            for (var j = 0; j < nVar; j++)
            {
                if (_l.IsGlobalVariable(j)) continue;
                recBufs[j] = Local(typeof(double[]), $"recBuf{j}");
                recStrides[j] = Local(typeof(int), $"recStride{j}");
                body.Add(Expression.Assign(recBufs[j]!, Element(Field(nameof(KernelArgs.RecordBuffers)), j)));
                body.Add(Expression.Assign(recStrides[j]!, Element(Field(nameof(KernelArgs.RecordStrides)), j)));
            }
        }

        // Runs of ChunkSteps steps: before each run the noise of the run is drawn into a buffer, after it the buffered
        // spike events are applied; the step loop itself makes no call (a call would evict every vector register).
        var events = Local(typeof(long[]), "events");
        var eventCount = Local(typeof(int), "eventCount");
        if (_l.Spike is not null)
            body.Add(Expression.Assign(events, Expression.NewArrayBounds(typeof(long), Expression.Constant(KernelRuntime.ChunkSteps * U))));
        var nStreams = _l.LocalRandoms.Length;
        var randomStride = nStreams * U * W;
        var randoms = Local(typeof(double[]), "randoms");
        if (nStreams > 0)
            body.Add(Expression.Assign(randoms, Expression.NewArrayBounds(typeof(double), Expression.Constant(KernelRuntime.ChunkSteps * randomStride))));
        var chunkStart = Local(typeof(int), "chunkStart");
        var chunkEnd = Local(typeof(int), "chunkEnd");
        var randomBase = Local(typeof(int), "randomBase");
        var chunkFills = new List<Expression>();

        // ---- per-step shared values
        var lane = Local(typeof(int), "lane");
        var s = Local(typeof(int), "s");
        var step = Local(typeof(long), "step");
        var stepD = Local(typeof(double), "stepD");
        var timeV = Local(_s.V, "timeV");
        var globalVars = new Expression?[nVar];
        var stepShared = new List<Expression>
        {
            Expression.Assign(step, Expression.Add(step0, Expression.Convert(s, typeof(long)))),
            Expression.Assign(stepD, Expression.Convert(step, typeof(double))),
        };
        if (useTime) stepShared.Add(Expression.Assign(timeV, _s.Broadcast(Expression.Multiply(stepD, dt))));
        if (nStreams > 0)
            stepShared.Add(Expression.Assign(randomBase, Expression.Multiply(Expression.Subtract(s, chunkStart), Expression.Constant(randomStride))));
        for (var j = 0; j < nVar; j++)
        {
            if (!_l.IsGlobalVariable(j)) continue;
            var g = Local(_s.V, $"gvar{j}");
            globalVars[j] = g;
            stepShared.Add(Expression.Assign(g, _s.Call(nameof(VMath.Broadcast), trace,
                Expression.Add(Expression.Multiply(s, stride), Expression.Constant(j)))));
        }

        // ---- groups
        var prologue = new List<Expression>();
        var stepBody = new List<Expression>(stepShared);
        var epilogue = new List<Expression>();
        var recordStores = new List<Expression>();
        var recBase = Local(typeof(int), "recBase");
        for (var g = 0; g < U; g++)
        {
            var off = Local(typeof(int), $"off{g}");
            prologue.Add(Expression.Assign(off, Expression.Add(lane, Expression.Constant(W * g))));
            var vars = new Expression?[nVar];
            for (var j = 0; j < nVar; j++)
            {
                if (_l.IsGlobalVariable(j)) { vars[j] = globalVars[j]; continue; }
                var x = Local(_s.V, $"{_m.Variables[j].Name}_{g}");
                vars[j] = x;
                prologue.Add(Expression.Assign(x, _s.Call(nameof(VMath.Load), varArrays[j]!, off)));
                epilogue.Add(_s.Call(nameof(VMath.Store), x, varArrays[j]!, off));
                if (recBufs[j] is { } buf)
                {
                    // neuron-major: lane i of this vector goes to buf[(off + i) * stride + row]; padding lanes are skipped
                    var lanes = new List<Expression>();
                    for (var i = 0; i < W; i++)
                    {
                        var neuron = Expression.Add(off, Expression.Constant(i));
                        lanes.Add(Expression.IfThen(Expression.LessThan(neuron, size),
                            Expression.Assign(
                                Expression.ArrayAccess(buf, Expression.Add(Expression.Multiply(neuron, recStrides[j]!), recBase)),
                                Expression.Call(_s.GetElement, x, Expression.Constant(i)))));
                    }
                    recordStores.Add(Expression.IfThen(Expression.NotEqual(buf, Expression.Constant(null, typeof(double[]))), Expression.Block(lanes)));
                }
            }
            var pars = new Expression?[nPar];
            for (var p = 0; p < nPar; p++)
            {
                if (globalPars[p] is { } gp) { pars[p] = gp; continue; }
                var x = Local(_s.V, $"par_{_m.Parameters[p].Name}_{g}");
                pars[p] = x;
                prologue.Add(Expression.Assign(x, _s.Call(nameof(VMath.Load), parArrays[p]!, off)));
            }
            var inputs = new Expression[inputArrays.Length];
            for (var k = 0; k < inputs.Length; k++)
            {
                var x = Local(_s.V, $"in{k}_{g}");
                inputs[k] = x;
                prologue.Add(Expression.Assign(x, _s.Call(nameof(VMath.Load), inputArrays[k], off)));
            }
            var hoisted = new List<(ParameterExpression Local, Expression Value)>();
            var scope = new VectorScope
            {
                Variables = vars, Parameters = pars, Inputs = inputs, GlobalOps = globalOps, Dt = dtV, Hoisted = hoisted, Simd = _s,
                Time = useTime ? timeV : null,
            };
            ParameterExpression? rem = null, notRef = null, last = null;
            if (refractory)
            {
                rem = Local(_s.V, $"rem{g}");
                notRef = Local(_s.V, $"notRef{g}");
                prologue.Add(Expression.Assign(rem, _s.Call(nameof(VMath.Load), remArray, off)));
                epilogue.Add(_s.Call(nameof(VMath.Store), rem, remArray, off));
            }
            if (useLastSpike)
            {
                last = Local(_s.V, $"last{g}");
                scope.LastSpikeSteps = last;
                prologue.Add(Expression.Assign(last, _s.Call(nameof(VMath.Load), lastArray, off)));
                epilogue.Add(_s.Call(nameof(VMath.Store), last, lastArray, off));
            }

            // stream bases of this group's lanes, per 4 lanes (noise is drawn at 256 bits whatever the kernel's width)
            var bases = new Dictionary<int, ParameterExpression[]>();
            foreach (var r in _l.LocalRandoms)
            {
                var halves = new ParameterExpression[W / 4];
                for (var h = 0; h < halves.Length; h++)
                {
                    halves[h] = Local(typeof(Vector256<ulong>), $"base{r.Stream}_{g}_{h}");
                    prologue.Add(Expression.Assign(halves[h], Expression.Call(
                        Emit.Method(typeof(Rng), nameof(Rng.StreamBase), 3, [typeof(ulong), typeof(Vector256<ulong>), typeof(int)]),
                        seed, Expression.Call(Emit.Method(typeof(VMath), nameof(VMath.LoadKeys), 2), keys, Expression.Add(off, Expression.Constant(4 * h))),
                        Expression.Constant(r.Stream))));
                }
                bases[r.Stream] = halves;
            }

            var groupBody = new List<Expression>();
            if (refractory) groupBody.Add(Expression.Assign(notRef!, Expression.Call(_s.LessThanOrEqual, rem!, _s.Zero)));
            for (var k = 0; k < nStreams; k++)
            {
                var r = _l.LocalRandoms[k];
                var draw = Local(_s.V, $"rand{r.Stream}_{g}");
                var slot = (k * U + g) * W;
                groupBody.Add(Expression.Assign(draw, _s.Call(nameof(VMath.Load), randoms, Expression.Add(randomBase, Expression.Constant(slot)))));
                scope.Randoms[r.Stream] = draw;
                var (argA, argB) = _emitter.DrawArguments(r, scope);
                for (var h = 0; h < W / 4; h++)
                    chunkFills.Add(Expression.Call(Emit.Method(typeof(Distributions), nameof(Distributions.Fill), 9),
                        Expression.Constant((int)r.Distribution), randoms, Expression.Constant(slot + 4 * h), Expression.Constant(randomStride), bases[r.Stream][h],
                        Expression.Add(step0, Expression.Convert(chunkStart, typeof(long))), Expression.Subtract(chunkEnd, chunkStart),
                        _s.Lower(argA), _s.Lower(argB)));
            }
            foreach (var op in _l.Local) groupBody.Add(Op(op, scope, notRef, spikeMask: null));
            if (refractory)
                groupBody.Add(Expression.Assign(rem!, _s.Call(nameof(VMath.Select), notRef!, rem!, Expression.Subtract(rem!, _s.Const(1.0)))));
            if (_l.Spike is { } spike)
            {
                var mask = Local(_s.V, $"spike{g}");
                var bits = Local(typeof(uint), $"bits{g}");
                Expression cond = _emitter.Mask(spike, scope);
                if (refractory) cond = Expression.And(cond, notRef!);
                groupBody.Add(Expression.Assign(mask, cond));
                groupBody.Add(Expression.Assign(bits, _s.Call(nameof(VMath.MaskBits), mask)));
                var onSpike = new List<Expression>();
                foreach (var op in _l.Reset) onSpike.Add(Op(op, scope, notRef: null, spikeMask: mask));
                if (last is not null)
                    onSpike.Add(Expression.Assign(last, _s.Call(nameof(VMath.Select), mask, _s.Broadcast(stepD), last)));
                if (refractory)
                    onSpike.Add(Expression.Assign(rem!, _s.Call(nameof(VMath.Select), mask,
                        _s.Call(nameof(VMath.Trunc), Expression.Divide(_emitter.Number(_l.Refractory!, scope), dtV)), rem!)));
                onSpike.Add(Expression.Call(Emit.Method(typeof(KernelRuntime), nameof(KernelRuntime.Record), 5), events, eventCount, step, Expression.Constant(g), bits));
                onSpike.Add(Expression.PreIncrementAssign(eventCount));
                groupBody.Add(Expression.IfThen(Expression.NotEqual(bits, Expression.Constant(0u)), Expression.Block(onSpike)));
            }
            stepBody.AddRange(groupBody);
            _locals.AddRange(scope.Locals);
            foreach (var (local, value) in hoisted)
            {
                _locals.Add(local);
                prologue.Add(Expression.Assign(local, value));
            }
        }
        if (variant.Record && recordStores.Count > 0)
        {
            var row = Local(typeof(int), "row");
            stepBody.Add(Expression.Assign(row, Expression.ArrayIndex(recRow, s)));
            stepBody.Add(Expression.IfThen(Expression.GreaterThanOrEqual(row, Expression.Constant(0)), Expression.Block(
                Expression.Assign(recBase, row),
                Expression.Block(recordStores))));
        }

        Expression stepLoop;
        if (_l.Spike is null && nStreams == 0)
            stepLoop = Emit.For(s, Expression.Constant(0), steps, Expression.Constant(1), Expression.Block(stepBody));
        else
        {
            var exitInner = Expression.Label("innerExit");
            var exitOuter = Expression.Label("outerExit");
            var inner = Expression.Loop(
                Expression.IfThenElse(Expression.LessThan(s, chunkEnd),
                    Expression.Block(Expression.Block(stepBody), Expression.PreIncrementAssign(s)),
                    Expression.Break(exitInner)),
                exitInner);
            var chunk = new List<Expression>
            {
                Expression.Assign(chunkStart, s),
                Expression.Assign(chunkEnd, Expression.Call(typeof(Math).GetMethod(nameof(Math.Min), [typeof(int), typeof(int)])!,
                    steps, Expression.Add(s, Expression.Constant(KernelRuntime.ChunkSteps)))),
            };
            chunk.AddRange(chunkFills);
            if (_l.Spike is not null) chunk.Add(Expression.Assign(eventCount, Expression.Constant(0)));
            chunk.Add(inner);
            if (_l.Spike is not null)
                chunk.Add(Expression.IfThen(Expression.GreaterThan(eventCount, Expression.Constant(0)),
                    Expression.Call(Emit.Method(typeof(KernelRuntime), nameof(KernelRuntime.Flush), 5), _args, events, eventCount, lane, Expression.Constant(W))));
            stepLoop = Expression.Block(
                Expression.Assign(s, Expression.Constant(0)),
                Expression.Loop(
                    Expression.IfThenElse(Expression.LessThan(s, steps), Expression.Block(chunk), Expression.Break(exitOuter)),
                    exitOuter));
        }
        var groupLoop = Emit.For(lane, laneLo, laneHi, Expression.Constant(W * U),
            Expression.Block(Expression.Block(prologue), stepLoop, Expression.Block(epilogue), Expression.Empty()));
        body.Add(groupLoop);
        return Expression.Lambda<Action<KernelArgs, int, int>>(Expression.Block(_locals, body), $"kernel_{_m.Name}_u{U}", [_args, laneLo, laneHi]);
    }

    /// <summary>One lowered operation for a group. With a spike mask, writes only the spiking lanes (reset).</summary>
    private Expression Op(LoweredOp op, VectorScope scope, ParameterExpression? notRef, ParameterExpression? spikeMask)
    {
        switch (op)
        {
            case SetTemp t:
                return Expression.Assign(scope.Temp(t.Slot), _emitter.Number(t.Value, scope));
            case SetVariable sv:
            {
                var info = _m.Variables[sv.Variable];
                var target = (ParameterExpression)scope.Variables[sv.Variable]!;
                var value = Expression.Variable(_s.V, "nv");
                var steps = new List<Expression> { Expression.Assign(value, _emitter.Convert(_emitter.Number(sv.Value, scope), info.Type)) };
                if (sv.Freezable && notRef is not null)
                    steps.Add(Expression.Assign(value, _s.Call(nameof(VMath.Select), notRef, value, target)));
                if (sv.Clamp && (info.Min is not null || info.Max is not null))
                {
                    if (info.Min is { } min) steps.Add(Expression.Assign(value, _s.Call(nameof(VMath.ClampMin), value, _emitter.Number(min, scope))));
                    if (info.Max is { } max) steps.Add(Expression.Assign(value, _s.Call(nameof(VMath.ClampMax), value, _emitter.Number(max, scope))));
                    if (info.Type != Models.Analysis.ValueType.Float) steps.Add(Expression.Assign(value, _emitter.Convert(value, info.Type)));
                }
                if (spikeMask is not null) steps.Add(Expression.Assign(value, _s.Call(nameof(VMath.Select), spikeMask, value, target)));
                steps.Add(Expression.Assign(target, value));
                return Expression.Block([value], steps);
            }
            default:
                throw new NotSupportedException(op.GetType().Name);
        }
    }
}
