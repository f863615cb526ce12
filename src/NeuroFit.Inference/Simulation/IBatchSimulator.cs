namespace NeuroFit.Inference.Simulation;

/// <summary>
/// A simulator that maps a batch of parameter vectors θ[n × d] to summary data x[n × k] in one call (NeuroFit's
/// engine simulates one neuron per row). A row of x with a NaN or ±∞ marks a failed simulation; it is excluded
/// and counted, never used for training.
/// </summary>
public interface IBatchSimulator
{
    /// <summary>Simulates every row of <paramref name="theta"/>; returns one row of x per row of θ.</summary>
    double[,] Simulate(double[,] theta);
}

/// <summary>An <see cref="IBatchSimulator"/> from a function.</summary>
public sealed class DelegateSimulator(Func<double[,], double[,]> simulate) : IBatchSimulator
{
    /// <inheritdoc/>
    public double[,] Simulate(double[,] theta) => simulate(theta);

    /// <summary>A batch simulator from a per-row function x = f(θ) (rows are simulated one after another).</summary>
    public static DelegateSimulator PerRow(Func<double[], double[]> simulateOne) => new(theta =>
    {
        var n = theta.GetLength(0);
        double[,]? x = null;
        for (var r = 0; r < n; r++)
        {
            var row = simulateOne(Enumerable.Range(0, theta.GetLength(1)).Select(j => theta[r, j]).ToArray());
            x ??= new double[n, row.Length];
            for (var j = 0; j < row.Length; j++) x[r, j] = row[j];
        }
        return x ?? new double[0, 0];
    });
}
