using NeuroFit.Inference.Networks;

namespace NeuroFit.Inference.Tests.Numerics;

public class AdamTests
{
    // PyTorch's Adam, written out for one coordinate.
    private static double[] Reference(double p, double[] gradients, double lr)
    {
        double m = 0, v = 0;
        var result = new double[gradients.Length];
        for (var t = 1; t <= gradients.Length; t++)
        {
            var g = gradients[t - 1];
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            var mHat = m / (1 - Math.Pow(0.9, t));
            var vHat = v / (1 - Math.Pow(0.999, t));
            p -= lr * mHat / (Math.Sqrt(vHat) + 1e-8);
            result[t - 1] = p;
        }
        return result;
    }

    [Fact]
    public void StepsMatchTheReferenceFormulaInEveryLane()
    {
        const int n = 11; // two vectors of 4 and a scalar tail of 3
        var adam = new Adam(n, 5e-4);
        var parameters = Enumerable.Range(0, n).Select(i => 0.1 * i).ToArray();
        var gradientSeries = Enumerable.Range(0, n).Select(i => new[] { 0.3 * (i - 5), -0.2 + 0.01 * i, 1.5, 1e-3 * i }).ToArray();
        for (var t = 0; t < 4; t++)
        {
            adam.Step(parameters, gradientSeries.Select(g => g[t]).ToArray());
            for (var i = 0; i < n; i++)
                Assert.Equal(Reference(0.1 * i, gradientSeries[i], 5e-4)[t], parameters[i], 14);
        }
    }

    [Fact]
    public void ClippingScalesLongGradientsOnly()
    {
        double[] g = [3, 4];
        Assert.Equal(5, Adam.ClipNorm(g, 10), 12);
        Assert.Equal([3.0, 4.0], g);
        var norm = Adam.ClipNorm(g, 1);
        Assert.Equal(5, norm, 12);
        Assert.Equal(1 / (5 + 1e-6) * 5, Math.Sqrt(g[0] * g[0] + g[1] * g[1]), 12);
    }
}
