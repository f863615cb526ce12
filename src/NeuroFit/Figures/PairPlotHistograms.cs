namespace NeuroFit.Figures;

/// <summary>Binning for the pair plot; values outside [low, high] are left out (the axes are the bounds).</summary>
internal static class PairPlotHistograms
{
    /// <summary>Counts of column <paramref name="column"/> in <paramref name="bins"/> equal bins over [low, high].</summary>
    public static int[] Histogram(double[,] samples, int column, double low, double high, int bins)
    {
        var counts = new int[bins];
        for (var r = 0; r < samples.GetLength(0); r++)
            if (Bin(samples[r, column], low, high, bins) is { } b) counts[b]++;
        return counts;
    }

    /// <summary>Counts[yBin, xBin] of (column x, column y) on a bins × bins grid over the bounds.</summary>
    public static int[,] Histogram2D(double[,] samples, int x, int y, (double Low, double High) xRange, (double Low, double High) yRange, int bins)
    {
        var counts = new int[bins, bins];
        for (var r = 0; r < samples.GetLength(0); r++)
            if (Bin(samples[r, x], xRange.Low, xRange.High, bins) is { } bx && Bin(samples[r, y], yRange.Low, yRange.High, bins) is { } by)
                counts[by, bx]++;
        return counts;
    }

    private static int? Bin(double value, double low, double high, int bins)
    {
        if (!(value >= low && value <= high)) return null;
        return Math.Min(bins - 1, (int)((value - low) / (high - low) * bins));
    }
}
