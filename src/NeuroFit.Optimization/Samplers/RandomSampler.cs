using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers;

/// <summary>Independent draws from each prior; trial k uses the stream (seed, k) only.</summary>
internal sealed class RandomSampler(SearchSpace space, long seed) : Sampler(space, seed)
{
    /// <summary>Stream tag of prior draws (shared with TPE's start-up phase).</summary>
    internal const long PriorStream = 1;

    public override IReadOnlyDictionary<string, double> SampleTrial(IReadOnlyList<Trial> others, int number) =>
        SamplePrior(Space, Seed, number);

    internal static Dictionary<string, double> SamplePrior(SearchSpace space, long seed, int number)
    {
        var rng = Rng.For(seed, number, PriorStream);
        var result = new Dictionary<string, double>(space.Count, StringComparer.Ordinal);
        foreach (var p in space.Parameters) result[p.Name] = p.Distribution.SamplePrior(rng);
        return result;
    }
}
