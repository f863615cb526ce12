using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers.Tpe;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>Laws that hold for any input.</summary>
public class EstimatorLawTests
{
    private static Gen<double[]> Observations =>
        Gen.Choose(0, 400).SelectMany(n => Gen.Choose(-1000, 1000).ArrayOf(n).Select(a => a.Select(v => v / 100.0).ToArray()));

    [Property(MaxTest = 200)]
    public Property ParzenWeightsSumToOneAndSigmasAreClipped() =>
        Prop.ForAll(Observations.ToArbitrary(), obs =>
        {
            var mix = new ParzenMixture();
            HyperoptParzen.AdaptiveParzenNormal(obs, 1.0, 0.0, 20.0, 25, mix, new TpeScratch());
            var minSigma = 20.0 / Math.Min(100, 1 + mix.Count);
            var sorted = mix.M.ToArray().Zip(mix.M.ToArray().Skip(1)).All(p => p.First <= p.Second);
            return mix.Count == obs.Length + 1
                   && Math.Abs(mix.W.ToArray().Sum() - 1) < 1e-12
                   && mix.S.ToArray().All(s => s >= minSigma - 1e-12 && s <= 20.0)
                   && mix.Sigmas[mix.PriorPos] == 20.0 && mix.Mus[mix.PriorPos] == 0.0
                   && sorted;
        });

    [Property(MaxTest = 200)]
    public Property PriorDrawsAndQuantilesStayInTheSupport() =>
        Prop.ForAll(Gen.Choose(-500, 500).ToArbitrary(), Gen.Choose(1, 500).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (lo, width, seed) =>
        {
            double low = lo / 10.0, high = low + width / 10.0;
            var ds = new Distribution[]
            {
                new UniformDistribution(low, high), new QUniformDistribution(low, high, 0.5), new LogUniformDistribution(low / 100, high / 100),
                new RandIntDistribution(lo, lo + width), new ChoiceDistribution(["a", "b", "c"]),
            };
            var rng = new Rng((ulong)seed);
            return ds.All(d => Enumerable.Range(0, 20).All(_ => d.Contains(d.SamplePrior(rng)) && d.Contains(d.FromUnit(rng.NextDouble()))));
        });
}
