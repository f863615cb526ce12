using NeuroFit.Inference.Estimators;

namespace NeuroFit.Inference.Tests.Estimators;

/// <summary>An untrained estimator is still a density: it integrates to 1, and its samples have the moments of the
/// density they come from (which checks the MAF inverse pass against its forward pass).</summary>
public class DensityConsistencyTests
{
    public static TheoryData<string> Estimators() => new() { "maf", "mdn" };

    private static ConditionalDensityEstimator Build(string name) => name == "maf"
        ? EstimatorTestKit.Build(new MafSettings { HiddenFeatures = 10, Transforms = 2, Blocks = 1 }, 2, 1, seed: 4)
        : EstimatorTestKit.Build(new MdnSettings { HiddenFeatures = 10, Components = 3 }, 2, 1, seed: 4);

    // Midpoint rule on a grid wide enough for the untrained densities (checked by the mass being ~1).
    private static (double Mass, double Mean0, double Mean1, double Var0, double Var1) Integrate(ConditionalDensityEstimator e, double[] x)
    {
        const int n = 400;
        const double lo = -25, hi = 25, h = (hi - lo) / n;
        var theta = new double[n * n, 2];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) { theta[i * n + j, 0] = lo + (i + 0.5) * h; theta[i * n + j, 1] = lo + (j + 0.5) * h; }
        var lp = e.LogProb(theta, x);
        double mass = 0, m0 = 0, m1 = 0, s0 = 0, s1 = 0;
        for (var r = 0; r < lp.Length; r++)
        {
            var w = Math.Exp(lp[r]) * h * h;
            mass += w; m0 += w * theta[r, 0]; m1 += w * theta[r, 1]; s0 += w * theta[r, 0] * theta[r, 0]; s1 += w * theta[r, 1] * theta[r, 1];
        }
        return (mass, m0 / mass, m1 / mass, s0 / mass - m0 * m0 / (mass * mass), s1 / mass - m1 * m1 / (mass * mass));
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public void DensityIntegratesToOne(string name)
    {
        var e = Build(name);
        foreach (var x in new[] { new[] { 0.0 }, new[] { 1.3 } })
        {
            var (mass, _, _, _, _) = Integrate(e, x);
            Assert.InRange(mass, 0.995, 1.005);
        }
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public void SampleMomentsMatchTheDensity(string name)
    {
        var e = Build(name);
        var x = new[] { -0.7 };
        var (_, mean0, mean1, var0, var1) = Integrate(e, x);
        var samples = e.Sample(100_000, x, new Random(9));
        var n = samples.GetLength(0);
        double sm0 = 0, sm1 = 0, ss0 = 0;
        for (var r = 0; r < n; r++) { sm0 += samples[r, 0]; sm1 += samples[r, 1]; ss0 += samples[r, 0] * samples[r, 0]; }
        sm0 /= n; sm1 /= n;
        var sv0 = ss0 / n - sm0 * sm0;
        double se0 = Math.Sqrt(var0 / n), se1 = Math.Sqrt(var1 / n);
        Assert.InRange(sm0, mean0 - 5 * se0, mean0 + 5 * se0);
        Assert.InRange(sm1, mean1 - 5 * se1, mean1 + 5 * se1);
        Assert.InRange(sv0 / var0, 0.97, 1.03);
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public void SamplingIsSeededAndIndependentOfThreads(string name)
    {
        var e = Build(name);
        e.MaxThreads = 1;
        var a = e.Sample(1000, [0.2], new Random(3));
        e.MaxThreads = 4;
        var b = e.Sample(1000, [0.2], new Random(3));
        var c = e.Sample(1000, [0.2], new Random(4));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
