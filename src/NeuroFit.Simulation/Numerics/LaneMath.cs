using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroFit.Simulation.Numerics;

/// <summary>
/// The operations the lane-wise algorithms are written in. Implemented on <see cref="Vector256{T}"/> (to run them)
/// and on expression trees (to inline them into generated kernels, where a call would evict every vector register),
/// so both execute exactly the same operation sequence.
/// </summary>
internal interface ILaneOps<T>
{
    T C(double x);
    T Add(T a, T b);
    T Sub(T a, T b);
    T Mul(T a, T b);
    T Div(T a, T b);
    T Fma(T a, T b, T c);
    T Neg(T a);
    T Floor(T a);
    T Abs(T a);
    /// <summary>Round half to even.</summary>
    T RoundEven(T a);
    T Select(T mask, T whenTrue, T whenFalse);
    T Greater(T a, T b);
    T Less(T a, T b);
    T Equal(T a, T b);
    /// <summary>2^n for integral n in [−1022, 1023] given as a double.</summary>
    T Pow2(T n);
    /// <summary>Unbiased binary exponent of a positive normal number, as a double.</summary>
    T Exponent(T x);
    /// <summary>The significand of a positive normal number, in [1, 2).</summary>
    T Significand(T x);
    /// <summary>Names a value that is used more than once (a local in generated code).</summary>
    T Let(T value);
}

/// <summary>
/// exp and log written lane by lane with no data-dependent branches, so a lane's result never depends on
/// the other lanes (the library's <c>Vector256.Exp</c>/<c>Cos</c> switch to a fallback for all lanes when one lane is
/// out of range, which changed results across batch sizes). Accuracy: within 2 ulp of the C library.
/// </summary>
internal static class LaneAlgorithms
{
    private static readonly double Ln2Hi = BitConverter.Int64BitsToDouble(0x3FE62E42FEE00000);
    private static readonly double Ln2Lo = BitConverter.Int64BitsToDouble(0x3DEA39EF35793C76);
    private const double Log2E = 1.4426950408889634;
    private const double Magic = 6755399441055744.0; // 1.5·2^52: adding it rounds to an integer

    // Polynomial coefficients, highest degree first (static: the running versions must not allocate).
    private static readonly double[] ExpCoefficients = [.. new[] { 479001600.0, 39916800.0, 3628800.0, 362880.0, 40320.0, 5040.0, 720.0, 120.0, 24.0, 6.0 }.Select(k => 1.0 / k)];
    private static readonly double[] LogCoefficients = [.. new[] { 21.0, 19.0, 17.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0, 3.0 }.Select(k => 2.0 / k)];

    public static T Exp<T, TOps>(TOps o, T x) where TOps : ILaneOps<T>
    {
        x = o.Let(o.Select(o.Greater(x, o.C(710.0)), o.C(710.0), x));
        x = o.Let(o.Select(o.Less(x, o.C(-746.0)), o.C(-746.0), x));
        var n = o.Let(o.Sub(o.Add(o.Mul(x, o.C(Log2E)), o.C(Magic)), o.C(Magic)));
        var r = o.Let(o.Sub(o.Sub(x, o.Mul(n, o.C(Ln2Hi))), o.Mul(n, o.C(Ln2Lo))));
        // exp(r), |r| <= 0.35: Taylor series to r^13 (truncation < 1e-17)
        var p = o.C(1.0 / 6227020800.0);
        foreach (var k in ExpCoefficients) p = o.Let(o.Fma(p, r, o.C(k)));
        p = o.Let(o.Fma(p, r, o.C(0.5)));
        p = o.Let(o.Add(o.Fma(p, o.Mul(r, r), r), o.C(1.0)));
        // 2^n in two exact halves so that overflow and gradual underflow round once, at the last product
        var n1 = o.Let(o.Floor(o.Mul(n, o.C(0.5))));
        var n2 = o.Sub(n, n1);
        return o.Mul(o.Mul(p, o.Pow2(n1)), o.Pow2(n2));
    }

    public static T Log<T, TOps>(TOps o, T x) where TOps : ILaneOps<T>
    {
        const double MinNormal = 2.2250738585072014E-308;
        x = o.Let(x);
        var subnormal = o.Let(o.Less(x, o.C(MinNormal)));
        var xs = o.Let(o.Select(subnormal, o.Mul(x, o.C(18014398509481984.0)), x)); // 2^54
        var e = o.Let(o.Select(subnormal, o.Sub(o.Exponent(xs), o.C(54.0)), o.Exponent(xs)));
        var m = o.Let(o.Significand(xs));
        var big = o.Let(o.Greater(m, o.C(1.4142135623730951)));
        m = o.Let(o.Select(big, o.Mul(m, o.C(0.5)), m));
        e = o.Let(o.Select(big, o.Add(e, o.C(1.0)), e));
        var f = o.Let(o.Sub(m, o.C(1.0)));
        var s = o.Let(o.Div(f, o.Add(o.C(2.0), f)));
        var z = o.Let(o.Mul(s, s));
        // R = 2z/3 + 2z²/5 + … (the series of 2·atanh(s) − 2s, divided by s)
        var q = o.C(2.0 / 23.0);
        foreach (var k in LogCoefficients) q = o.Let(o.Fma(q, z, o.C(k)));
        var rr = o.Let(o.Mul(q, z));
        var hfsq = o.Let(o.Mul(o.Mul(o.C(0.5), f), f));
        var result = o.Let(o.Sub(o.Mul(e, o.C(Ln2Hi)), o.Sub(o.Sub(hfsq, o.Add(o.Mul(s, o.Add(hfsq, rr)), o.Mul(e, o.C(Ln2Lo)))), f)));
        result = o.Let(o.Select(o.Equal(x, o.C(0.0)), o.C(double.NegativeInfinity), result));
        result = o.Let(o.Select(o.Less(x, o.C(0.0)), o.C(double.NaN), result));
        result = o.Let(o.Select(o.Equal(x, o.C(double.PositiveInfinity)), x, result));
        return o.Select(o.Equal(x, x), result, x);
    }
}

/// <summary>The lane algorithms on <see cref="Vector256{T}"/> of double.</summary>
internal readonly struct VectorLaneOps : ILaneOps<Vector256<double>>
{
    private const double Magic = 6755399441055744.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> C(double x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Sub(Vector256<double> a, Vector256<double> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Mul(Vector256<double> a, Vector256<double> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Div(Vector256<double> a, Vector256<double> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Neg(Vector256<double> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Floor(Vector256<double> a) => Vector256.Floor(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Abs(Vector256<double> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> RoundEven(Vector256<double> a) => Vector256.Round(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Select(Vector256<double> m, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(m, a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Greater(Vector256<double> a, Vector256<double> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Less(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Equal(Vector256<double> a, Vector256<double> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Pow2(Vector256<double> n) => VMath.Pow2(n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Exponent(Vector256<double> x) => VMath.Exponent(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Significand(Vector256<double> x) => VMath.Significand(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Let(Vector256<double> value) => value;
}

/// <summary>
/// exp and log for running code (the scalar reference, the noise samplers): the operation sequence of
/// <see cref="LaneAlgorithms"/> written out flat, so that it inlines and runs fully optimised. Tests check that it
/// equals the generated-code version bit for bit.
/// </summary>
internal static class LaneMath
{
    private static readonly double Ln2Hi = BitConverter.Int64BitsToDouble(0x3FE62E42FEE00000);
    private static readonly double Ln2Lo = BitConverter.Int64BitsToDouble(0x3DEA39EF35793C76);
    private const double Log2E = 1.4426950408889634;
    private const double Magic = 6755399441055744.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> C(double x) => Vector256.Create(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, C(710.0)), C(710.0), x);
        x = Vector256.ConditionalSelect(Vector256.LessThan(x, C(-746.0)), C(-746.0), x);
        var n = (x * C(Log2E) + C(Magic)) - C(Magic);
        var r = (x - n * C(Ln2Hi)) - n * C(Ln2Lo);
        var p = C(1.0 / 6227020800.0);
        p = Fma(p, r, C(1.0 / 479001600.0));
        p = Fma(p, r, C(1.0 / 39916800.0));
        p = Fma(p, r, C(1.0 / 3628800.0));
        p = Fma(p, r, C(1.0 / 362880.0));
        p = Fma(p, r, C(1.0 / 40320.0));
        p = Fma(p, r, C(1.0 / 5040.0));
        p = Fma(p, r, C(1.0 / 720.0));
        p = Fma(p, r, C(1.0 / 120.0));
        p = Fma(p, r, C(1.0 / 24.0));
        p = Fma(p, r, C(1.0 / 6.0));
        p = Fma(p, r, C(0.5));
        p = Fma(p, r * r, r) + C(1.0);
        var n1 = Vector256.Floor(n * C(0.5));
        var n2 = n - n1;
        return p * VMath.Pow2(n1) * VMath.Pow2(n2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x)
    {
        var subnormal = Vector256.LessThan(x, C(2.2250738585072014E-308));
        var xs = Vector256.ConditionalSelect(subnormal, x * C(18014398509481984.0), x);
        var e = Vector256.ConditionalSelect(subnormal, VMath.Exponent(xs) - C(54.0), VMath.Exponent(xs));
        var m = VMath.Significand(xs);
        var big = Vector256.GreaterThan(m, C(1.4142135623730951));
        m = Vector256.ConditionalSelect(big, m * C(0.5), m);
        e = Vector256.ConditionalSelect(big, e + C(1.0), e);
        var f = m - C(1.0);
        var s = f / (C(2.0) + f);
        var z = s * s;
        var q = C(2.0 / 23.0);
        q = Fma(q, z, C(2.0 / 21.0));
        q = Fma(q, z, C(2.0 / 19.0));
        q = Fma(q, z, C(2.0 / 17.0));
        q = Fma(q, z, C(2.0 / 15.0));
        q = Fma(q, z, C(2.0 / 13.0));
        q = Fma(q, z, C(2.0 / 11.0));
        q = Fma(q, z, C(2.0 / 9.0));
        q = Fma(q, z, C(2.0 / 7.0));
        q = Fma(q, z, C(2.0 / 5.0));
        q = Fma(q, z, C(2.0 / 3.0));
        var rr = q * z;
        var hfsq = C(0.5) * f * f;
        var result = e * C(Ln2Hi) - ((hfsq - (s * (hfsq + rr) + e * C(Ln2Lo))) - f);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, C(0.0)), C(double.NegativeInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, C(0.0)), C(double.NaN), result);
        result = Vector256.ConditionalSelect(Vector256.Equals(x, C(double.PositiveInfinity)), x, result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>
    /// (cos 2πu, sin 2πu) for any finite u, reduced exactly in u (both Box–Muller outputs at once): polynomials on
    /// [0, π/4] after the symmetries u → u − round(u), a → 0.5 − a, b → 0.25 − b, all exact in binary.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Cos, Vector256<double> Sin) SinCosTwoPi(Vector256<double> u)
    {
        var w = u - Vector256.Round(u);
        var a = Vector256.Abs(w);
        var flip = Vector256.GreaterThan(a, C(0.25));
        var b = Vector256.ConditionalSelect(flip, C(0.5) - a, a);
        var swap = Vector256.GreaterThan(b, C(0.125));
        var c = Vector256.ConditionalSelect(swap, C(0.25) - b, b);
        var theta = c * C(2.0 * Math.PI);
        var t2 = theta * theta;
        var cp = C(1.0 / 20922789888000.0);
        cp = Fma(cp, t2, C(1.0 / -87178291200.0));
        cp = Fma(cp, t2, C(1.0 / 479001600.0));
        cp = Fma(cp, t2, C(1.0 / -3628800.0));
        cp = Fma(cp, t2, C(1.0 / 40320.0));
        cp = Fma(cp, t2, C(1.0 / -720.0));
        cp = Fma(cp, t2, C(1.0 / 24.0));
        cp = Fma(cp, t2, C(1.0 / -2.0));
        var cosTheta = Fma(cp, t2, C(1.0));
        var sp = C(1.0 / 355687428096000.0);
        sp = Fma(sp, t2, C(1.0 / -1307674368000.0));
        sp = Fma(sp, t2, C(1.0 / 6227020800.0));
        sp = Fma(sp, t2, C(1.0 / -39916800.0));
        sp = Fma(sp, t2, C(1.0 / 362880.0));
        sp = Fma(sp, t2, C(1.0 / -5040.0));
        sp = Fma(sp, t2, C(1.0 / 120.0));
        sp = Fma(sp, t2, C(1.0 / -6.0));
        var sinTheta = Fma(sp * t2, theta, theta);
        var cosB = Vector256.ConditionalSelect(swap, sinTheta, cosTheta);
        var sinB = Vector256.ConditionalSelect(swap, cosTheta, sinTheta);
        var cos = Vector256.ConditionalSelect(flip, -cosB, cosB);
        var sin = Vector256.CopySign(sinB, w);
        return (cos, sin);
    }
}
