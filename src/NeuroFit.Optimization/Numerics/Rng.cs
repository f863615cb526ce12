namespace NeuroFit.Optimization.Numerics;

/// <summary>
/// xoshiro256** generator seeded through SplitMix64. Small, fast and fully specified, so a seed gives the same stream
/// on every platform and .NET version (System.Random's seeded stream is not a documented contract).
/// </summary>
internal sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    public Rng(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix(ref sm); _s1 = SplitMix(ref sm); _s2 = SplitMix(ref sm); _s3 = SplitMix(ref sm);
    }

    /// <summary>A generator whose stream depends only on (seed, a, b, c): per-trial randomness that no batching,
    /// resume or worker interleaving can shift.</summary>
    public static Rng For(long seed, long a, long b = 0, long c = 0) => new(Mix(seed, a, b, c));

    /// <summary>Hashes the words into one well-mixed 64-bit seed.</summary>
    public static ulong Mix(long seed, long a, long b = 0, long c = 0)
    {
        ulong h = 0x9E3779B97F4A7C15UL ^ (ulong)seed;
        h = Fmix(h ^ Fmix((ulong)a + 0x632BE59BD9B4E019UL));
        h = Fmix(h ^ Fmix((ulong)b + 0x8CB92BA72F3D8DD7UL));
        h = Fmix(h ^ Fmix((ulong)c + 0xD6E8FEB86659FD93UL));
        return h;
    }

    private static ulong Fmix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Fmix(x);
    }

    public ulong NextUInt64()
    {
        var result = RotL(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotL(_s3, 45);
        return result;
    }

    private static ulong RotL(ulong x, int k) => (x << k) | (x >> (64 - k));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in (0, 1): never exactly 0, for logs and inverse CDFs.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, n) without modulo bias.</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        var un = (ulong)n;
        var limit = ulong.MaxValue - ulong.MaxValue % un;
        ulong r;
        do r = NextUInt64(); while (r >= limit);
        return (long)(r % un);
    }

    /// <summary>Standard normal deviate (Marsaglia polar method; pairs are cached).</summary>
    public double NextGaussian()
    {
        if (_hasSpare) { _hasSpare = false; return _spareNormal; }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        var f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>Index drawn with probability proportional to <paramref name="weights"/> (non-negative, positive sum).</summary>
    public int Categorical(ReadOnlySpan<double> weights, double total)
    {
        var r = NextDouble() * total;
        double acc = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            acc += weights[i];
            if (r < acc) return i;
        }
        for (var i = weights.Length - 1; i >= 0; i--) if (weights[i] > 0) return i;
        return weights.Length - 1;
    }
}
