using MathNet.Numerics.LinearAlgebra;

namespace NeuroFit.Inference.Numerics;

/// <summary>
/// Maps θ to the network's input space: per-dimension z-scoring (sbi's "independent"), optionally followed by a
/// linear regression adjustment on the z-scored x (after Beaumont et al. 2002): t = (θz − A·xz) / r, with A the
/// ridge least-squares fit of θz on xz over the training pairs and r the residual standard deviations. The map is
/// affine in θ for a fixed x, so densities only pick up the constant log |det| = −Σ log(std·r), and the flow only has
/// to learn what a linear fit leaves over.
/// </summary>
internal sealed class ThetaStandardiser
{
    private const double MinResidualStd = 1e-8;
    private const double RelativeRidge = 1e-3;

    public ThetaStandardiser(ZScore score, double[]? regression, double[] residualStd, int xDimension)
    {
        Score = score;
        Regression = regression;
        ResidualStd = residualStd;
        XDimension = xDimension;
        Scale = score.Std.Zip(residualStd, (s, r) => s * r).ToArray();
        LogAbsDetJacobian = -Scale.Sum(Math.Log);
    }

    public ZScore Score { get; }

    /// <summary>A[j, i] row-major (d × k), or null for plain z-scoring.</summary>
    public double[]? Regression { get; }

    public double[] ResidualStd { get; }
    public int Dimension => Score.Dimension;
    public int XDimension { get; }

    /// <summary>dθ_j / dt_j = std_j · r_j.</summary>
    public double[] Scale { get; }

    /// <summary>log |det dt/dθ|.</summary>
    public double LogAbsDetJacobian { get; }

    /// <summary>Plain z-scoring (no regression).</summary>
    public static ThetaStandardiser Independent(ZScore score, int xDimension) =>
        new(score, null, Enumerable.Repeat(1.0, score.Dimension).ToArray(), xDimension);

    /// <summary>Fits the z-scoring and, when asked, the regression on the given training rows.</summary>
    public static ThetaStandardiser Fit(double[,] theta, double[,] x, IReadOnlyList<int> rows, ZScore xScore, bool regression)
    {
        var score = ZScore.Fit(theta, rows);
        int d = score.Dimension, k = xScore.Dimension, n = rows.Count;
        if (!regression || n <= k + 1) return Independent(score, k);
        var xz = Matrix<double>.Build.Dense(n, k);
        var tz = Matrix<double>.Build.Dense(n, d);
        Span<double> buffer = stackalloc double[Math.Max(d, k)];
        for (var r = 0; r < n; r++)
        {
            xScore.ForwardRow(x, rows[r], buffer[..k]);
            for (var i = 0; i < k; i++) xz[r, i] = buffer[i];
            score.ForwardRow(theta, rows[r], buffer[..d]);
            for (var j = 0; j < d; j++) tz[r, j] = buffer[j];
        }
        var gram = xz.TransposeThisAndMultiply(xz) + Matrix<double>.Build.DenseIdentity(k) * (RelativeRidge * n);
        var coefficients = gram.Cholesky().Solve(xz.TransposeThisAndMultiply(tz)); // k × d
        var residual = tz - xz * coefficients;
        var a = new double[d * k];
        var residualStd = new double[d];
        for (var j = 0; j < d; j++)
        {
            for (var i = 0; i < k; i++) a[j * k + i] = coefficients[i, j];
            double ss = 0;
            for (var r = 0; r < n; r++) ss += residual[r, j] * residual[r, j];
            residualStd[j] = Math.Max(Math.Sqrt(ss / Math.Max(1, n - 1)), MinResidualStd);
        }
        return new ThetaStandardiser(score, a, residualStd, k);
    }

    /// <summary>t from θ and the z-scored x of the same row.</summary>
    public void Forward(ReadOnlySpan<double> theta, ReadOnlySpan<double> xz, Span<double> t)
    {
        Score.Forward(theta, t);
        if (Regression is null) return;
        for (var j = 0; j < Dimension; j++) t[j] = (t[j] - Fitted(j, xz)) / ResidualStd[j];
    }

    /// <summary>Row <paramref name="row"/> of θ into t.</summary>
    public void ForwardRow(double[,] theta, int row, ReadOnlySpan<double> xz, Span<double> t)
    {
        Span<double> values = stackalloc double[Dimension];
        for (var j = 0; j < Dimension; j++) values[j] = theta[row, j];
        Forward(values, xz, t);
    }

    /// <summary>θ from t and the z-scored x of the same row.</summary>
    public void Inverse(ReadOnlySpan<double> t, ReadOnlySpan<double> xz, Span<double> theta)
    {
        Span<double> z = stackalloc double[Dimension];
        for (var j = 0; j < Dimension; j++) z[j] = Regression is null ? t[j] : t[j] * ResidualStd[j] + Fitted(j, xz);
        Score.Inverse(z, theta);
    }

    private double Fitted(int j, ReadOnlySpan<double> xz)
    {
        double s = 0;
        for (var i = 0; i < XDimension; i++) s += Regression![j * XDimension + i] * xz[i];
        return s;
    }
}
