using NeuroFit.Inference.Diagnostics;

namespace NeuroFit.Inference.Tests.Diagnostics;

public class ChiSquareUniformityTests
{
    [Fact]
    public void UniformRanksPassAndSkewedRanksFail()
    {
        var rng = new Random(1);
        var uniform = new int[1000, 1];
        var skewed = new int[1000, 1];
        for (var r = 0; r < 1000; r++)
        {
            uniform[r, 0] = rng.Next(100);
            skewed[r, 0] = (int)(100 * Math.Pow(rng.NextDouble(), 1.3)); // mass pushed to low ranks
        }
        var (_, pUniform) = SimulationBasedCalibration.ChiSquareUniformity(uniform, 99, 10);
        var (_, pSkewed) = SimulationBasedCalibration.ChiSquareUniformity(skewed, 99, 10);
        Assert.True(pUniform[0] > 0.01, $"uniform p = {pUniform[0]}");
        Assert.True(pSkewed[0] < 1e-4, $"skewed p = {pSkewed[0]}");
    }

    [Fact]
    public void StatisticMatchesHandComputation()
    {
        // 20 ranks in 0..9 (L = 9), 2 bins: 15 in the low half, 5 in the high half → χ² = (5² + 5²)/10 = 5.
        var ranks = new int[20, 1];
        for (var r = 0; r < 20; r++) ranks[r, 0] = r < 15 ? 2 : 7;
        var (chi, p) = SimulationBasedCalibration.ChiSquareUniformity(ranks, 9, 2);
        Assert.Equal(5.0, chi[0], 12);
        Assert.Equal(0.025347, p[0], 5); // 1 − F_χ²(1)(5)
    }
}
