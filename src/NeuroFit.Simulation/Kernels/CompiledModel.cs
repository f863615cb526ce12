using System.Collections.Concurrent;
using NeuroFit.Simulation.Lowering;

namespace NeuroFit.Simulation.Kernels;

/// <summary>A lowered model and its kernels at one vector width, generated on first use of each variant.</summary>
internal sealed class CompiledModel(LoweredModel lowered, Simd simd)
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

    /// <summary>The vector width of the local kernels.</summary>
    public Simd Simd { get; } = simd;

    /// <summary>Neurons per vector of the local kernels.</summary>
    public int Lanes => Simd.Lanes;

    public Action<KernelArgs>? Global => _global.Value;

    public Action<KernelArgs, int, int> Local(KernelVariant variant) =>
        _local.GetOrAdd(variant, v => new Lazy<Action<KernelArgs, int, int>>(() => KernelBuilder.BuildLocal(Lowered, v, Simd).Compile())).Value;

    /// <summary>Compiles the variants a plain run needs (for timing compilation up front).</summary>
    public void Warm(bool refractory)
    {
        _ = Global;
        _ = Local(new KernelVariant(MainUnroll, Record: false, Refractory: refractory));
        _ = Local(new KernelVariant(1, Record: false, Refractory: refractory));
    }
}
