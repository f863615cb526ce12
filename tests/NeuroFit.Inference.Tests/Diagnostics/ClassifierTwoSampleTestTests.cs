using NeuroFit.Inference.Diagnostics;
using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Tests.Diagnostics;

public class ClassifierTwoSampleTestTests
{
    private static double[,] Gaussian2(int n, double mean0, double sd0, double sd1, double rho, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n, 2];
        for (var r = 0; r < n; r++)
        {
            double a = Gaussian.Next(rng), b = Gaussian.Next(rng);
            x[r, 0] = mean0 + sd0 * a;
            x[r, 1] = sd1 * (rho * a + Math.Sqrt(1 - rho * rho) * b);
        }
        return x;
    }

    [Fact]
    public void SameDistributionScoresAboutOneHalf()
    {
        var c2st = ClassifierTwoSampleTest.Accuracy(Gaussian2(3000, 0, 1, 1, 0, 1), Gaussian2(3000, 0, 1, 1, 0, 2), seed: 0);
        Assert.InRange(c2st, 0.47, 0.53);
    }

    [Theory]
    [InlineData(1.0, 1, 1, 0, 0.65, 0.75)]    // mean shift of one SD: optimal accuracy Φ(0.5) = 0.69
    [InlineData(0.0, 3, 1, 0, 0.70, 0.80)]    // variance ratio 9 in one dimension: a quadratic boundary is needed
    [InlineData(0.0, 1, 1, 0.9, 0.70, 0.85)]  // correlation only: needs the cross term
    [InlineData(6.0, 1, 1, 0, 0.99, 1.00)]    // hardly overlapping
    public void DifferentDistributionsAreToldApart(double shift, double sd0, double sd1, double rho, double low, double high)
    {
        var c2st = ClassifierTwoSampleTest.Accuracy(Gaussian2(3000, 0, 1, 1, 0, 3), Gaussian2(3000, shift, sd0, sd1, rho, 4), seed: 0);
        Assert.InRange(c2st, low, high);
    }

    [Fact]
    public void ResultIsSeeded()
    {
        var a = Gaussian2(500, 0, 1, 1, 0, 5);
        var b = Gaussian2(500, 0.5, 1, 1, 0, 6);
        Assert.Equal(ClassifierTwoSampleTest.Accuracy(a, b, seed: 3), ClassifierTwoSampleTest.Accuracy(a, b, seed: 3));
    }
}
