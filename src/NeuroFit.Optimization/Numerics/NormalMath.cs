using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        // erf(±6) is ±1 to double precision (erfc(6) = 2e-17 < half an ulp of 1): skip the costly evaluation
        if (z >= 6) return 1;
        if (z <= -6) return 0;
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
        if (a <= -9 && b >= 9) return 0; // both tails below 1e-19: the mass is 1 in double precision
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

    /// <summary>log Σ exp(x_i), stable (SIMD maximum; exp only for terms within 40 of it).</summary>
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        ref var r = ref MemoryMarshal.GetReference(x);
        var m = double.NegativeInfinity;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var vm = Vector256.Create(double.NegativeInfinity);
            for (; i <= n - 4; i += 4) vm = Vector256.Max(vm, Vector256.LoadUnsafe(ref r, (nuint)i));
            m = Math.Max(Math.Max(vm[0], vm[1]), Math.Max(vm[2], vm[3]));
        }
        for (; i < n; i++) if (x[i] > m) m = x[i];
        if (double.IsNegativeInfinity(m) || double.IsPositiveInfinity(m) || double.IsNaN(m)) return m;
        // terms more than 40 below the maximum add < 4e-18 each: skipping their exp keeps the sum to ~1e-15 relative
        double s = 0;
        var cut = m - 40;
        for (i = 0; i < n; i++)
        {
            var v = Unsafe.Add(ref r, i);
            if (v > cut) s += Math.Exp(v - m);
        }
        return m + Math.Log(s);
    }

    /// <summary>terms[k] = −½((x − μ_k)·invσ_k)² + c_k for every k (SIMD).</summary>
    public static void GaussianTerms(double x, ReadOnlySpan<double> mus, ReadOnlySpan<double> invSigmas, ReadOnlySpan<double> consts, Span<double> terms)
    {
        var n = mus.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var rm = ref MemoryMarshal.GetReference(mus);
            ref var ri = ref MemoryMarshal.GetReference(invSigmas);
            ref var rc = ref MemoryMarshal.GetReference(consts);
            ref var rt = ref MemoryMarshal.GetReference(terms);
            var vx = Vector256.Create(x);
            var half = Vector256.Create(-0.5);
            for (; i <= n - 4; i += 4)
            {
                var z = (vx - Vector256.LoadUnsafe(ref rm, (nuint)i)) * Vector256.LoadUnsafe(ref ri, (nuint)i);
                (half * z * z + Vector256.LoadUnsafe(ref rc, (nuint)i)).StoreUnsafe(ref rt, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            var z = (x - mus[i]) * invSigmas[i];
            terms[i] = -0.5 * z * z + consts[i];
        }
    }

}
