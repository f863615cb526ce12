namespace NeuroFit.Inference.Simulation;

/// <summary>
/// Valid (θ, x) pairs from a simulation run, plus what was excluded: <see cref="InvalidCount"/> simulations whose x
/// had a NaN or ±∞ (their θ kept in <see cref="InvalidTheta"/> for inspection).
/// </summary>
/// <param name="Theta">Parameters of the valid simulations, one per row.</param>
/// <param name="X">Their data, row-aligned with <paramref name="Theta"/>.</param>
/// <param name="InvalidCount">Simulations excluded because x had a NaN or ±∞.</param>
/// <param name="InvalidTheta">Parameters of the excluded simulations.</param>
public sealed record SimulationSet(double[,] Theta, double[,] X, int InvalidCount, double[,] InvalidTheta)
{
    /// <summary>Number of valid pairs.</summary>
    public int Count => Theta.GetLength(0);

    /// <summary>Simulations run (valid + invalid).</summary>
    public int Attempted => Count + InvalidCount;

    /// <summary>Dimension of θ.</summary>
    public int ThetaDimension => Theta.GetLength(1);

    /// <summary>Dimension of x.</summary>
    public int XDimension => X.GetLength(1);

    /// <summary>The pairs of both sets (same dimensions) in order: this set first.</summary>
    public SimulationSet Concat(SimulationSet other)
    {
        if (Count + InvalidCount == 0) return other;
        if (other.Count + other.InvalidCount == 0) return this;
        if (other.ThetaDimension != ThetaDimension || (other.Count > 0 && Count > 0 && other.XDimension != XDimension))
            throw new InferenceException($"cannot join simulation sets of shapes θ{ThetaDimension}/x{XDimension} and θ{other.ThetaDimension}/x{other.XDimension}.");
        var k = Count > 0 ? XDimension : other.XDimension;
        return new SimulationSet(Rows.Stack(Theta, other.Theta, ThetaDimension), Rows.Stack(X, other.X, k),
            InvalidCount + other.InvalidCount, Rows.Stack(InvalidTheta, other.InvalidTheta, ThetaDimension));
    }

    /// <summary>Only the pairs whose θ satisfies <paramref name="keep"/> (invalid bookkeeping unchanged).</summary>
    public SimulationSet Where(Func<double[], bool> keep)
    {
        var rows = Enumerable.Range(0, Count).Where(r => keep(Rows.Get(Theta, r))).ToArray();
        return this with { Theta = Rows.Select(Theta, rows), X = Rows.Select(X, rows) };
    }
}

/// <summary>Row helpers for double[,] matrices.</summary>
internal static class Rows
{
    public static double[] Get(double[,] m, int r)
    {
        var row = new double[m.GetLength(1)];
        for (var j = 0; j < row.Length; j++) row[j] = m[r, j];
        return row;
    }

    public static double[,] Select(double[,] m, IReadOnlyList<int> rows)
    {
        var cols = m.GetLength(1);
        var result = new double[rows.Count, cols];
        for (var i = 0; i < rows.Count; i++)
            for (var j = 0; j < cols; j++) result[i, j] = m[rows[i], j];
        return result;
    }

    public static double[,] Stack(double[,] a, double[,] b, int cols)
    {
        int na = a.GetLength(0), nb = b.GetLength(0);
        var result = new double[na + nb, cols];
        for (var i = 0; i < na; i++) for (var j = 0; j < cols; j++) result[i, j] = a[i, j];
        for (var i = 0; i < nb; i++) for (var j = 0; j < cols; j++) result[na + i, j] = b[i, j];
        return result;
    }

    public static bool AllFinite(double[,] m, int r)
    {
        for (var j = 0; j < m.GetLength(1); j++) if (!double.IsFinite(m[r, j])) return false;
        return true;
    }

    public static double[,] FromRow(double[] row)
    {
        var m = new double[1, row.Length];
        for (var j = 0; j < row.Length; j++) m[0, j] = row[j];
        return m;
    }
}
