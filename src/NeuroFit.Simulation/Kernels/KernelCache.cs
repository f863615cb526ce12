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

    /// <summary>The process-wide cache used by default.</summary>
    public static KernelCache Shared { get; } = new();

    /// <summary>Number of distinct models compiled through this cache.</summary>
    public int Count => _models.Count;

    internal Kernels.CompiledModel Get(AnalysedModel model)
    {
        var key = Kernels.ModelFingerprint.Of(model);
        return _models.GetOrAdd(key, _ => new Lazy<Kernels.CompiledModel>(() => new Kernels.CompiledModel(Lowerer.Lower(model)))).Value;
    }
}
