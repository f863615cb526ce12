namespace NeuroFit.Optimization.Local;

/// <summary>Solves small symmetric positive definite systems (the damped normal equations) by Cholesky factorisation.</summary>
internal static class DenseCholesky
{
    /// <summary>x with A·x = b, or null when A is not (numerically) positive definite. A is not modified.</summary>
    public static double[]? Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var l = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            if (!(d > 0) || !double.IsFinite(d)) return null;
            l[j, j] = Math.Sqrt(d);
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return x;
    }
}
