namespace NeuroFit.Losses;

/// <summary>One action potential found in a voltage trace: sample indices of its upward threshold crossing and its
/// peak.</summary>
/// <param name="CrossingIndex">First sample at or above the threshold.</param>
/// <param name="PeakIndex">Sample of the maximum between the upward and the next downward crossing (first one on ties).</param>
public readonly record struct ActionPotential(int CrossingIndex, int PeakIndex);

/// <summary>Spike detection on voltage traces by threshold crossing (eFEL's <c>peak_indices</c> rule).</summary>
public static class SpikeDetection
{
    /// <summary>
    /// Every upward crossing of <paramref name="thresholdMv"/> (<c>v[i−1] &lt; θ ≤ v[i]</c>, or <c>v[0] ≥ θ</c> does
    /// not count) up to the next sample below θ (or the trace end); the peak is the maximum in between.
    /// </summary>
    public static ActionPotential[] Find(ReadOnlySpan<double> v, double thresholdMv)
    {
        var result = new List<ActionPotential>();
        var i = 1;
        while (i < v.Length)
        {
            if (!(v[i - 1] < thresholdMv && v[i] >= thresholdMv)) { i++; continue; }
            var peak = i;
            var j = i + 1;
            for (; j < v.Length && v[j] >= thresholdMv; j++)
                if (v[j] > v[peak]) peak = j;
            result.Add(new ActionPotential(i, peak));
            i = j + 1;
        }
        return result.ToArray();
    }

    /// <summary>Peak times in ms (<c>index · dt</c>) of the action potentials in <paramref name="v"/>; use it to get
    /// spike times of a recorded voltage trace.</summary>
    public static double[] PeakTimes(ReadOnlySpan<double> v, double dt, double thresholdMv = -20) =>
        Find(v, thresholdMv).Select(ap => ap.PeakIndex * dt).ToArray();
}
