using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Losses;

namespace NeuroFit.Tests.Losses;

public class SpikeDistanceTests
{
    [Fact]
    public void Van_rossum_closed_form_small_trains()
    {
        Assert.Equal(1.0, SpikeDistances.VanRossum([10.0], [], 5), 14);
        Assert.Equal(0.0, SpikeDistances.VanRossum([10.0, 30.0], [10.0, 30.0], 5), 7);
        // One spike each, 5 ms apart, τ = 10: D² = 2 − 2e^(−0.5).
        Assert.Equal(Math.Sqrt(2 - 2 * Math.Exp(-0.5)), SpikeDistances.VanRossum([0.0], [5.0], 10), 14);
        // {0, 10} vs {5}, τ = 10: D² = (2 + 2e^(−1)) + 1 − 2·2e^(−0.5).
        Assert.Equal(Math.Sqrt(3 + 2 * Math.Exp(-1) - 4 * Math.Exp(-0.5)), SpikeDistances.VanRossum([0.0, 10.0], [5.0], 10), 14);
        // Far-apart spikes: D → sqrt(n + m).
        Assert.Equal(Math.Sqrt(5), SpikeDistances.VanRossum([0.0, 1000, 2000], [5000.0, 6000], 1), 12);
    }

    /// <summary>(2/τ)∫(f − g)² dt by the trapezoid rule on a fine grid — an independent check of the closed form.</summary>
    private static double VanRossumNumerically(double[] a, double[] b, double tau)
    {
        var all = a.Concat(b).ToArray();
        if (all.Length == 0) return 0;
        double start = all.Min(), end = all.Max() + 30 * tau, h = tau / 400;
        var n = (int)Math.Ceiling((end - start) / h);
        double integral = 0, previous = 0;
        for (var k = 0; k <= n; k++)
        {
            var t = start + k * h;
            double f = a.Where(s => s <= t).Sum(s => Math.Exp(-(t - s) / tau)) - b.Where(s => s <= t).Sum(s => Math.Exp(-(t - s) / tau));
            var value = f * f;
            if (k > 0) integral += 0.5 * h * (value + previous);
            previous = value;
        }
        return Math.Sqrt(2 / tau * integral);
    }

    private static readonly Gen<double[]> Trains =
        Gen.ArrayOf(Gen.Choose(0, 2000).Select(x => x / 10.0)).Select(t => t.Take(6).ToArray());

    [Property(MaxTest = 25)]
    public Property Van_rossum_matches_numerical_integration() =>
        Prop.ForAll(Trains.ToArbitrary(), Trains.ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (a, b, tau) =>
        {
            var exact = SpikeDistances.VanRossum(a, b, tau);
            var numeric = VanRossumNumerically(a, b, tau);
            // Each spike's kernel jump sits on or between grid points: the trapezoid error is O(h) per jump.
            return Math.Abs(exact - numeric) <= 0.02 * Math.Max(1, exact);
        });

    [Property(MaxTest = 200)]
    public Property Van_rossum_is_a_symmetric_distance() =>
        Prop.ForAll(Trains.ToArbitrary(), Trains.ToArbitrary(), (a, b) =>
        {
            var ab = SpikeDistances.VanRossum(a, b, 8);
            return Math.Abs(ab - SpikeDistances.VanRossum(b, a, 8)) < 1e-9
                && SpikeDistances.VanRossum(a, a, 8) < 1e-6
                && ab >= 0;
        });

    [Fact]
    public void Victor_purpura_hand_computed()
    {
        Assert.Equal(1.0, SpikeDistances.VictorPurpura([10.0], [12.0], 0.5), 14); // move: 0.5·2
        Assert.Equal(2.0, SpikeDistances.VictorPurpura([10.0], [12.0], 2), 14);   // delete + insert
        // {0, 10} vs {1, 20}: q = 0.1 moves both (0.1 + 1.0); q = 0.25 moves 0→1 (0.25) and deletes/inserts (2).
        Assert.Equal(1.1, SpikeDistances.VictorPurpura([0.0, 10], [1.0, 20], 0.1), 12);
        Assert.Equal(2.25, SpikeDistances.VictorPurpura([0.0, 10], [1.0, 20], 0.25), 12);
        Assert.Equal(3.0, SpikeDistances.VictorPurpura([1.0, 2, 3], [], 1));
        // Victor & Purpura (1996): D[q=0] is the count difference; large q counts every unmatched spike.
        Assert.Equal(1.0, SpikeDistances.VictorPurpura([1.0, 5, 9], [2.0, 3], 0));
        Assert.Equal(5.0, SpikeDistances.VictorPurpura([1.0, 5, 9], [2.0, 3], 1e9));
    }

    /// <summary>Minimum over every partial matching (crossing allowed) of q·Σ|Δt| + unmatched spikes.</summary>
    private static double VictorPurpuraBruteForce(double[] a, double[] b, double q)
    {
        var best = (double)(a.Length + b.Length);
        void Search(int i, bool[] used, double cost, int matched)
        {
            if (i == a.Length)
            {
                best = Math.Min(best, cost + (a.Length - matched) + (b.Length - matched));
                return;
            }
            Search(i + 1, used, cost, matched);
            for (var j = 0; j < b.Length; j++)
            {
                if (used[j]) continue;
                used[j] = true;
                Search(i + 1, used, cost + q * Math.Abs(a[i] - b[j]), matched + 1);
                used[j] = false;
            }
        }
        Search(0, new bool[b.Length], 0, 0);
        return best;
    }

    private static readonly Gen<double[]> SmallTrains = Gen.ArrayOf(Gen.Choose(0, 100).Select(x => (double)x)).Select(t => t.Take(4).ToArray());

    [Property(MaxTest = 300)]
    public Property Victor_purpura_equals_brute_force_over_matchings() =>
        Prop.ForAll(SmallTrains.ToArbitrary(), SmallTrains.ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), (a, b, q10) =>
            Math.Abs(SpikeDistances.VictorPurpura(a, b, q10 / 10.0) - VictorPurpuraBruteForce(a, b, q10 / 10.0)) < 1e-9);

    [Property(MaxTest = 200)]
    public Property Victor_purpura_limits() =>
        Prop.ForAll(SmallTrains.ToArbitrary(), SmallTrains.ToArbitrary(), (a, b) =>
        {
            var distinct = a.All(x => b.All(y => x != y));
            var zero = SpikeDistances.VictorPurpura(a, b, 0) == Math.Abs(a.Length - b.Length);
            var large = !distinct || SpikeDistances.VictorPurpura(a, b, 1e6) == a.Length + b.Length;
            return zero && large;
        });
}
