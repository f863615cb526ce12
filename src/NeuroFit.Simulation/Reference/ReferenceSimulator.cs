using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Lowering;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Reference;

/// <summary>
/// A plain, neuron-by-neuron, step-by-step interpreter of a lowered model: the scalar reference the generated
/// kernels are tested against (bit-identical). Slow on purpose: no vectors, no hoisting, no blocking, no threads.
/// </summary>
internal sealed class ReferenceSimulator
{
    private readonly LoweredModel _lowered;
    private readonly AnalysedModel _model;
    private readonly double[] _temps;
    private readonly double[] _globalOpValues;

    public ReferenceSimulator(AnalysedModel model, int size, double dt, ulong seed, ulong[]? keys = null)
    {
        _lowered = Lowerer.Lower(model);
        _model = model;
        Size = size;
        Dt = dt;
        Seed = seed;
        Keys = keys ?? [.. Enumerable.Range(0, size).Select(i => (ulong)i)];
        Parameters = [.. model.Parameters.Select(p => Enumerable.Repeat(p.Default, p.Locality == Locality.Global ? 1 : size).ToArray())];
        Variables = new double[model.Variables.Length][];
        for (var v = 0; v < model.Variables.Length; v++)
        {
            var global = model.Variables[v].Locality == Locality.Global;
            Variables[v] = new double[global ? 1 : size];
            for (var i = 0; i < Variables[v].Length; i++)
            {
                var neuron = i;
                Variables[v][i] = InitialValues.Evaluate(model, v, p => Parameters[p][Parameters[p].Length == 1 ? 0 : neuron], dt, seed,
                    global ? Rng.GlobalKey : Keys[i]);
            }
        }
        Inputs = [.. model.Inputs.Select(_ => new double[size])];
        Refractory = new double[size];
        LastSpike = Enumerable.Repeat(-10000.0, size).ToArray();
        Spikes = [.. Enumerable.Range(0, size).Select(_ => new List<int>())];
        _temps = new double[Math.Max(1, _lowered.TempCount)];
        _globalOpValues = new double[_lowered.GlobalOps.Length];
    }

    public int Size { get; }
    public double Dt { get; }
    public ulong Seed { get; }
    public ulong[] Keys { get; }
    public long Step { get; private set; }
    public double[][] Parameters { get; }
    public double[][] Variables { get; }
    public double[][] Inputs { get; }
    public double[] Refractory { get; }
    public double[] LastSpike { get; }
    public List<int>[] Spikes { get; }

    /// <summary>Runs one step; returns every variable after it (the value a monitor records), [variable][neuron].</summary>
    public double[][] RunStep()
    {
        Advance();
        return [.. Variables.Select(v => (double[])v.Clone())];
    }

    /// <summary>Runs one step without copying the state out (the benchmark baseline).</summary>
    public void Advance()
    {
        var globalScope = new Scope(this, -1);
        Execute(_lowered.Global, globalScope, notRefractory: true);

        var inRef = new bool[Size];
        for (var i = 0; i < Size; i++)
        {
            var scope = new Scope(this, i);
            inRef[i] = !_lowered.HasRefractory || Refractory[i] <= 0;
            Execute(_lowered.Local, scope, inRef[i]);
            if (_lowered.HasRefractory && !inRef[i]) Refractory[i] -= 1;
        }
        if (_lowered.Spike is { } spike)
        {
            for (var i = 0; i < Size; i++)
            {
                if (!inRef[i]) continue;
                var scope = new Scope(this, i);
                if (!ScalarEvaluator.Truth(ScalarEvaluator.Eval(spike, scope))) continue;
                Execute(_lowered.Reset, scope, notRefractory: true);
                LastSpike[i] = Step;
                Spikes[i].Add(checked((int)Step));
                if (_lowered.HasRefractory)
                    Refractory[i] = Math.Truncate(ScalarEvaluator.Eval(_lowered.Refractory!, scope) / Dt);
            }
        }
        for (var k = 0; k < _lowered.GlobalOps.Length; k++)
            _globalOpValues[k] = Reduce(_lowered.GlobalOps[k], Variables[_lowered.GlobalOps[k].Variable]);
        Step++;
    }

    /// <summary>The population reduction used by the engine: finite values only, in neuron order.</summary>
    public static double Reduce(GlobalOpSlot slot, ReadOnlySpan<double> values)
    {
        double acc = slot.Op switch { GlobalOpKind.Max => double.NegativeInfinity, GlobalOpKind.Min => double.PositiveInfinity, _ => 0.0 };
        var count = 0;
        foreach (var x in values)
        {
            if (!double.IsFinite(x)) continue;
            count++;
            acc = slot.Op switch
            {
                GlobalOpKind.Max => Math.Max(acc, x),
                GlobalOpKind.Min => Math.Min(acc, x),
                GlobalOpKind.Mean => acc + x,
                GlobalOpKind.Norm1 => acc + Math.Abs(x),
                _ => acc + x * x,
            };
        }
        if (count == 0) return 0.0;
        return slot.Op switch
        {
            GlobalOpKind.Mean => acc / count,
            GlobalOpKind.Norm2 => Math.Sqrt(acc),
            _ => acc,
        };
    }

    private void Execute(IEnumerable<LoweredOp> ops, Scope scope, bool notRefractory)
    {
        foreach (var op in ops)
        {
            switch (op)
            {
                case SetTemp t:
                    _temps[t.Slot] = ScalarEvaluator.Eval(t.Value, scope);
                    break;
                case SetVariable s:
                {
                    var info = _model.Variables[s.Variable];
                    var value = ScalarEvaluator.Convert(ScalarEvaluator.Eval(s.Value, scope), info.Type);
                    if (s.Freezable && !notRefractory) value = scope.Variable(s.Variable);
                    if (s.Clamp)
                    {
                        if (info.Min is { } min) { var m = ScalarEvaluator.Eval(min, scope); if (value < m) value = m; }
                        if (info.Max is { } max) { var m = ScalarEvaluator.Eval(max, scope); if (value > m) value = m; }
                        value = ScalarEvaluator.Convert(value, info.Type);
                    }
                    scope.SetVariable(s.Variable, value);
                    break;
                }
            }
        }
    }

    private sealed class Scope(ReferenceSimulator sim, int neuron) : IScalarScope
    {
        public double Variable(int index)
        {
            if (neuron < 0 && sim._model.Variables[index].Locality == Locality.Local)
                throw new SimulationException($"a global statement reads local variable '{sim._model.Variables[index].Name}'");
            return sim.Variables[index][sim._model.Variables[index].Locality == Locality.Global ? 0 : neuron];
        }

        public void SetVariable(int index, double value) =>
            sim.Variables[index][sim._model.Variables[index].Locality == Locality.Global ? 0 : neuron] = value;

        public double Parameter(int index) => sim.Parameters[index][sim._model.Parameters[index].Locality == Locality.Global ? 0 : neuron];
        public double Temp(int slot) => sim._temps[slot];
        public double Builtin(BuiltinSymbol symbol) => symbol switch
        {
            BuiltinSymbol.Time => sim.Step * sim.Dt,
            BuiltinSymbol.Dt => sim.Dt,
            _ => sim.LastSpike[neuron] * sim.Dt,
        };
        public double Input(int index) => sim.Inputs[index][neuron];
        public double Random(RandomEx random)
        {
            var key = neuron < 0 ? Rng.GlobalKey : sim.Keys[neuron];
            return ScalarEvaluator.Draw(random, Rng.StreamBase(sim.Seed, key, random.Stream), sim.Step, this);
        }
        public double GlobalOp(GlobalOpEx op) => sim._globalOpValues[sim._lowered.GlobalOpSlotOf(op)];
    }
}
