using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Tests.Estimators;

public class StandardisationTests
{
    // θ-space standardisation with a non-trivial regression part: mean (1, −2), std (2, 0.5), A = [[0.3, −0.7], [1.1, 0.2]], r = (0.4, 1.5).
    private static (ThetaStandardiser Theta, ZScore X) Standardisers() =>
        (new ThetaStandardiser(new ZScore([1, -2], [2, 0.5]), [0.3, -0.7, 1.1, 0.2], [0.4, 1.5], 2), new ZScore([0.5, 3], [1.5, 0.2]));

    [Fact]
    public void AConstantInputColumnStandardisesToZeroForAnyValue()
    {
        // sbi's floor alone puts an observation 1e-3 away from a constant column 1e11 SDs out, where the network extrapolates
        var data = new double[,] { { 1.0, -0.049 }, { 2.0, -0.049 }, { 4.0, -0.049 } };
        var score = ZScore.FitInput(data, [0, 1, 2]);
        var z = new double[2];
        score.Forward([2.0, 0.0], z);
        Assert.Equal((2.0 - 7.0 / 3) / Math.Sqrt((16.0 / 9 + 1.0 / 9 + 25.0 / 9) / 2), z[0], 12);
        Assert.Equal(0, z[1]);
        score.ForwardRow(data, 0, z);
        Assert.Equal(0, z[1]);
        var floored = ZScore.Fit(data, [0, 1, 2]);
        floored.Forward([2.0, 0.0], z);
        Assert.True(z[1] > 1e10); // what FitInput avoids
    }

    [Fact]
    public void ForwardAndInverseAreInverse()
    {
        var (theta, _) = Standardisers();
        double[] xz = [0.3, -1.2], value = [0.7, 4.0];
        var t = new double[2];
        var back = new double[2];
        theta.Forward(value, xz, t);
        theta.Inverse(t, xz, back);
        Assert.Equal(value[0], back[0], 12);
        Assert.Equal(value[1], back[1], 12);
        // t₀ = ((0.7 − 1)/2 − (0.3·0.3 − 0.7·(−1.2)))/0.4
        Assert.Equal(((0.7 - 1) / 2 - (0.09 + 0.84)) / 0.4, t[0], 12);
    }

    [Theory]
    [InlineData("maf")]
    [InlineData("mdn")]
    public void LogProbGradientInOriginalUnitsMatchesFiniteDifferences(string kind)
    {
        var (thetaStd, xScore) = Standardisers();
        DensityEstimatorSettings settings = kind == "maf" ? new MafSettings { HiddenFeatures = 8, Transforms = 2 } : new MdnSettings { HiddenFeatures = 8, Components = 2 };
        var e = EstimatorTestKit.Build(settings, thetaStd, xScore, seed: 6);
        double[] x = [0.9, 3.1];
        var theta = new double[,] { { 0.5, -1.7 }, { 2.0, -2.4 }, { -1.0, -1.9 } };
        var gradient = new double[3, 2];
        var logProb = e.LogProbWithGradient(theta, x, gradient);
        Assert.Equal(e.LogProb(theta, x), logProb);
        for (var r = 0; r < 3; r++)
            for (var j = 0; j < 2; j++)
            {
                double F(double v) { var t = (double[,])theta.Clone(); t[r, j] = v; return e.LogProb(t, x)[r]; }
                const double h = 1e-5;
                var numeric = (F(theta[r, j] + h) - F(theta[r, j] - h)) / (2 * h);
                Assert.True(Math.Abs(numeric - gradient[r, j]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"row {r} dim {j}: {gradient[r, j]} vs {numeric}");
            }
    }

    [Fact]
    public void DensityInOriginalUnitsIntegratesToOneWithRegression()
    {
        var (thetaStd, xScore) = Standardisers();
        var e = EstimatorTestKit.Build(new MafSettings { HiddenFeatures = 8, Transforms = 2 }, thetaStd, xScore, seed: 2);
        const int n = 500;
        double lo0 = -30, hi0 = 30, lo1 = -12, hi1 = 8, h0 = (hi0 - lo0) / n, h1 = (hi1 - lo1) / n;
        var grid = new double[n * n, 2];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++) { grid[i * n + j, 0] = lo0 + (i + 0.5) * h0; grid[i * n + j, 1] = lo1 + (j + 0.5) * h1; }
        var mass = e.LogProb(grid, [0.2, 3.3]).Sum(v => Math.Exp(v)) * h0 * h1;
        Assert.InRange(mass, 0.99, 1.01);
    }

    [Fact]
    public void RegressionFitRecoversALinearRelation()
    {
        // θ = 2·x₀ − x₁ + 0.1·noise: after the fit the residual scale is the noise (in z units of θ).
        var rng = new Random(3);
        const int n = 2000;
        var theta = new double[n, 1];
        var x = new double[n, 2];
        for (var r = 0; r < n; r++)
        {
            x[r, 0] = Gaussian.Next(rng); x[r, 1] = Gaussian.Next(rng);
            theta[r, 0] = 2 * x[r, 0] - x[r, 1] + 0.1 * Gaussian.Next(rng);
        }
        var rows = Enumerable.Range(0, n).ToArray();
        var xScore = ZScore.Fit(x, rows);
        var fitted = ThetaStandardiser.Fit(theta, x, rows, xScore, regression: true);
        Assert.InRange(fitted.Scale[0], 0.095, 0.105); // std(θ)·r = residual SD in θ units
        var plain = ThetaStandardiser.Fit(theta, x, rows, xScore, regression: false);
        Assert.Null(plain.Regression);
        Assert.InRange(plain.Scale[0], 2.1, 2.35); // √5 ≈ 2.236
    }
}
