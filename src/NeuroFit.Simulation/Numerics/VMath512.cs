using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace NeuroFit.Simulation.Numerics;

/// <summary>
/// <see cref="VMath"/> on 8 neurons at a time, for kernels generated at 512 bits: the same names and the same lane-wise
/// operations, so a neuron's result does not depend on the width. Functions that have no vector algorithm (they call
/// the C library per lane) run on the two 256-bit halves.
/// </summary>
internal static class VMath512
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(double[] array, int index) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, double[] array, int index) =>
        value.StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(array), (nuint)index);

    /// <summary>Reads a global value stored at <c>array[index]</c> and broadcasts it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double[] array, int index) =>
        Vector512.Create(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MaskBits(Vector512<double> mask) => (uint)mask.ExtractMostSignificantBits();

    /// <summary>Two 256-bit halves as one vector (lanes 0–3 from <paramref name="lower"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Join(Vector256<double> lower, Vector256<double> upper) => Vector512.Create(lower, upper);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MaskToNumber(Vector512<double> mask) => mask & Vector512.Create(1.0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Truth(Vector512<double> x) => ~Vector512.Equals(x, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NotEqual(Vector512<double> a, Vector512<double> b) => ~Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Not(Vector512<double> mask) => ~mask;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Select(Vector512<double> mask, Vector512<double> whenTrue, Vector512<double> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Pos(Vector512<double> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<double>.Zero), x, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Neg(Vector512<double> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<double>.Zero), x, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Clip(Vector512<double> x, Vector512<double> lo, Vector512<double> hi) =>
        Vector512.ConditionalSelect(Vector512.LessThan(x, lo), lo, Vector512.ConditionalSelect(Vector512.GreaterThan(x, hi), hi, x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ClampMin(Vector512<double> x, Vector512<double> min) =>
        Vector512.ConditionalSelect(Vector512.LessThan(x, min), min, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ClampMax(Vector512<double> x, Vector512<double> max) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, max), max, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FMax(Vector512<double> a, Vector512<double> b) => Vector512.MaxNumber(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FMin(Vector512<double> a, Vector512<double> b) => Vector512.MinNumber(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Trunc(Vector512<double> x) => Vector512.Truncate(x);

    /// <summary>C <c>round</c>: half away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Round(Vector512<double> x)
    {
        var t = Vector512.Truncate(x);
        var frac = Vector512.Abs(x - t);
        var step = Vector512.CopySign(Vector512.Create(1.0), x);
        return Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(frac, Vector512.Create(0.5)), t + step, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> IsFinite(Vector512<double> x) => Vector512.IsFinite(x).AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> IsNaN(Vector512<double> x) => ~Vector512.Equals(x, x);

    // ---- per-lane library functions, on the halves ----------------------------------------------

    private static Vector512<double> Halves(Vector512<double> x, Func<Vector256<double>, Vector256<double>> f) =>
        Vector512.Create(f(x.GetLower()), f(x.GetUpper()));

    private static Vector512<double> Halves(Vector512<double> a, Vector512<double> b, Func<Vector256<double>, Vector256<double>, Vector256<double>> f) =>
        Vector512.Create(f(a.GetLower(), b.GetLower()), f(a.GetUpper(), b.GetUpper()));

    public static Vector512<double> Pow(Vector512<double> a, Vector512<double> b) => Halves(a, b, VMath.Pow);
    public static Vector512<double> Fmod(Vector512<double> a, Vector512<double> b) => Halves(a, b, VMath.Fmod);
    public static Vector512<double> IntModulo(Vector512<double> a, Vector512<double> b) => Halves(a, b, VMath.IntModulo);
    public static Vector512<double> IntPower(Vector512<double> x, Vector512<double> n) => Halves(x, n, VMath.IntPower);
    public static Vector512<double> Sin(Vector512<double> x) => Halves(x, VMath.Sin);
    public static Vector512<double> Cos(Vector512<double> x) => Halves(x, VMath.Cos);
    public static Vector512<double> Log10(Vector512<double> x) => Halves(x, VMath.Log10);
    public static Vector512<double> Tan(Vector512<double> x) => Halves(x, VMath.Tan);
    public static Vector512<double> Asin(Vector512<double> x) => Halves(x, VMath.Asin);
    public static Vector512<double> Acos(Vector512<double> x) => Halves(x, VMath.Acos);
    public static Vector512<double> Atan(Vector512<double> x) => Halves(x, VMath.Atan);
    public static Vector512<double> Sinh(Vector512<double> x) => Halves(x, VMath.Sinh);
    public static Vector512<double> Cosh(Vector512<double> x) => Halves(x, VMath.Cosh);
    public static Vector512<double> Tanh(Vector512<double> x) => Halves(x, VMath.Tanh);
}
