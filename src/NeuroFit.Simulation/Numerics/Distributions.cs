using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation.Numerics;

/// <summary>
/// Samplers for the model language's distributions on top of <see cref="Rng"/>. Each takes the lanes' stream bases
/// and the step's counter (<see cref="Rng.Counter"/> with index 0; draw index i of the step uses counter + i·golden),
/// or the step itself for the normal family, whose Box–Muller pairs serve two consecutive steps.
/// Uniform, Normal, LogNormal, Exponential and DiscreteUniform are vectorised; Gamma and Binomial run per lane.
/// </summary>
internal static class Distributions
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Uniform(Vector256<ulong> bases, ulong counter, Vector256<double> a, Vector256<double> b) =>
        Rng.Uniform01(bases, counter) * (b - a) + a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> DiscreteUniform(Vector256<ulong> bases, ulong counter, Vector256<double> a, Vector256<double> b)
    {
        var lo = Vector256.Truncate(a);
        var hi = Vector256.Truncate(b);
        return lo + Vector256.Floor(Rng.Uniform01(bases, counter) * (hi - lo + Vector256.Create(1.0)));
    }

    /// <summary>
    /// Two independent standard normals by Box–Muller from draws 0 and 1 of <paramref name="counter"/>: even steps
    /// use the cosine output, the following odd step the sine output of the same pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Even, Vector256<double> Odd) StandardNormalPair(Vector256<ulong> bases, ulong counter)
    {
        var u1 = Vector256.Create(1.0) - Rng.Uniform01(bases, counter);
        var u2 = Rng.Uniform01(bases, counter + Golden);
        var radius = Vector256.Sqrt(Vector256.Create(-2.0) * LaneMath.Log(u1));
        var (cos, sin) = LaneMath.SinCosTwoPi(u2);
        return (radius * cos, radius * sin);
    }

    /// <summary>The standard normal of <paramref name="step"/> (see <see cref="StandardNormalPair"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> StandardNormal(Vector256<ulong> bases, long step)
    {
        var (even, odd) = StandardNormalPair(bases, Rng.Counter(step & ~1L, 0));
        return (step & 1) == 0 ? even : odd;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Normal(Vector256<ulong> bases, long step, Vector256<double> mu, Vector256<double> sigma) =>
        mu + sigma * StandardNormal(bases, step);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> LogNormal(Vector256<ulong> bases, long step, Vector256<double> mu, Vector256<double> sigma) =>
        LaneMath.Exp(mu + sigma * StandardNormal(bases, step));

    /// <summary>Exponential with rate lambda (inverse CDF).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exponential(Vector256<ulong> bases, ulong counter, Vector256<double> lambda) =>
        -LaneMath.Log(Vector256.Create(1.0) - Rng.Uniform01(bases, counter)) / lambda;

    /// <summary>Gamma with shape k and scale theta (Marsaglia–Tsang, with the k &lt; 1 boost).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<double> Gamma(Vector256<ulong> bases, ulong counter, Vector256<double> k, Vector256<double> theta) =>
        Vector256.Create(
            GammaLane(bases[0], counter, k[0], theta[0]), GammaLane(bases[1], counter, k[1], theta[1]),
            GammaLane(bases[2], counter, k[2], theta[2]), GammaLane(bases[3], counter, k[3], theta[3]));

    /// <summary>Binomial(n, p): a count of n Bernoulli draws up to n = 1000, a rounded normal approximation above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<double> Binomial(Vector256<ulong> bases, ulong counter, Vector256<double> n, Vector256<double> p) =>
        Vector256.Create(
            BinomialLane(bases[0], counter, n[0], p[0]), BinomialLane(bases[1], counter, n[1], p[1]),
            BinomialLane(bases[2], counter, n[2], p[2]), BinomialLane(bases[3], counter, n[3], p[3]));

    /// <summary>
    /// Draws <paramref name="count"/> consecutive steps from <paramref name="step0"/> for 4 lanes into
    /// <c>buffer[offset + i·stride .. +4]</c> (kernels pre-draw a run of steps so the step loop makes no call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(int kind, double[] buffer, int offset, int stride, Vector256<ulong> bases, long step0, int count,
        Vector256<double> a, Vector256<double> b)
    {
        var distribution = (DistributionKind)kind;
        if (distribution is DistributionKind.Normal or DistributionKind.LogNormal)
        {
            // Box–Muller pairs serve two consecutive steps: compute each pair once.
            Vector256<double> even = default, odd = default;
            var pair = long.MinValue;
            for (var i = 0; i < count; i++)
            {
                var step = step0 + i;
                if ((step & ~1L) != pair)
                {
                    pair = step & ~1L;
                    (even, odd) = StandardNormalPair(bases, Rng.Counter(pair, 0));
                }
                var value = a + b * ((step & 1) == 0 ? even : odd);
                if (distribution == DistributionKind.LogNormal) value = LaneMath.Exp(value);
                VMath.Store(value, buffer, offset + i * stride);
            }
            return;
        }
        for (var i = 0; i < count; i++)
            VMath.Store(Draw(distribution, bases, step0 + i, a, b), buffer, offset + i * stride);
    }

    /// <summary>The draw of <paramref name="step"/> (one-argument distributions ignore <paramref name="b"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector256<double> Draw(DistributionKind kind, Vector256<ulong> bases, long step, Vector256<double> a, Vector256<double> b)
    {
        var counter = Rng.Counter(step, 0);
        return kind switch
        {
            DistributionKind.Uniform => Uniform(bases, counter, a, b),
            DistributionKind.DiscreteUniform => DiscreteUniform(bases, counter, a, b),
            DistributionKind.Normal => Normal(bases, step, a, b),
            DistributionKind.LogNormal => LogNormal(bases, step, a, b),
            DistributionKind.Exponential => Exponential(bases, counter, a),
            DistributionKind.Gamma => Gamma(bases, counter, a, b),
            DistributionKind.Binomial => Binomial(bases, counter, a, b),
            _ => throw new NotSupportedException($"distribution {kind}"),
        };
    }

    private static double U(ulong streamBase, ulong counter, int index) => Rng.Uniform01(streamBase, counter + (ulong)index * Golden);

    private static double NormalLane(ulong streamBase, ulong counter, int index)
    {
        var u1 = 1.0 - U(streamBase, counter, index);
        var u2 = U(streamBase, counter, index + 1);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double GammaLane(ulong streamBase, ulong counter, double k, double theta)
    {
        if (!(k > 0) || !(theta > 0)) return double.NaN;
        var boost = 1.0;
        var index = 0;
        if (k < 1)
        {
            boost = Math.Pow(U(streamBase, counter, index++), 1.0 / k);
            k += 1;
        }
        var d = k - 1.0 / 3.0;
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (index < Rng.DrawsPerStep - 3)
        {
            var x = NormalLane(streamBase, counter, index);
            var u = U(streamBase, counter, index + 2);
            index += 3;
            var v = 1.0 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v)))
                return d * v * theta * boost;
        }
        return d * theta * boost;
    }

    private static double BinomialLane(ulong streamBase, ulong counter, double n, double p)
    {
        var trials = (long)Math.Truncate(n);
        if (trials <= 0 || !(p > 0)) return 0;
        if (p >= 1) return trials;
        if (trials <= 1000)
        {
            var count = 0;
            for (var i = 0; i < trials; i++)
                if (U(streamBase, counter, i) < p) count++;
            return count;
        }
        var mean = trials * p;
        var value = Math.Round(mean + Math.Sqrt(mean * (1 - p)) * NormalLane(streamBase, counter, 0), MidpointRounding.AwayFromZero);
        return Math.Clamp(value, 0, trials);
    }
}
