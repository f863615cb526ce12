using System.Numerics;
using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers;

/// <summary>
/// Sobol sequence with Joe–Kuo (new-joe-kuo-6.21201) direction numbers, 32-bit, computed directly from the trial
/// number (Gray-code order), so trial k's point never depends on other trials. Optional scrambling: a random
/// lower-triangular linear matrix scramble plus a random digital shift per dimension (Matoušek), seeded by the
/// study seed. Unscrambled, trial k is point k + 1 (the all-zero first point is skipped).
/// </summary>
internal sealed class SobolSampler : Sampler
{
    internal const long ScrambleStream = 3;
    private const int Bits = 32;

    // d, s, a, m_1..m_s for dimensions 2..32 of new-joe-kuo-6.21201 (dimension 1 is the van der Corput sequence)
    private static readonly int[][] JoeKuo =
    [
        [1, 0, 1], [2, 1, 1, 3], [3, 1, 1, 3, 1], [3, 2, 1, 1, 1], [4, 1, 1, 1, 3, 3], [4, 4, 1, 3, 5, 13],
        [5, 2, 1, 1, 5, 5, 17], [5, 4, 1, 1, 5, 5, 5], [5, 7, 1, 1, 7, 11, 19], [5, 11, 1, 1, 5, 1, 1],
        [5, 13, 1, 1, 1, 3, 11], [5, 14, 1, 3, 5, 5, 31], [6, 1, 1, 3, 3, 9, 7, 49], [6, 13, 1, 1, 1, 15, 21, 21],
        [6, 16, 1, 3, 1, 13, 27, 49], [6, 19, 1, 1, 1, 15, 7, 5], [6, 22, 1, 3, 1, 15, 13, 25], [6, 25, 1, 1, 5, 5, 19, 61],
        [7, 1, 1, 3, 7, 11, 23, 15, 103], [7, 4, 1, 3, 7, 13, 13, 15, 69], [7, 7, 1, 1, 3, 13, 7, 35, 63],
        [7, 8, 1, 3, 5, 9, 1, 25, 53], [7, 14, 1, 3, 1, 13, 9, 35, 107], [7, 19, 1, 3, 1, 5, 27, 61, 31],
        [7, 21, 1, 1, 5, 11, 19, 41, 61], [7, 28, 1, 3, 5, 3, 3, 13, 69], [7, 31, 1, 1, 7, 13, 1, 19, 1],
        [7, 32, 1, 3, 7, 5, 13, 19, 59], [7, 37, 1, 1, 3, 9, 25, 29, 41], [7, 41, 1, 3, 5, 13, 23, 1, 55],
        [7, 42, 1, 3, 7, 3, 13, 59, 17],
    ];

    /// <summary>Largest supported number of parameters.</summary>
    internal const int MaxDimensions = 32;

    private readonly uint[][] _v;      // direction numbers per dimension (index i = bit i of the Gray code)
    private readonly uint[] _shift;
    private readonly bool _scramble;

    public SobolSampler(SearchSpace space, long seed, bool scramble) : base(space, seed)
    {
        if (space.Count > MaxDimensions)
            throw new SearchSpaceException($"the Sobol sampler supports up to {MaxDimensions} parameters, this space has {space.Count}; use the random sampler");
        _scramble = scramble;
        _v = new uint[space.Count][];
        _shift = new uint[space.Count];
        for (var j = 0; j < space.Count; j++)
        {
            _v[j] = DirectionNumbers(j);
            if (scramble)
            {
                var rng = Rng.For(seed, ScrambleStream, j);
                _v[j] = LinearScramble(_v[j], rng);
                _shift[j] = (uint)rng.NextUInt64();
            }
        }
    }

    /// <summary>The 32 direction numbers of dimension <paramref name="j"/> (0-based).</summary>
    internal static uint[] DirectionNumbers(int j)
    {
        var v = new uint[Bits];
        if (j == 0)
        {
            for (var i = 0; i < Bits; i++) v[i] = 1u << (Bits - 1 - i);
            return v;
        }
        var row = JoeKuo[j - 1];
        int s = row[0], a = row[1];
        for (var i = 0; i < Math.Min(s, Bits); i++) v[i] = (uint)row[2 + i] << (Bits - 1 - i);
        for (var i = s; i < Bits; i++)
        {
            var x = v[i - s] ^ (v[i - s] >> s);
            for (var k = 1; k < s; k++)
                if (((a >> (s - 1 - k)) & 1) != 0) x ^= v[i - k];
            v[i] = x;
        }
        return v;
    }

    /// <summary>Multiplies each direction number (as a column of binary digits, most significant first) by a random
    /// lower-triangular matrix with unit diagonal: output digit t = XOR of input digits s ≤ t selected by row t.</summary>
    private static uint[] LinearScramble(uint[] v, Rng rng)
    {
        var rows = new uint[Bits];
        for (var t = 0; t < Bits; t++)
        {
            var diag = 1u << (Bits - 1 - t);
            var higher = t == 0 ? 0u : ~((diag << 1) - 1); // digits before t (more significant bits)
            if (t == 0) higher = 0;
            rows[t] = ((uint)rng.NextUInt64() & higher) | diag;
        }
        var result = new uint[Bits];
        for (var i = 0; i < Bits; i++)
        {
            uint o = 0;
            for (var t = 0; t < Bits; t++)
                if ((BitOperations.PopCount(rows[t] & v[i]) & 1) != 0) o |= 1u << (Bits - 1 - t);
            result[i] = o;
        }
        return result;
    }

    /// <summary>Point <paramref name="index"/> of the (scrambled) sequence in [0, 1)^d.</summary>
    internal double[] Point(long index)
    {
        var gray = (ulong)index ^ ((ulong)index >> 1);
        var p = new double[_v.Length];
        for (var j = 0; j < _v.Length; j++)
        {
            uint x = 0;
            var g = gray;
            for (var b = 0; g != 0 && b < Bits; b++, g >>= 1)
                if ((g & 1) != 0) x ^= _v[j][b];
            if (_scramble) x ^= _shift[j];
            p[j] = x * (1.0 / 4294967296.0);
        }
        return p;
    }

    public override IReadOnlyDictionary<string, double> SampleTrial(IReadOnlyList<Trial> others, int number)
    {
        var u = Point(_scramble ? number : number + 1L);
        var result = new Dictionary<string, double>(Space.Count, StringComparer.Ordinal);
        for (var j = 0; j < Space.Count; j++)
        {
            var p = Space.Parameters[j];
            result[p.Name] = p.Distribution.FromUnit(u[j]);
        }
        return result;
    }
}
