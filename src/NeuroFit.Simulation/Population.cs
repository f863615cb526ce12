using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Kernels;
using NeuroFit.Simulation.Numerics;
using NeuroFit.Simulation.Reference;

namespace NeuroFit.Simulation;

/// <summary>
/// N neurons of one model in a <see cref="Network"/>: one neuron per parameter set. Local attributes have one value
/// per neuron, global ones a single value. Attributes can be read and written between runs without recompiling.
/// </summary>
public sealed partial class Population
{
    /// <summary>Local arrays hold whole vectors of the widest kernel (8 neurons), whatever width runs them.</summary>
    private const int PadLanes = 8;

    private readonly CompiledModel _compiled;
    private readonly int _lanes;
    private readonly double[]?[] _vars;
    private readonly double[] _globalVars;
    private readonly double[]?[] _pars;
    private readonly double[] _globalPars;
    private readonly double[][] _inputs;
    private readonly double[] _refractory;
    private readonly double[] _lastSpike;
    private readonly int[] _spikeCounts;
    private readonly ulong[] _keys;
    private readonly bool[] _diverged;
    private readonly double[] _globalOpValues;
    private readonly double[]?[] _initPars;
    private readonly double[] _initGlobalPars;
    private readonly double[]?[] _initVarOverride;
    private readonly double?[] _initGlobalVarOverride;
    private readonly List<Recorder> _recorders = [];
    private readonly KernelArgs _args;

    internal Population(Network network, string name, AnalysedModel model, int size, CompiledModel compiled)
    {
        if (size < 1) throw new SimulationException($"population '{name}': size must be at least 1, got {size}");
        Network = network;
        Name = name;
        Model = model;
        Size = size;
        _compiled = compiled;
        _lanes = (size + PadLanes - 1) / PadLanes * PadLanes;
        var nVar = model.Variables.Length;
        var nPar = model.Parameters.Length;
        _vars = new double[]?[nVar];
        _globalVars = new double[nVar];
        _initVarOverride = new double[]?[nVar];
        _initGlobalVarOverride = new double?[nVar];
        for (var j = 0; j < nVar; j++)
            if (model.Variables[j].Locality == Locality.Local) _vars[j] = new double[_lanes];
        _pars = new double[]?[nPar];
        _globalPars = new double[nPar];
        _initPars = new double[]?[nPar];
        _initGlobalPars = new double[nPar];
        for (var p = 0; p < nPar; p++)
        {
            var info = model.Parameters[p];
            if (info.Locality == Locality.Local)
            {
                _pars[p] = new double[_lanes];
                _initPars[p] = Enumerable.Repeat(info.Default, size).ToArray();
            }
            else _initGlobalPars[p] = info.Default;
        }
        _inputs = [.. model.Inputs.Select(_ => new double[_lanes])];
        _refractory = new double[_lanes];
        _lastSpike = new double[_lanes];
        _spikeCounts = new int[_lanes];
        _keys = new ulong[_lanes];
        for (var i = 0; i < _lanes; i++) _keys[i] = (ulong)Math.Min(i, size - 1);
        _diverged = new bool[size];
        _globalOpValues = new double[compiled.Lowered.GlobalOps.Length];
        _args = new KernelArgs
        {
            Variables = _vars, Parameters = _pars, GlobalParameters = _globalPars, Inputs = _inputs, GlobalVariables = _globalVars,
            GlobalOpValues = _globalOpValues, Refractory = _refractory, LastSpike = _lastSpike, SpikeCounts = _spikeCounts,
            Keys = _keys, Seed = network.Seed, Dt = network.Dt, Size = size,
        };
        Reset();
    }

    /// <summary>The network this population belongs to.</summary>
    public Network Network { get; }

    /// <summary>Unique name within the network.</summary>
    public string Name { get; }

    /// <summary>Number of neurons.</summary>
    public int Size { get; }

    /// <summary>The analysed model every neuron runs.</summary>
    public AnalysedModel Model { get; }

    /// <summary>Parameter names in declaration order.</summary>
    public IReadOnlyList<string> ParameterNames => [.. Model.Parameters.Select(p => p.Name)];

    /// <summary>Variable names in declaration order (hidden ones last).</summary>
    public IReadOnlyList<string> VariableNames => [.. Model.Variables.Select(v => v.Name)];

    /// <summary>Parameters then variables.</summary>
    public IReadOnlyList<string> AttributeNames => [.. ParameterNames, .. VariableNames];

    /// <summary>True for a parameter, a variable, or an input <c>sum(target)</c> of the model.</summary>
    public bool HasAttribute(string attribute) => TryResolve(attribute, out _);

    /// <summary>True when the attribute has one value for the whole population.</summary>
    public bool IsGlobal(string attribute) => Resolve(attribute).Global;

    /// <summary>Live values: one per neuron for a local attribute, a single value for a global one.</summary>
    public double[] Get(string attribute)
    {
        var a = Resolve(attribute);
        return a.Kind switch
        {
            AttributeKind.Parameter when a.Global => [_globalPars[a.Index]],
            AttributeKind.Parameter => _pars[a.Index]!.AsSpan(0, Size).ToArray(),
            AttributeKind.Variable when a.Global => [_globalVars[a.Index]],
            AttributeKind.Variable => _vars[a.Index]!.AsSpan(0, Size).ToArray(),
            _ => _inputs[a.Index].AsSpan(0, Size).ToArray(),
        };
    }

    /// <summary>Sets the live value of an attribute for every neuron (values of int/bool attributes are converted as C does).</summary>
    public void Set(string attribute, double value)
    {
        var a = Resolve(attribute);
        value = ScalarEvaluator.Convert(value, a.Type);
        if (a.Global)
        {
            (a.Kind == AttributeKind.Parameter ? _globalPars : _globalVars)[a.Index] = value;
            return;
        }
        Array.Fill(LiveArray(a), value);
    }

    /// <summary>Sets one live value per neuron (<paramref name="values"/> has <see cref="Size"/> entries).</summary>
    public void Set(string attribute, ReadOnlySpan<double> values)
    {
        var a = Resolve(attribute);
        if (a.Global)
        {
            if (values.Length != 1)
                throw new SimulationException($"population '{Name}': '{attribute}' is global (one value for the population); set it with a single value, not {values.Length}");
            Set(attribute, values[0]);
            return;
        }
        CheckLength(attribute, values.Length);
        var target = LiveArray(a);
        for (var i = 0; i < Size; i++) target[i] = ScalarEvaluator.Convert(values[i], a.Type);
        Pad(target);
    }

    /// <summary>Sets the value <see cref="Network.Reset"/> returns this attribute to, for every neuron. The live value is unchanged.</summary>
    public void SetInitial(string attribute, double value)
    {
        var a = Resolve(attribute);
        if (a.Global) { SetInitial(attribute, [value]); return; }
        SetInitial(attribute, Enumerable.Repeat(value, Size).ToArray());
    }

    /// <summary>Sets per-neuron values that <see cref="Network.Reset"/> returns this attribute to. The live values are unchanged.</summary>
    public void SetInitial(string attribute, ReadOnlySpan<double> values)
    {
        var a = Resolve(attribute);
        if (a.Kind == AttributeKind.Input)
            throw new SimulationException($"population '{Name}': input '{attribute}' has no initial value (it is 0 after a reset); use Set");
        if (a.Global)
        {
            if (values.Length != 1)
                throw new SimulationException($"population '{Name}': '{attribute}' is global (one value for the population); give a single initial value, not {values.Length}");
            var v = ScalarEvaluator.Convert(values[0], a.Type);
            if (a.Kind == AttributeKind.Parameter) _initGlobalPars[a.Index] = v;
            else _initGlobalVarOverride[a.Index] = v;
            return;
        }
        CheckLength(attribute, values.Length);
        var copy = new double[Size];
        for (var i = 0; i < Size; i++) copy[i] = ScalarEvaluator.Convert(values[i], a.Type);
        if (a.Kind == AttributeKind.Parameter) _initPars[a.Index] = copy;
        else _initVarOverride[a.Index] = copy;
    }

    /// <summary>
    /// Sets each neuron's random-stream key (default: its index). A neuron's noise depends only on the network seed and
    /// its key, so the same key gives the same noise at any index, batch size or thread count. Takes effect for the next
    /// steps and for initial values drawn at the next <see cref="Network.Reset"/>.
    /// </summary>
    public void SetRngKeys(ReadOnlySpan<ulong> keys)
    {
        CheckLength("rng keys", keys.Length);
        keys.CopyTo(_keys);
        for (var i = Size; i < _lanes; i++) _keys[i] = keys[Size - 1];
    }

    /// <summary>The random-stream key of each neuron.</summary>
    public ulong[] GetRngKeys() => _keys.AsSpan(0, Size).ToArray();

    /// <summary>True when neuron <paramref name="neuron"/>'s state became NaN or infinite (sticky until a reset).</summary>
    public bool IsDiverged(int neuron) => _diverged[neuron];

    /// <summary>Per neuron: did its state become NaN or infinite since the last reset?</summary>
    public bool[] GetDiverged() => (bool[])_diverged.Clone();

    /// <summary>Number of diverged neurons.</summary>
    public int DivergedCount => _diverged.Count(d => d);

    /// <summary>Spikes per neuron since the last reset (counted whether or not anything records).</summary>
    public int[] GetSpikeCounts() => _spikeCounts.AsSpan(0, Size).ToArray();

    /// <summary>
    /// A recorder of <paramref name="variables"/> (and spikes when <paramref name="spikes"/>) for this population.
    /// It starts paused: call <see cref="Recorder.Start"/>.
    /// </summary>
    public Recorder CreateRecorder(IReadOnlyList<string> variables, bool spikes)
    {
        if (variables.Distinct(StringComparer.Ordinal).Count() != variables.Count)
            throw new SimulationException($"population '{Name}': a recorder lists a variable twice ({string.Join(", ", variables)})");
        var indices = new int[variables.Count];
        for (var k = 0; k < variables.Count; k++)
        {
            var a = Resolve(variables[k]);
            if (a.Kind != AttributeKind.Variable)
                throw new SimulationException($"population '{Name}': '{variables[k]}' is a parameter or input; only variables can be recorded (variables: {string.Join(", ", VariableNames)})");
            indices[k] = a.Index;
        }
        if (spikes && Model.Kind != NeuronKind.Spiking)
            throw new SimulationException($"population '{Name}': model '{Model.Name}' is rate-coded and has no spikes to record");
        var recorder = new Recorder(this, [.. variables], indices, spikes);
        _recorders.Add(recorder);
        return recorder;
    }

    internal void Detach(Recorder recorder) => _recorders.Remove(recorder);

    /// <summary>The recorders attached to this population (active or paused).</summary>
    internal IReadOnlyList<Recorder> Recorders => _recorders;

    private void CheckLength(string attribute, int length)
    {
        if (length != Size)
            throw new SimulationException($"population '{Name}': '{attribute}' needs {Size} values (one per neuron), got {length}");
    }

    private double[] LiveArray(Attribute a) => a.Kind switch
    {
        AttributeKind.Parameter => _pars[a.Index]!,
        AttributeKind.Variable => _vars[a.Index]!,
        _ => _inputs[a.Index],
    };

    /// <summary>Copies the last neuron's values into the padding lanes (they are computed but never reported).</summary>
    private void Pad(double[] lanes)
    {
        for (var i = Size; i < _lanes; i++) lanes[i] = lanes[Size - 1];
    }

    private enum AttributeKind { Parameter, Variable, Input }

    private readonly record struct Attribute(AttributeKind Kind, int Index, bool Global, Models.Analysis.ValueType Type);

    private bool TryResolve(string name, out Attribute attribute)
    {
        var p = Model.ParameterIndex(name);
        if (p >= 0)
        {
            var info = Model.Parameters[p];
            attribute = new Attribute(AttributeKind.Parameter, p, info.Locality == Locality.Global, info.Type);
            return true;
        }
        var v = Model.VariableIndex(name);
        if (v >= 0)
        {
            var info = Model.Variables[v];
            attribute = new Attribute(AttributeKind.Variable, v, info.Locality == Locality.Global, info.Type);
            return true;
        }
        for (var k = 0; k < Model.Inputs.Length; k++)
        {
            if (name == $"sum({Model.Inputs[k]})")
            {
                attribute = new Attribute(AttributeKind.Input, k, false, Models.Analysis.ValueType.Float);
                return true;
            }
        }
        attribute = default;
        return false;
    }

    private Attribute Resolve(string name) => TryResolve(name, out var a) ? a : throw new SimulationException(
        $"population '{Name}' (model '{Model.Name}') has no attribute '{name}'; it has: {string.Join(", ", AttributeNames)}");
}
