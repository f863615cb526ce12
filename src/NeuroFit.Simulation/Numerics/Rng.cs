using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroFit.Simulation.Numerics;

/// <summary>
/// Counter-based random numbers: a draw is a pure function of (seed, neuron key, stream, step, draw index), so a
/// neuron's noise depends only on those — never on batch size, thread count or evaluation order — and needs no
/// state (restarting a run restarts the noise). Bits come from the SplitMix64 finaliser applied to a Weyl sequence
/// started at a per-(seed, key, stream) base. Vector and scalar forms give identical results.
/// </summary>
internal static class Rng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private const ulong MixA = 0xBF58476D1CE4E5B9UL;
    private const ulong MixB = 0x94D049BB133111EBUL;

    /// <summary>Draw indices per step and stream (rejection samplers may use up to this many).</summary>
    public const int DrawsPerStep = 1 << 20;

    /// <summary>The key of global (one per population) draws.</summary>
    public const ulong GlobalKey = 0xFFFF_FFFF_FFFF_FFFFUL;

    /// <summary>The step used for draws of initial values (<c>init = Uniform(0, 1)</c>).</summary>
    public const long InitStep = -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * MixA;
        z = (z ^ (z >> 27)) * MixB;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong StreamBase(ulong seed, ulong key, int stream)
    {
        var h = Mix(seed ^ 0x6A09E667F3BCC909UL);
        h = Mix(h ^ Mix(key + 0xBB67AE8584CAA73BUL));
        return Mix(h ^ Mix((ulong)stream + 0x3C6EF372FE94F82BUL));
    }

    /// <summary>The per-(step, index) offset added to a stream base: the same for every neuron, so computed once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Counter(long step, int index) => (((ulong)step << 20) | (uint)index) * Golden;

    /// <summary>Uniform on [0, 1) with 52 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToUnit(ulong bits) => BitConverter.UInt64BitsToDouble((bits >> 12) | 0x3FF0000000000000UL) - 1.0;

    public static double Uniform01(ulong streamBase, ulong counter) => ToUnit(Mix(streamBase + counter));

    // ---- vector forms -------------------------------------------------------------------------

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<ulong> StreamBase(ulong seed, Vector256<ulong> keys, int stream) =>
        Vector256.Create(StreamBase(seed, keys[0], stream), StreamBase(seed, keys[1], stream),
                         StreamBase(seed, keys[2], stream), StreamBase(seed, keys[3], stream));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> MulConst(Vector256<ulong> a, ulong c)
    {
        if (Avx2.IsSupported)
        {
            // 64-bit low product from three 32x32->64 products (AVX2 has no 64-bit multiply).
            var cv = Vector256.Create(c);
            var lo = Avx2.Multiply(a.AsUInt32(), cv.AsUInt32());
            var cross1 = Avx2.Multiply(Vector256.ShiftRightLogical(a, 32).AsUInt32(), cv.AsUInt32());
            var cross2 = Avx2.Multiply(a.AsUInt32(), Vector256.Create(c >> 32).AsUInt32());
            return lo + Vector256.ShiftLeft(cross1 + cross2, 32);
        }
        return a * Vector256.Create(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z = MulConst(z ^ Vector256.ShiftRightLogical(z, 30), MixA);
        z = MulConst(z ^ Vector256.ShiftRightLogical(z, 27), MixB);
        return z ^ Vector256.ShiftRightLogical(z, 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Uniform01(Vector256<ulong> streamBase, ulong counter)
    {
        var bits = Mix(streamBase + Vector256.Create(counter));
        return (Vector256.ShiftRightLogical(bits, 12) | Vector256.Create(0x3FF0000000000000UL)).AsDouble() - Vector256.Create(1.0);
    }
}
