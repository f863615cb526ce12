namespace NeuroFit.Simulation.Analysis;

/// <summary>
/// The recursive bin search of CompNeuroPy's adaptive population rate (<c>_recursive_get_bin_times_list</c>), times in
/// seconds. For an interval [t0, t1] of duration d the cost <c>c(n) = (2·mean(h) − var(h)) / d²</c> of the n-bin
/// histogram h is evaluated for n = 2, 3, … while the previous bin width exceeds 5 ms; c_min is the smallest. The
/// interval stays one bin when the parent's c_min is lower than c_min, when it holds fewer than 5 spikes, or when it
/// is shorter than 5 ms; otherwise it is split into 5 equal parts (spikes in [e_i, e_{i+1}), the last part closed) and
/// each part is searched with the parent's c_min.
/// </summary>
internal static class AdaptiveBins
{
    private const int MinSpikes = 5;
    private const double MinDuration = 5 / 1000.0;
    private const int Parts = 5;

    public static List<(double A, double B)> Split(double[] spikes, double t0, double t1)
    {
        var bins = new List<(double, double)>();
        Recurse(spikes, t0, t1, double.PositiveInfinity, bins);
        return bins;
    }

    private static void Recurse(double[] spikes, double t0, double t1, double costParent, List<(double, double)> bins)
    {
        var duration = t1 - t0;
        var costMin = costParent + 1;
        var binCount = 2;
        var binSize = duration / binCount;
        while (binSize > MinDuration)
        {
            var hist = Histogram(spikes, binCount, t0, t1);
            binSize = duration / binCount;
            var mean = hist.Average();
            var variance = hist.Select(h => (h - mean) * (h - mean)).Average();
            var cost = (2 * mean - variance) / (duration * duration);
            if (cost < costMin) costMin = cost;
            binCount++;
        }
        if (costParent < costMin || spikes.Length < MinSpikes || duration < MinDuration)
        {
            bins.Add((t0, t1));
            return;
        }
        var edges = Edges(Parts, t0, t1);
        for (var i = 0; i < Parts; i++)
        {
            double lo = edges[i], hi = edges[i + 1];
            var last = i == Parts - 1;
            var part = spikes.Where(s => s >= lo && (s < hi || (last && s <= hi))).ToArray();
            Recurse(part, lo, hi, costMin, bins);
        }
    }

    /// <summary>numpy <c>histogram(x, n, range=(t0, t1))</c>: n equal bins, values outside ignored, last bin closed.</summary>
    internal static double[] Histogram(double[] values, int n, double t0, double t1)
    {
        var counts = new double[n];
        var edges = Edges(n, t0, t1);
        foreach (var v in values)
        {
            if (v < t0 || v > t1) continue;
            var k = (int)((v - t0) / (t1 - t0) * n);
            if (k >= n) k = n - 1;
            // Correct the float guess against the exact edges numpy compares with.
            while (k > 0 && v < edges[k]) k--;
            while (k < n - 1 && v >= edges[k + 1]) k++;
            counts[k]++;
        }
        return counts;
    }

    /// <summary>numpy <c>linspace(t0, t1, n + 1)</c>.</summary>
    internal static double[] Edges(int n, double t0, double t1)
    {
        var edges = new double[n + 1];
        var step = (t1 - t0) / n;
        for (var i = 0; i <= n; i++) edges[i] = t0 + i * step;
        edges[n] = t1;
        return edges;
    }
}
