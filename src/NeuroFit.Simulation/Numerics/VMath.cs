using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace NeuroFit.Simulation.Numerics;

/// <summary>
/// The engine's arithmetic on 4 neurons at a time. Generated kernels call these (they inline), and the scalar
/// reference calls the same functions on a broadcast vector, so both give bit-identical results. Every function is
/// lane-wise: a lane's result never depends on the other lanes.
/// </summary>
internal static class VMath
{
    public const int Lanes = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(double[] array, int index) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, double[] array, int index) =>
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> LoadKeys(ulong[] array, int index) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    /// <summary>Reads a global value stored at <c>array[index]</c> and broadcasts it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double[] array, int index) =>
        Vector256.Create(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MaskBits(Vector256<double> mask) => mask.ExtractMostSignificantBits();

    /// <summary>A comparison mask as 1.0 / 0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MaskToNumber(Vector256<double> mask) => mask & Vector256.Create(1.0);

    /// <summary>C truthiness: any value other than ±0 (NaN included) is true.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Truth(Vector256<double> x) => ~Vector256.Equals(x, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> NotEqual(Vector256<double> a, Vector256<double> b) => ~Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Not(Vector256<double> mask) => ~mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Select(Vector256<double> mask, Vector256<double> whenTrue, Vector256<double> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    /// <summary><c>x &gt; 0 ? x : 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Pos(Vector256<double> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<double>.Zero), x, Vector256<double>.Zero);

    /// <summary><c>x &lt; 0 ? x : 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Neg(Vector256<double> x) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<double>.Zero), x, Vector256<double>.Zero);

    /// <summary><c>x &lt; lo ? lo : (x &gt; hi ? hi : x)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Clip(Vector256<double> x, Vector256<double> lo, Vector256<double> hi) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, lo), lo, Vector256.ConditionalSelect(Vector256.GreaterThan(x, hi), hi, x));

    /// <summary>Clamp after an update: <c>if (x &lt; min) x = min</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ClampMin(Vector256<double> x, Vector256<double> min) =>
        Vector256.ConditionalSelect(Vector256.LessThan(x, min), min, x);

    /// <summary>Clamp after an update: <c>if (x &gt; max) x = max</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ClampMax(Vector256<double> x, Vector256<double> max) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, max), max, x);

    /// <summary>C <c>fmax</c>: the larger, or the non-NaN operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FMax(Vector256<double> a, Vector256<double> b) => Vector256.MaxNumber(a, b);

    /// <summary>C <c>fmin</c>: the smaller, or the non-NaN operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> FMin(Vector256<double> a, Vector256<double> b) => Vector256.MinNumber(a, b);

    /// <summary>Truncation toward zero (C conversion to int, integer division).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Trunc(Vector256<double> x) => Vector256.Truncate(x);

    /// <summary>C <c>round</c>: half away from zero (exact: <c>x − trunc(x)</c> is exact in binary floating point).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Round(Vector256<double> x)
    {
        var t = Vector256.Truncate(x);
        var frac = Vector256.Abs(x - t);
        var step = Vector256.CopySign(Vector256.Create(1.0), x);
        return Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(frac, Vector256.Create(0.5)), t + step, t);
    }

    private const double Magic = 6755399441055744.0; // 1.5·2^52

    /// <summary>2^n for integral n in [−1022, 1023] given as a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Pow2(Vector256<double> n)
    {
        var bits = (n + Vector256.Create(Magic)).AsInt64() - Vector256.Create(Magic).AsInt64();
        return Vector256.ShiftLeft(bits + Vector256.Create(1023L), 52).AsDouble();
    }

    /// <summary>Unbiased binary exponent of a positive normal number, as a double (exact).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exponent(Vector256<double> x)
    {
        var biased = Vector256.ShiftRightLogical(x.AsUInt64(), 52) & Vector256.Create(0x7FFUL);
        // biased + 2^52 as a double is exactly 2^52 + biased
        return (biased | Vector256.Create(0x4330000000000000UL)).AsDouble() - Vector256.Create(4503599627370496.0 + 1023.0);
    }

    /// <summary>The significand of a positive normal number, in [1, 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Significand(Vector256<double> x) =>
        ((x.AsUInt64() & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> IsFinite(Vector256<double> x) => Vector256.IsFinite(x).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> IsNaN(Vector256<double> x) => ~Vector256.Equals(x, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x) => LaneMath.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Log(Vector256<double> x) => LaneMath.Log(x);

    // Functions without a vector implementation: the C library per lane (they are rare in neuron models).
    public static Vector256<double> Pow(Vector256<double> a, Vector256<double> b) =>
        Vector256.Create(Math.Pow(a[0], b[0]), Math.Pow(a[1], b[1]), Math.Pow(a[2], b[2]), Math.Pow(a[3], b[3]));

    /// <summary>C <c>fmod</c> (sign of the dividend).</summary>
    public static Vector256<double> Fmod(Vector256<double> a, Vector256<double> b) =>
        Vector256.Create(a[0] % b[0], a[1] % b[1], a[2] % b[2], a[3] % b[3]);

    /// <summary><c>modulo(a, b)</c>: both truncated to integers, then the C remainder.</summary>
    public static Vector256<double> IntModulo(Vector256<double> a, Vector256<double> b) => Fmod(Vector256.Truncate(a), Vector256.Truncate(b));

    /// <summary><c>power(x, n)</c>: <c>x·x·…·x</c> (n factors, left to right); n below 1 gives 1.</summary>
    public static Vector256<double> IntPower(Vector256<double> x, Vector256<double> n) =>
        Vector256.Create(IntPowerLane(x[0], n[0]), IntPowerLane(x[1], n[1]), IntPowerLane(x[2], n[2]), IntPowerLane(x[3], n[3]));

    // not an overload of IntPower: the kernel emitter looks VMath methods up by name and arity
    private static double IntPowerLane(double x, double n)
    {
        if (!(n >= 1)) return 1.0;
        var result = x;
        for (var i = 1; i < (long)n; i++) result *= x;
        return result;
    }

    public static Vector256<double> Sin(Vector256<double> x) => Map(x, Math.Sin);
    public static Vector256<double> Cos(Vector256<double> x) => Map(x, Math.Cos);
    public static Vector256<double> Log10(Vector256<double> x) => Map(x, Math.Log10);
    public static Vector256<double> Tan(Vector256<double> x) => Map(x, Math.Tan);
    public static Vector256<double> Asin(Vector256<double> x) => Map(x, Math.Asin);
    public static Vector256<double> Acos(Vector256<double> x) => Map(x, Math.Acos);
    public static Vector256<double> Atan(Vector256<double> x) => Map(x, Math.Atan);
    public static Vector256<double> Sinh(Vector256<double> x) => Map(x, Math.Sinh);
    public static Vector256<double> Cosh(Vector256<double> x) => Map(x, Math.Cosh);
    public static Vector256<double> Tanh(Vector256<double> x) => Map(x, Math.Tanh);

    private static Vector256<double> Map(Vector256<double> x, Func<double, double> f) => Vector256.Create(f(x[0]), f(x[1]), f(x[2]), f(x[3]));

    /// <summary>Evaluates a vector function on one value (the scalar reference uses this to share the vector code).</summary>
    public static double Scalar(Func<Vector256<double>, Vector256<double>> f, double x) => f(Vector256.Create(x)).ToScalar();

    /// <summary>Evaluates a binary vector function on scalars.</summary>
    public static double Scalar(Func<Vector256<double>, Vector256<double>, Vector256<double>> f, double x, double y) =>
        f(Vector256.Create(x), Vector256.Create(y)).ToScalar();

    /// <summary>Evaluates a ternary vector function on scalars.</summary>
    public static double Scalar(Func<Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>> f, double x, double y, double z) =>
        f(Vector256.Create(x), Vector256.Create(y), Vector256.Create(z)).ToScalar();
}
