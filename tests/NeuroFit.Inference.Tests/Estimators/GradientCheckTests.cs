using NeuroFit.Inference.Estimators;

namespace NeuroFit.Inference.Tests.Estimators;

/// <summary>Analytic gradients of Σ log q against finite differences (Richardson-extrapolated central differences,
/// error O(h⁴)); every free weight and every θ coordinate is checked to 1e-6 relative.</summary>
public class GradientCheckTests
{
    private const int Rows = 7;

    public static TheoryData<string> Estimators() => new()
    {
        "maf", "maf-1d", "maf-no-blocks", "mdn-relu-full", "mdn-tanh-full", "mdn-diagonal", "mdn-1d",
    };

    private static (DensityEstimatorSettings Settings, int D, int K) Case(string name) => name switch
    {
        "maf" => (new MafSettings { HiddenFeatures = 9, Transforms = 3, Blocks = 2 }, 3, 2),
        "maf-1d" => (new MafSettings { HiddenFeatures = 6, Transforms = 2, Blocks = 1 }, 1, 2),
        "maf-no-blocks" => (new MafSettings { HiddenFeatures = 5, Transforms = 2, Blocks = 0 }, 2, 1),
        "mdn-relu-full" => (new MdnSettings { HiddenFeatures = 8, Components = 3 }, 3, 2),
        "mdn-tanh-full" => (new MdnSettings { HiddenFeatures = 8, Components = 3, Activation = HiddenActivation.Tanh }, 3, 2),
        "mdn-diagonal" => (new MdnSettings { HiddenFeatures = 6, Components = 2, FullCovariance = false }, 2, 3),
        "mdn-1d" => (new MdnSettings { HiddenFeatures = 5, Components = 2, HiddenLayers = 1 }, 1, 1),
        _ => throw new ArgumentException(name),
    };

    private static double SumLogProb(ConditionalDensityEstimator e, double[] thetaZ, double[] xZ)
    {
        var ws = e.CreateWorkspace(Rows);
        var lp = new double[Rows];
        e.ForwardZ(ws, thetaZ, xZ, Rows, lp);
        return lp.Sum();
    }

    private static double Derivative(Func<double, double> f, double at)
    {
        const double h = 1e-4;
        double Central(double step) => (f(at + step) - f(at - step)) / (2 * step);
        return (4 * Central(h / 2) - Central(h)) / 3;
    }

    private static void AssertClose(double analytic, double numeric, string what)
    {
        var scale = Math.Max(Math.Abs(analytic), Math.Abs(numeric));
        // Relative 1e-6; below 1e-4 in size the finite-difference rounding (~1e-11 absolute) dominates.
        var ok = Math.Abs(analytic - numeric) <= 1e-6 * Math.Max(scale, 1e-4);
        Assert.True(ok, $"{what}: analytic {analytic:R} vs numeric {numeric:R}");
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public void ParameterGradientsMatchFiniteDifferences(string name)
    {
        var (settings, d, k) = Case(name);
        var e = EstimatorTestKit.Build(settings, d, k, seed: 11);
        var rng = new Random(5);
        var thetaZ = EstimatorTestKit.RandomRows(rng, Rows, d);
        var xZ = EstimatorTestKit.RandomRows(rng, Rows, k);
        var ws = e.CreateWorkspace(Rows);
        e.ForwardZ(ws, thetaZ, xZ, Rows, new double[Rows]);
        var analytic = new double[e.ParameterCount];
        e.BackwardZ(ws, Rows, analytic, Span<double>.Empty);

        var masked = e.MaskedParameters().ToHashSet();
        var checkedCount = 0;
        for (var i = 0; i < e.ParameterCount; i++)
        {
            if (masked.Contains(i))
            {
                Assert.Equal(0.0, e.Parameters[i]);
                Assert.Equal(0.0, analytic[i]);
                continue;
            }
            var original = e.Parameters[i];
            var numeric = Derivative(v => { e.Parameters[i] = v; return SumLogProb(e, thetaZ, xZ); }, original);
            e.Parameters[i] = original;
            AssertClose(analytic[i], numeric, $"{name} parameter {i}");
            checkedCount++;
        }
        Assert.True(checkedCount > 20, $"only {checkedCount} parameters checked");
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-3);
    }

    [Theory]
    [MemberData(nameof(Estimators))]
    public void ThetaGradientsMatchFiniteDifferences(string name)
    {
        var (settings, d, k) = Case(name);
        var e = EstimatorTestKit.Build(settings, d, k, seed: 3);
        var rng = new Random(8);
        var thetaZ = EstimatorTestKit.RandomRows(rng, Rows, d);
        var xZ = EstimatorTestKit.RandomRows(rng, Rows, k);
        var ws = e.CreateWorkspace(Rows);
        e.ForwardZ(ws, thetaZ, xZ, Rows, new double[Rows]);
        var analytic = new double[Rows * d];
        e.BackwardZ(ws, Rows, Span<double>.Empty, analytic);
        for (var i = 0; i < thetaZ.Length; i++)
        {
            var original = thetaZ[i];
            var numeric = Derivative(v => { thetaZ[i] = v; return SumLogProb(e, thetaZ, xZ); }, original);
            thetaZ[i] = original;
            AssertClose(analytic[i], numeric, $"{name} θ[{i}]");
        }
    }

    [Fact]
    public void MadeMakesTheLastFeatureQuadraticInOneTransform()
    {
        // One affine autoregressive transform: log q = Σ_i [log s_i(θ_<i) − ½ (s_i(θ_<i)·θ_i + m_i(θ_<i))²] + c, so with
        // the other coordinates fixed, log q is an exact quadratic in the last coordinate (the masks forbid s_last and
        // m_last from seeing θ_last). A leaking mask would make the second difference vary along θ_last.
        var e = EstimatorTestKit.Build(new MafSettings { HiddenFeatures = 7, Transforms = 1, Blocks = 2 }, 3, 1, seed: 2);
        var rng = new Random(1);
        var thetaZ = EstimatorTestKit.RandomRows(rng, Rows, 3);
        var xZ = EstimatorTestKit.RandomRows(rng, Rows, 1);
        double LogProbRow0(double[] t)
        {
            var lp = new double[Rows];
            e.ForwardZ(e.CreateWorkspace(Rows), t, xZ, Rows, lp);
            return lp[0];
        }
        // For one affine autoregressive transform: log q = Σ_i [log s_i(θ_<i) − ½ (s_i(θ_<i)·θ_i + m_i(θ_<i))²] + c.
        // Second derivative in θ_last is −s_last², independent of θ_last: a quadratic in θ_last.
        var f = new Func<double, double>(v => { var t = (double[])thetaZ.Clone(); t[2] = v; return LogProbRow0(t); });
        var x0 = thetaZ[2];
        var second1 = (f(x0 + 0.5) - 2 * f(x0) + f(x0 - 0.5)) / 0.25;
        var second2 = (f(x0 + 2.5) - 2 * f(x0 + 2) + f(x0 + 1.5)) / 0.25;
        Assert.Equal(second1, second2, 1e-9);
        Assert.True(second1 < 0);
    }
}
