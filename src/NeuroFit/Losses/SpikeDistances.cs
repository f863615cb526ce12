namespace NeuroFit.Losses;

/// <summary>Spike-train distances on spike times in ms (trains need not be sorted; they are sorted here).</summary>
public static class SpikeDistances
{
    /// <summary>van Rossum distance D with <c>D² = (2/τ)∫(f − g)² dt</c> (see <see cref="VanRossumLoss"/>);
    /// O((n + m) log(n + m)).</summary>
    public static double VanRossum(IReadOnlyList<double> a, IReadOnlyList<double> b, double tauMs)
    {
        if (!(tauMs > 0)) throw new ArgumentOutOfRangeException(nameof(tauMs), tauMs, "tau must be positive");
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        var d2 = SelfSum(x, tauMs) + SelfSum(y, tauMs) - 2 * CrossSum(x, y, tauMs);
        return Math.Sqrt(Math.Max(0, d2));
    }

    /// <summary>Victor–Purpura distance with cost <paramref name="q"/> per ms (see <see cref="VictorPurpuraLoss"/>);
    /// O(n·m) time, O(m) memory.</summary>
    public static double VictorPurpura(IReadOnlyList<double> a, IReadOnlyList<double> b, double q)
    {
        if (!(q >= 0)) throw new ArgumentOutOfRangeException(nameof(q), q, "q must be ≥ 0");
        var x = a.Order().ToArray();
        var y = b.Order().ToArray();
        var previous = new double[y.Length + 1];
        var current = new double[y.Length + 1];
        for (var j = 0; j <= y.Length; j++) previous[j] = j;
        for (var i = 1; i <= x.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= y.Length; j++)
            {
                var move = previous[j - 1] + q * Math.Abs(x[i - 1] - y[j - 1]);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), move);
            }
            (previous, current) = (current, previous);
        }
        return previous[y.Length];
    }

    /// <summary>Σᵢᵢ' e^(−|xᵢ−xᵢ'|/τ) for sorted x: n + 2·Σᵢ&lt;ᵢ' via a running decayed sum.</summary>
    private static double SelfSum(double[] x, double tau)
    {
        double total = x.Length, running = 0;
        for (var k = 1; k < x.Length; k++)
        {
            running = Math.Exp(-(x[k] - x[k - 1]) / tau) * (1 + running);
            total += 2 * running;
        }
        return total;
    }

    /// <summary>Σᵢⱼ e^(−|xᵢ−yⱼ|/τ) for sorted x, y: for each xᵢ the decayed sums of the y at or before it and after
    /// it, each built by one sweep.</summary>
    private static double CrossSum(double[] x, double[] y, double tau)
    {
        if (x.Length == 0 || y.Length == 0) return 0;
        double total = 0;
        // y at or before xᵢ: running sum S = Σ_{yⱼ ≤ t} e^(−(t−yⱼ)/τ), advanced from one time to the next.
        double sum = 0, at = double.NegativeInfinity;
        var j = 0;
        foreach (var t in x)
        {
            while (j < y.Length && y[j] <= t)
            {
                sum = (double.IsNegativeInfinity(at) ? 0 : sum * Math.Exp(-(y[j] - at) / tau)) + 1;
                at = y[j];
                j++;
            }
            if (!double.IsNegativeInfinity(at)) total += sum * Math.Exp(-(t - at) / tau);
        }
        // y after xᵢ: sweep backwards with Σ_{yⱼ > t} e^(−(yⱼ−t)/τ).
        sum = 0;
        at = double.PositiveInfinity;
        j = y.Length - 1;
        for (var i = x.Length - 1; i >= 0; i--)
        {
            var t = x[i];
            while (j >= 0 && y[j] > t)
            {
                sum = (double.IsPositiveInfinity(at) ? 0 : sum * Math.Exp(-(at - y[j]) / tau)) + 1;
                at = y[j];
                j--;
            }
            if (!double.IsPositiveInfinity(at)) total += sum * Math.Exp(-(at - t) / tau);
        }
        return total;
    }
}
