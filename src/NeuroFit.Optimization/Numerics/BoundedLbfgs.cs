namespace NeuroFit.Optimization.Numerics;

/// <summary>
/// Minimises a smooth function in a box: limited-memory BFGS directions on the free variables (a variable at a bound
/// whose gradient points outward is held there), a projected backtracking (Armijo) line search, and stops on a small
/// projected gradient, a small relative change of the value, or the iteration limit. The objective may return +∞
/// (e.g. a failed Cholesky factorisation); the line search then backs off. Deterministic: no random choice.
/// </summary>
internal static class BoundedLbfgs
{
    /// <summary>Value and gradient (written into the span) at a point.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Returns the best point found (<paramref name="x0"/> is clipped into the box first) and its value.</summary>
    public static (double[] X, double Value) Minimize(Objective f, double[] x0, double[] lower, double[] upper,
        int maxIterations = 200, double gradientTolerance = 1e-5, double valueTolerance = 1e-10, int memory = 8)
    {
        var n = x0.Length;
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = Math.Clamp(x0[i], lower[i], upper[i]);
        var g = new double[n];
        var fx = f(x, g);
        if (!double.IsFinite(fx)) return (x, fx);
        var s = new List<double[]>(memory);
        var y = new List<double[]>(memory);
        var rho = new List<double>(memory);
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var alpha = new double[memory];
        var free = new bool[n];
        for (var iter = 0; iter < maxIterations; iter++)
        {
            double pg = 0;
            for (var i = 0; i < n; i++)
            {
                var atLow = x[i] <= lower[i] && g[i] > 0;
                var atHigh = x[i] >= upper[i] && g[i] < 0;
                free[i] = !(atLow || atHigh);
                if (free[i]) pg = Math.Max(pg, Math.Abs(g[i]));
            }
            if (pg < gradientTolerance) break;

            // two-loop recursion on the free variables
            for (var i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * DotFree(s[k], d, free);
                for (var i = 0; i < n; i++) if (free[i]) d[i] -= alpha[k] * y[k][i];
            }
            if (s.Count > 0)
            {
                var last = s.Count - 1;
                var yy = DotFree(y[last], y[last], free);
                var gamma = yy > 0 ? DotFree(s[last], y[last], free) / yy : 1;
                if (!(gamma > 0) || !double.IsFinite(gamma)) gamma = 1;
                for (var i = 0; i < n; i++) d[i] *= gamma;
            }
            for (var k = 0; k < s.Count; k++)
            {
                var beta = rho[k] * DotFree(y[k], d, free);
                for (var i = 0; i < n; i++) if (free[i]) d[i] += (alpha[k] - beta) * s[k][i];
            }
            var slope = DotFree(g, d, free);
            if (!(slope < 0))
            {
                // not a descent direction (curvature pairs went stale): restart from steepest descent
                s.Clear(); y.Clear(); rho.Clear();
                for (var i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
                slope = DotFree(g, d, free);
            }

            var step = 1.0;
            var accepted = false;
            double fNew = double.PositiveInfinity;
            for (var tries = 0; tries < 40; tries++)
            {
                double actualSlope = 0;
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = Math.Clamp(x[i] + step * d[i], lower[i], upper[i]);
                    actualSlope += g[i] * (xNew[i] - x[i]);
                }
                fNew = f(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= fx + 1e-4 * Math.Min(actualSlope, 0)) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) break;

            var sk = new double[n];
            var yk = new double[n];
            for (var i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            double sy = 0;
            for (var i = 0; i < n; i++) sy += sk[i] * yk[i];
            if (sy > 1e-12)
            {
                if (s.Count == memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); y.Add(yk); rho.Add(1 / sy);
            }
            var change = fx - fNew;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            var previous = fx;
            fx = fNew;
            if (change <= valueTolerance * Math.Max(1, Math.Abs(previous))) break;
        }
        return (x, fx);
    }

    private static double DotFree(double[] a, double[] b, bool[] free)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) if (free[i]) s += a[i] * b[i];
        return s;
    }
}
