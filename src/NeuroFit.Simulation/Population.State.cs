using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Numerics;
using NeuroFit.Simulation.Reference;

namespace NeuroFit.Simulation;

public sealed partial class Population
{
    /// <summary>
    /// Back to the initial values: parameters and overridden variables from <see cref="SetInitial(string, double)"/>
    /// (or the model defaults), other variables from their <c>init=</c> expression evaluated on the initial parameters
    /// (random inits drawn from each neuron's stream); no refractoriness, last spike at −10000 steps, spike counts,
    /// divergence flags, inputs and population reductions cleared.
    /// </summary>
    internal void Reset()
    {
        for (var p = 0; p < Model.Parameters.Length; p++)
        {
            if (_pars[p] is { } lanes)
            {
                _initPars[p]!.CopyTo(lanes, 0);
                Pad(lanes);
            }
            else _globalPars[p] = _initGlobalPars[p];
        }
        for (var j = 0; j < Model.Variables.Length; j++)
        {
            var info = Model.Variables[j];
            if (info.Locality == Locality.Global)
            {
                _globalVars[j] = _initGlobalVarOverride[j] ?? InitialValues.Evaluate(Model, j, InitialParameter(0), Network.Dt, Network.Seed, Rng.GlobalKey);
                continue;
            }
            var lanes = _vars[j]!;
            if (_initVarOverride[j] is { } given) given.CopyTo(lanes, 0);
            else if (info.Init is ConstEx c) Array.Fill(lanes, ScalarEvaluator.Convert(c.Value, info.Type));
            else
                for (var i = 0; i < Size; i++)
                    lanes[i] = InitialValues.Evaluate(Model, j, InitialParameter(i), Network.Dt, Network.Seed, _keys[i]);
            Pad(lanes);
        }
        foreach (var input in _inputs) Array.Clear(input);
        Array.Clear(_refractory);
        Array.Fill(_lastSpike, -10000.0);
        Array.Clear(_spikeCounts);
        Array.Clear(_diverged);
        Array.Clear(_globalOpValues);
        foreach (var recorder in _recorders) recorder.OnNetworkReset();
    }

    private Func<int, double> InitialParameter(int neuron) => p => _initPars[p] is { } local ? local[neuron] : _initGlobalPars[p];

    internal PopulationState Snapshot() => new(
        this,
        [.. _vars.Select(a => (double[]?)a?.Clone())],
        (double[])_globalVars.Clone(),
        [.. _pars.Select(a => (double[]?)a?.Clone())],
        (double[])_globalPars.Clone(),
        [.. _inputs.Select(a => (double[])a.Clone())],
        (double[])_refractory.Clone(),
        (double[])_lastSpike.Clone(),
        (int[])_spikeCounts.Clone(),
        (ulong[])_keys.Clone(),
        (bool[])_diverged.Clone(),
        (double[])_globalOpValues.Clone());

    internal void Restore(PopulationState s)
    {
        if (!ReferenceEquals(s.Owner, this))
            throw new SimulationException($"population '{Name}': the snapshot belongs to another population");
        for (var j = 0; j < _vars.Length; j++) s.Variables[j]?.CopyTo(_vars[j]!, 0);
        s.GlobalVariables.CopyTo(_globalVars, 0);
        for (var p = 0; p < _pars.Length; p++) s.Parameters[p]?.CopyTo(_pars[p]!, 0);
        s.GlobalParameters.CopyTo(_globalPars, 0);
        for (var k = 0; k < _inputs.Length; k++) s.Inputs[k].CopyTo(_inputs[k], 0);
        s.Refractory.CopyTo(_refractory, 0);
        s.LastSpike.CopyTo(_lastSpike, 0);
        s.SpikeCounts.CopyTo(_spikeCounts, 0);
        s.Keys.CopyTo(_keys, 0);
        s.Diverged.CopyTo(_diverged, 0);
        s.GlobalOpValues.CopyTo(_globalOpValues, 0);
    }
}

/// <summary>A copy of everything that determines a population's future: state, parameters, refractoriness, keys.</summary>
internal sealed record PopulationState(
    Population Owner,
    double[]?[] Variables,
    double[] GlobalVariables,
    double[]?[] Parameters,
    double[] GlobalParameters,
    double[][] Inputs,
    double[] Refractory,
    double[] LastSpike,
    int[] SpikeCounts,
    ulong[] Keys,
    bool[] Diverged,
    double[] GlobalOpValues);

/// <summary>
/// The full state of a network at one step (time, every population's variables, parameters, refractory counters,
/// last spikes, random-stream position): <see cref="Network.Restore"/> continues exactly as the original would have.
/// Recorded data is not part of it.
/// </summary>
public sealed class NetworkState
{
    internal NetworkState(Network owner, long step, IReadOnlyList<PopulationState> populations)
    {
        Owner = owner;
        Step = step;
        Populations = populations;
    }

    internal Network Owner { get; }

    internal IReadOnlyList<PopulationState> Populations { get; }

    /// <summary>The step counter at the snapshot.</summary>
    public long Step { get; }
}
