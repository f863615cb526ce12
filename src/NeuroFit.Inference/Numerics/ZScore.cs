namespace NeuroFit.Inference.Numerics;

/// <summary>
/// Per-dimension standardisation z = (v − mean) / std with statistics from training data (sbi's
/// <c>z_score="independent"</c>): sample standard deviation, floored at <see cref="MinStd"/>.
/// </summary>
internal sealed class ZScore
{
    /// <summary>Smallest standard deviation used (a constant column is shifted, not blown up).</summary>
    public const double MinStd = 1e-14;

    public double[] Mean { get; }
    public double[] Std { get; }
    public int Dimension => Mean.Length;

    /// <summary>log |det dz/dv| = −Σ log std.</summary>
    public double LogAbsDetJacobian { get; }

    public ZScore(double[] mean, double[] std)
    {
        Mean = mean;
        Std = std;
        LogAbsDetJacobian = -std.Sum(Math.Log);
    }

    /// <summary>Statistics of the rows <paramref name="rows"/> of <paramref name="data"/>.</summary>
    public static ZScore Fit(double[,] data, IReadOnlyList<int> rows)
    {
        var d = data.GetLength(1);
        var mean = new double[d];
        var std = new double[d];
        for (var j = 0; j < d; j++)
        {
            double s = 0;
            foreach (var r in rows) s += data[r, j];
            var m = s / rows.Count;
            double ss = 0;
            foreach (var r in rows) ss += (data[r, j] - m) * (data[r, j] - m);
            mean[j] = m;
            std[j] = Math.Max(rows.Count > 1 ? Math.Sqrt(ss / (rows.Count - 1)) : 0, MinStd);
        }
        return new ZScore(mean, std);
    }

    public void Forward(ReadOnlySpan<double> v, Span<double> z)
    {
        for (var j = 0; j < Mean.Length; j++) z[j] = (v[j] - Mean[j]) / Std[j];
    }

    public void Inverse(ReadOnlySpan<double> z, Span<double> v)
    {
        for (var j = 0; j < Mean.Length; j++) v[j] = z[j] * Std[j] + Mean[j];
    }

    /// <summary>
    /// Statistics for the network's input x: like <see cref="Fit"/>, but a column that is constant in the training rows
    /// (SD at most 10⁻¹² of its magnitude) gets an infinite SD, so it standardises to 0 for every value. With the floor
    /// alone, an observation 10⁻³ away from the constant (noise in the data) would land 10¹¹ SDs out and the network
    /// would extrapolate to nonsense; a constant column carries no information about θ.
    /// </summary>
    public static ZScore FitInput(double[,] data, IReadOnlyList<int> rows)
    {
        var fitted = Fit(data, rows);
        var std = fitted.Std.Select((s, j) => s <= 1e-12 * Math.Max(1, Math.Abs(fitted.Mean[j])) ? double.PositiveInfinity : s).ToArray();
        return new ZScore(fitted.Mean, std);
    }

    /// <summary>Row <paramref name="row"/> of <paramref name="data"/> standardised into <paramref name="z"/>.</summary>
    public void ForwardRow(double[,] data, int row, Span<double> z)
    {
        for (var j = 0; j < Mean.Length; j++) z[j] = (data[row, j] - Mean[j]) / Std[j];
    }
}
