using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;

namespace NeuroFit.Inference.Tests.Simulation;

public class SimulationsTests
{
    [Fact]
    public void InvalidRowsAreExcludedAndCountedInBatches()
    {
        var batches = new List<int>();
        // x = (θ, 1/θ): θ < 0.2 gives NaN (a failed simulation), θ in [0.2, 0.25) gives +∞.
        var simulator = new DelegateSimulator(theta =>
        {
            batches.Add(theta.GetLength(0));
            var x = new double[theta.GetLength(0), 2];
            for (var r = 0; r < theta.GetLength(0); r++)
            {
                var t = theta[r, 0];
                x[r, 0] = t;
                x[r, 1] = t < 0.2 ? double.NaN : t < 0.25 ? double.PositiveInfinity : 1 / t;
            }
            return x;
        });
        var set = Simulations.Run(simulator, new BoxUniform([0], [1]), 1000, seed: 4, batchSize: 300);
        Assert.Equal([300, 300, 300, 100], batches);
        Assert.Equal(1000, set.Attempted);
        Assert.InRange(set.InvalidCount, 200, 300);
        Assert.Equal(set.InvalidCount, set.InvalidTheta.GetLength(0));
        for (var r = 0; r < set.Count; r++) Assert.True(set.Theta[r, 0] >= 0.25 && double.IsFinite(set.X[r, 1]));
        for (var r = 0; r < set.InvalidCount; r++) Assert.True(set.InvalidTheta[r, 0] < 0.25);
    }

    [Fact]
    public void SameSeedSameSimulations()
    {
        var simulator = new DelegateSimulator(theta => theta);
        var a = Simulations.Run(simulator, new BoxUniform([0, 0], [1, 1]), 50, seed: 9);
        var b = Simulations.Run(simulator, new BoxUniform([0, 0], [1, 1]), 50, seed: 9);
        Assert.Equal(a.Theta, b.Theta);
    }

    [Fact]
    public void WrongRowCountIsAClearError()
    {
        var simulator = new DelegateSimulator(theta => new double[theta.GetLength(0) - 1, 1]);
        var e = Assert.Throws<InferenceException>(() => Simulations.Run(simulator, new BoxUniform([0], [1]), 10, seed: 1));
        Assert.Contains("one row per θ", e.Message);
    }

    [Fact]
    public void PerRowAdapterAndFromPairs()
    {
        var simulator = DelegateSimulator.PerRow(t => [t[0] * 2, t[0] > 0.5 ? double.NaN : 0]);
        var set = Simulations.Run(simulator, new double[,] { { 0.1 }, { 0.9 }, { 0.3 } });
        Assert.Equal(2, set.Count);
        Assert.Equal(1, set.InvalidCount);
        Assert.Equal(0.6, set.X[1, 0], 12);
        var pairs = Simulations.FromPairs(new double[,] { { 1 }, { 2 } }, new double[,] { { double.NegativeInfinity }, { 3 } });
        Assert.Equal(1, pairs.Count);
        Assert.Equal(1, pairs.InvalidCount);
    }
}
