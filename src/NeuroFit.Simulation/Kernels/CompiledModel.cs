using System.Collections.Concurrent;
using NeuroFit.Simulation.Lowering;

namespace NeuroFit.Simulation.Kernels;

/// <summary>A lowered model and its kernels, generated on first use of each variant.</summary>
internal sealed class CompiledModel(LoweredModel lowered)
{
    /// <summary>
    /// Vectors per group in the main kernel (the tail of a population uses single-vector groups): several independent
    /// vectors hide the latency of each step's dependency chain (Izhikevich: 0.5e9 neuron-steps/s with 1, 1.9e9 with 4).
    /// </summary>
    public int MainUnroll => 4;

    private readonly ConcurrentDictionary<KernelVariant, Lazy<Action<KernelArgs, int, int>>> _local = new();
    private readonly Lazy<Action<KernelArgs>?> _global = new(() =>
        lowered.Global.Length == 0 ? null : KernelBuilder.BuildGlobal(lowered).Compile());

    public LoweredModel Lowered { get; } = lowered;

    public Action<KernelArgs>? Global => _global.Value;

    public Action<KernelArgs, int, int> Local(KernelVariant variant) =>
        _local.GetOrAdd(variant, v => new Lazy<Action<KernelArgs, int, int>>(() => KernelBuilder.BuildLocal(Lowered, v).Compile())).Value;

    /// <summary>Compiles the variants a plain run needs (for timing compilation up front).</summary>
    public void Warm(bool refractory)
    {
        _ = Global;
        _ = Local(new KernelVariant(MainUnroll, Record: false, Refractory: refractory));
        _ = Local(new KernelVariant(1, Record: false, Refractory: refractory));
    }
}
