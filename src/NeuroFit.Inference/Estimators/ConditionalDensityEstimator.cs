using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Estimators;

/// <summary>
/// A trained neural conditional density q(θ | x). The network works on standardised θ and x (statistics fixed from the
/// training data when it was built); <see cref="LogProb(double[,], double[,])"/> and <see cref="Sample"/> speak
/// the original units. Instances come from <see cref="Training.NpeTrainer"/>; the networks themselves are internal.
/// </summary>
public abstract class ConditionalDensityEstimator
{
    private const int BlockRows = 256;

    private protected ConditionalDensityEstimator(ThetaStandardiser theta, ZScore xScore, int parameterCount)
    {
        Theta = theta;
        XScore = xScore;
        Parameters = new double[parameterCount];
    }

    /// <summary>Dimension of θ.</summary>
    public int ThetaDimension => Theta.Dimension;

    /// <summary>Dimension of x.</summary>
    public int XDimension => XScore.Dimension;

    /// <summary>"maf" or "mdn".</summary>
    public abstract string Kind { get; }

    /// <summary>Number of trainable weights.</summary>
    public int ParameterCount => Parameters.Length;

    /// <summary>Most threads used by batch evaluation and sampling (results do not depend on it).</summary>
    public int MaxThreads { get; set; } = Environment.ProcessorCount;

    internal ThetaStandardiser Theta { get; }
    internal ZScore XScore { get; }
    internal double[] Parameters { get; }

    /// <summary>log q(θᵣ | xᵣ) for every row r (θ and x have the same number of rows).</summary>
    public double[] LogProb(double[,] theta, double[,] x)
    {
        CheckShapes(theta, x.GetLength(1), "x");
        if (x.GetLength(0) != theta.GetLength(0))
            throw new InferenceException($"LogProb got {theta.GetLength(0)} rows of θ but {x.GetLength(0)} rows of x; give one x per θ, or a single x as double[].");
        return LogProbCore(theta, r => r, x);
    }

    /// <summary>log q(θᵣ | x) for every row r of θ and one observation x.</summary>
    public double[] LogProb(double[,] theta, double[] x)
    {
        CheckShapes(theta, x.Length, "x");
        var xs = new double[1, x.Length];
        for (var j = 0; j < x.Length; j++) xs[0, j] = x[j];
        return LogProbCore(theta, _ => 0, xs);
    }

    /// <summary><paramref name="n"/> draws from q(θ | x) (no prior support check; see <see cref="Posteriors.DirectPosterior"/>).</summary>
    public double[,] Sample(int n, double[] x, Random rng)
    {
        if (x.Length != XDimension) throw new InferenceException($"x has {x.Length} values but the estimator was trained on x of dimension {XDimension}.");
        if (n < 0) throw new InferenceException($"cannot draw {n} samples");
        var d = ThetaDimension;
        var randoms = new double[n * RandomsPerSample];
        FillRandoms(rng, randoms);
        var xz = new double[XDimension];
        XScore.Forward(x, xz);
        var result = new double[n, d];
        RunBlocks(n, (ws, start, count) =>
        {
            var xzRows = new double[count * XDimension];
            for (var r = 0; r < count; r++) xz.CopyTo(xzRows.AsSpan(r * XDimension));
            var tz = new double[count * d];
            SampleZ(ws, randoms.AsSpan(start * RandomsPerSample, count * RandomsPerSample), xzRows, count, tz);
            Span<double> theta = stackalloc double[d];
            for (var r = 0; r < count; r++)
            {
                Theta.Inverse(tz.AsSpan(r * d, d), xz, theta);
                for (var j = 0; j < d; j++) result[start + r, j] = theta[j];
            }
        });
        return result;
    }

    /// <summary>log q(θᵣ | x) and its gradient ∂/∂θ for every row (original units; used by the MAP search).</summary>
    internal double[] LogProbWithGradient(double[,] theta, double[] x, double[,] gradient)
    {
        var d = ThetaDimension;
        var rows = theta.GetLength(0);
        var xz = new double[XDimension];
        XScore.Forward(x, xz);
        var result = new double[rows];
        RunBlocks(rows, (ws, start, count) =>
        {
            var (tz, xzRows) = Standardise(theta, start, count, xz);
            var lp = new double[count];
            ForwardZ(ws, tz, xzRows, count, lp);
            var gz = new double[count * d];
            BackwardZ(ws, count, Span<double>.Empty, gz);
            for (var r = 0; r < count; r++)
            {
                result[start + r] = lp[r] + Theta.LogAbsDetJacobian;
                for (var j = 0; j < d; j++) gradient[start + r, j] = gz[r * d + j] / Theta.Scale[j];
            }
        });
        return result;
    }

    internal abstract class Workspace;

    internal abstract Workspace CreateWorkspace(int maxRows);

    /// <summary>Sets the weights to their initial values.</summary>
    internal abstract void Initialize(Random rng);

    /// <summary>log q_z(θz | xz) per row in standardised space; keeps what <see cref="BackwardZ"/> needs in the workspace.</summary>
    internal abstract void ForwardZ(Workspace ws, ReadOnlySpan<double> thetaZ, ReadOnlySpan<double> xZ, int rows, Span<double> logProbZ);

    /// <summary>Gradient of Σᵣ log q_z over the rows of the last <see cref="ForwardZ"/>: added to
    /// <paramref name="gradParameters"/> and written to <paramref name="gradThetaZ"/> (each skipped when empty).</summary>
    internal abstract void BackwardZ(Workspace ws, int rows, Span<double> gradParameters, Span<double> gradThetaZ);

    /// <summary>How many random numbers one draw consumes.</summary>
    internal abstract int RandomsPerSample { get; }

    /// <summary>Fills the random numbers for a batch of draws (sequentially, so parallel sampling stays reproducible).</summary>
    internal abstract void FillRandoms(Random rng, Span<double> randoms);

    /// <summary>Turns random numbers into draws θz ~ q_z(· | xz).</summary>
    internal abstract void SampleZ(Workspace ws, ReadOnlySpan<double> randoms, ReadOnlySpan<double> xZ, int rows, Span<double> thetaZ);

    /// <summary>Indices of weights fixed at zero by a connectivity mask (not free parameters).</summary>
    internal virtual IEnumerable<int> MaskedParameters() => [];

    /// <summary>A copy with the same standardisation and weights.</summary>
    internal abstract ConditionalDensityEstimator Clone();

    private double[] LogProbCore(double[,] theta, Func<int, int> xRow, double[,] x)
    {
        var rows = theta.GetLength(0);
        var result = new double[rows];
        RunBlocks(rows, (ws, start, count) =>
        {
            var tz = new double[count * ThetaDimension];
            var xz = new double[count * XDimension];
            for (var r = 0; r < count; r++)
            {
                XScore.ForwardRow(x, xRow(start + r), xz.AsSpan(r * XDimension, XDimension));
                Theta.ForwardRow(theta, start + r, xz.AsSpan(r * XDimension, XDimension), tz.AsSpan(r * ThetaDimension, ThetaDimension));
            }
            ForwardZ(ws, tz, xz, count, result.AsSpan(start, count));
            for (var r = 0; r < count; r++) result[start + r] += Theta.LogAbsDetJacobian;
        });
        return result;
    }

    private (double[] ThetaZ, double[] XZ) Standardise(double[,] theta, int start, int count, double[] xz)
    {
        var tz = new double[count * ThetaDimension];
        var xzRows = new double[count * XDimension];
        for (var r = 0; r < count; r++)
        {
            Theta.ForwardRow(theta, start + r, xz, tz.AsSpan(r * ThetaDimension, ThetaDimension));
            xz.CopyTo(xzRows.AsSpan(r * XDimension));
        }
        return (tz, xzRows);
    }

    /// <summary>Runs <paramref name="body"/> over fixed blocks of rows, in parallel; each block writes its own rows,
    /// so the result does not depend on the number of threads.</summary>
    internal void RunBlocks(int rows, Action<Workspace, int, int> body)
    {
        var blocks = (rows + BlockRows - 1) / BlockRows;
        if (blocks == 0) return;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxThreads) };
        var workspaceRows = Math.Min(BlockRows, rows);
        Parallel.For(0, blocks, options, () => CreateWorkspace(workspaceRows), (b, _, ws) =>
        {
            var start = b * BlockRows;
            body(ws, start, Math.Min(BlockRows, rows - start));
            return ws;
        }, _ => { });
    }

    private void CheckShapes(double[,] theta, int xDimension, string xName)
    {
        if (theta.GetLength(1) != ThetaDimension)
            throw new InferenceException($"θ has {theta.GetLength(1)} columns but the estimator was trained on θ of dimension {ThetaDimension}.");
        if (xDimension != XDimension)
            throw new InferenceException($"{xName} has {xDimension} values per row but the estimator was trained on x of dimension {XDimension}.");
    }
}
