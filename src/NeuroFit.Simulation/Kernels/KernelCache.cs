using System.Collections.Concurrent;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Lowering;

namespace NeuroFit.Simulation;

/// <summary>
/// Compiled kernels, per model text and kernel variant. A cache only saves compilation time: the same model always
/// compiles to the same code, so sharing a cache never changes results. <see cref="Shared"/> serves networks that
/// are not given their own. Thread-safe.
/// </summary>
public sealed class KernelCache
{
    private readonly ConcurrentDictionary<string, Lazy<Kernels.CompiledModel>> _models = new(StringComparer.Ordinal);
    private readonly Kernels.Simd _simd;

    /// <summary>A cache whose kernels compute with vectors of <paramref name="width"/> (the width never changes results).</summary>
    public KernelCache(VectorWidth width = VectorWidth.Auto) => _simd = Kernels.Simd.Of(width);

    /// <summary>The process-wide cache used by default (<see cref="VectorWidth.Auto"/>).</summary>
    public static KernelCache Shared { get; } = new();

    /// <summary>Bits per vector of the kernels this cache generates (256 or 512).</summary>
    public int VectorBits => _simd.Lanes * 64;

    /// <summary>Number of distinct models compiled through this cache.</summary>
    public int Count => _models.Count;

    internal Kernels.CompiledModel Get(AnalysedModel model)
    {
        var key = Kernels.ModelFingerprint.Of(model);
        return _models.GetOrAdd(key, _ => new Lazy<Kernels.CompiledModel>(() => new Kernels.CompiledModel(Lowerer.Lower(model), _simd))).Value;
    }
}
