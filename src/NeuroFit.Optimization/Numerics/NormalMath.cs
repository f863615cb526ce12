using MathNet.Numerics;

namespace NeuroFit.Optimization.Numerics;

/// <summary>Normal-distribution helpers shared by the samplers.</summary>
internal static class NormalMath
{
    public const double Sqrt2 = 1.4142135623730951;
    public const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>hyperopt's <c>normal_cdf</c>: 0.5·(1 + erf((x − μ)/max(√2 σ, 1e-12))).</summary>
    public static double HyperoptCdf(double x, double mu, double sigma)
    {
        if (double.IsPositiveInfinity(x)) return 1;
        if (double.IsNegativeInfinity(x)) return 0;
        var z = (x - mu) / Math.Max(Sqrt2 * sigma, 1e-12);
        return 0.5 * (1 + SpecialFunctions.Erf(z));
    }

    /// <summary>Standard normal CDF Φ(z), accurate in both tails.</summary>
    public static double Phi(double z)
    {
        if (double.IsPositiveInfinity(z)) return 1;
        if (double.IsNegativeInfinity(z)) return 0;
        return 0.5 * SpecialFunctions.Erfc(-z / Sqrt2);
    }

    /// <summary>Inverse of Φ.</summary>
    public static double PhiInv(double p) => -Sqrt2 * SpecialFunctions.ErfcInv(2 * p);

    /// <summary>log(Φ(b) − Φ(a)) for a &lt; b, computed on the side of the mean that keeps precision.</summary>
    public static double LogMass(double a, double b)
    {
        if (a > 0)
        {
            // upper tail: Φ(b) − Φ(a) = Q(a) − Q(b)
            var qa = 0.5 * SpecialFunctions.Erfc(a / Sqrt2);
            var qb = 0.5 * SpecialFunctions.Erfc(b / Sqrt2);
            return Math.Log(Math.Max(qa - qb, double.Epsilon));
        }
        var pb = Phi(b);
        var pa = Phi(a);
        return Math.Log(Math.Max(pb - pa, double.Epsilon));
    }

    /// <summary>Draws a standard normal truncated to [a, b] by inversion (a &lt; b).</summary>
    public static double SampleTruncated(double a, double b, double u)
    {
        if (a > 0)
        {
            // sample in the upper tail using survival functions for precision
            var qa = 0.5 * SpecialFunctions.Erfc(a / Sqrt2);
            var qb = 0.5 * SpecialFunctions.Erfc(b / Sqrt2);
            var q = qa - u * (qa - qb);
            var x = Sqrt2 * SpecialFunctions.ErfcInv(2 * q);
            return Math.Clamp(x, a, b);
        }
        var pa = Phi(a);
        var pb = Phi(b);
        var p = pa + u * (pb - pa);
        var y = PhiInv(p);
        if (double.IsNaN(y)) y = (a + b) / 2;
        return Math.Clamp(y, a, b);
    }

    /// <summary>log Σ exp(x_i), stable.</summary>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        var m = double.NegativeInfinity;
        foreach (var v in x) if (v > m) m = v;
        if (double.IsNegativeInfinity(m)) return m;
        if (double.IsPositiveInfinity(m)) return m;
        double s = 0;
        foreach (var v in x) s += Math.Exp(v - m);
        return m + Math.Log(s);
    }
}
