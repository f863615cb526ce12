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

    /// <summary>log Σ exp(x_i), stable. Terms more than 40 below the maximum (each &lt; 4e-18 of the largest) are
    /// left out; the rest go through a 4-lane SIMD exp (<see cref="ExpNonPositive"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double LogSumExp(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        ref var r = ref MemoryMarshal.GetReference(x);
        var m = double.NegativeInfinity;
        var i = 0;
        var simd = Vector256.IsHardwareAccelerated && n >= 8;
        if (simd)
        {
            var vm = Vector256.Create(double.NegativeInfinity);
            for (; i <= n - 4; i += 4) vm = Vector256.Max(vm, Vector256.LoadUnsafe(ref r, (nuint)i));
            m = Math.Max(Math.Max(vm[0], vm[1]), Math.Max(vm[2], vm[3]));
        }
        for (; i < n; i++) if (x[i] > m) m = x[i];
        if (double.IsNegativeInfinity(m) || double.IsPositiveInfinity(m) || double.IsNaN(m)) return m;
        const double cut = -40;
        double s = 0;
        i = 0;
        if (simd)
        {
            var vs = Vector256<double>.Zero;
            var vmax = Vector256.Create(m);
            var vcut = Vector256.Create(cut);
            for (; i <= n - 4; i += 4)
            {
                var d = Vector256.LoadUnsafe(ref r, (nuint)i) - vmax;
                var keep = Vector256.GreaterThan(d, vcut);
                if (keep == Vector256<double>.Zero) continue;
                vs += Vector256.ConditionalSelect(keep, ExpNonPositive(Vector256.Max(d, vcut)), Vector256<double>.Zero);
            }
            s = vs[0] + vs[1] + vs[2] + vs[3];
        }
        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref r, i) - m;
            if (d > cut) s += Math.Exp(d);
        }
        return m + Math.Log(s);
    }

    /// <summary>exp(x) for x in [−40, 0], four lanes at a time: x = k·ln2 + t with |t| ≤ ln2/2, a degree-12 Taylor
    /// polynomial for e^t (truncation &lt; 2e-17) and 2^k from the exponent bits; relative error ~1e-16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ExpNonPositive(Vector256<double> x)
    {
        var scaled = x * Vector256.Create(1.4426950408889634);
        var k = System.Runtime.Intrinsics.X86.Avx.IsSupported
            ? System.Runtime.Intrinsics.X86.Avx.RoundToNearestInteger(scaled)
            : Vector256.Round(scaled);
        var t = x - k * Vector256.Create(0.6931471803691238) - k * Vector256.Create(1.9082149292705877e-10);
        var p = Vector256.Create(1.0 / 479001600);
        p = p * t + Vector256.Create(1.0 / 39916800);
        p = p * t + Vector256.Create(1.0 / 3628800);
        p = p * t + Vector256.Create(1.0 / 362880);
        p = p * t + Vector256.Create(1.0 / 40320);
        p = p * t + Vector256.Create(1.0 / 5040);
        p = p * t + Vector256.Create(1.0 / 720);
        p = p * t + Vector256.Create(1.0 / 120);
        p = p * t + Vector256.Create(1.0 / 24);
        p = p * t + Vector256.Create(1.0 / 6);
        p = p * t + Vector256.Create(0.5);
        p = p * t + Vector256<double>.One;
        p = p * t + Vector256<double>.One;
        // k as int64 without a double→int64 conversion instruction (AVX2 has none): add 1.5·2^52 and read the bits
        var shifter = Vector256.Create(6755399441055744.0);
        var ki = (k + shifter).AsInt64() - shifter.AsInt64();
        var bits = (ki + Vector256.Create(1023L)) << 52;
        return p * bits.AsDouble();
    }

    /// <summary>terms[k] = −½((x − μ_k)·invσ_k)² + c_k for every k (SIMD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
