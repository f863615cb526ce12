using System.Collections.Immutable;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation.Lowering;

/// <summary>A temporary of the lowered program (an integrator stage or a block's new value).</summary>
internal sealed record TempEx(int Slot) : Ex(Models.Analysis.ValueType.Float);

/// <summary>One operation of a lowered pass, executed in order.</summary>
internal abstract record LoweredOp;

/// <summary><c>temp = value</c>.</summary>
internal sealed record SetTemp(int Slot, Ex Value) : LoweredOp;

/// <summary>
/// <c>x = value</c>, converted to the variable's type. When <paramref name="Freezable"/> and the neuron is refractory
/// the old value is kept. When <paramref name="Clamp"/>, the variable's min then max bounds are applied afterwards.
/// </summary>
internal sealed record SetVariable(int Variable, Ex Value, bool Clamp, bool Freezable) : LoweredOp;

/// <summary>A population reduction slot: <paramref name="Op"/> of local variable <paramref name="Variable"/>.</summary>
internal sealed record GlobalOpSlot(GlobalOpKind Op, int Variable);

/// <summary>
/// The model reduced to straight-line passes of temporaries and variable writes: integrators, blocks and coupling
/// are resolved here, once, so the vector kernel and the scalar reference execute the very same formulas.
/// </summary>
internal sealed record LoweredModel(
    AnalysedModel Model,
    ImmutableArray<LoweredOp> Global,
    ImmutableArray<LoweredOp> Local,
    Ex? Spike,
    ImmutableArray<LoweredOp> Reset,
    Ex? Refractory,
    int TempCount,
    ImmutableArray<RandomEx> GlobalRandoms,
    ImmutableArray<RandomEx> LocalRandoms,
    ImmutableArray<GlobalOpSlot> GlobalOps)
{
    public bool IsSpiking => Spike is not null;
    public bool HasRefractory => Refractory is not null && !(Refractory is ConstEx c && c.Value <= 0);
    public bool IsGlobalVariable(int variable) => Model.Variables[variable].Locality == Locality.Global;
    public bool IsGlobalParameter(int parameter) => Model.Parameters[parameter].Locality == Locality.Global;

    public int GlobalOpSlotOf(GlobalOpEx ex)
    {
        for (var i = 0; i < GlobalOps.Length; i++)
            if (GlobalOps[i].Op == ex.Op && GlobalOps[i].Variable == ex.Variable) return i;
        throw new InvalidOperationException($"global operation {ex.Op}({ex.Variable}) was not collected");
    }
}
