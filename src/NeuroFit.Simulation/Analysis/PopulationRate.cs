namespace NeuroFit.Simulation.Analysis;

/// <summary>A population firing rate sampled every time step.</summary>
/// <param name="TimeMs">Sample times in ms (<c>tStart + k·dt</c>).</param>
/// <param name="RateHz">Mean firing rate per neuron in Hz at each sample time.</param>
public sealed record PopulationRateResult(double[] TimeMs, double[] RateHz);

/// <summary>
/// CompNeuroPy's <c>get_pop_rate</c>: a smoothed population rate (spikes per neuron per second) from a spike dictionary
/// {rank → step indices}. Two methods, chosen by <c>tSmoothMs</c>:
/// <list type="bullet">
/// <item><b>Adaptive bins</b> (<c>tSmoothMs ≤ 0</c>, the default): the window [tStart, tEnd] is split recursively into
/// 5 equal parts while that lowers a histogram cost (see <see cref="AdaptiveBins"/>); each final bin of width w is
/// sampled at 10 evenly spaced points, the rate at a point is the number of spikes in the window of width w centred on
/// it (shifted to stay inside [tStart, tEnd]) divided by w and the number of neurons; points outside the first/last
/// spike are moved onto it, a zero rate is added one inter-sample gap before the first and after the last spike,
/// duplicate times are averaged, and the result is interpolated linearly (ends held) at <c>tStart + k·dt</c>.</item>
/// <item><b>Fixed window</b> (<c>tSmoothMs &gt; 0</c>): per neuron, histograms with bin width tSmoothMs are taken for
/// bin shifts from −⌊w/2⌋ to ⌊w/2⌋ steps (stride max(w/10, 1) steps); each count / tSmoothMs is written at its
/// bin centre; the population rate is the nan-mean over neurons, interpolated (numpy <c>interp</c>) onto every step.</item>
/// </list>
/// Both reproduce CompNeuroPy including its quirks (the adaptive cost divides by the squared <i>window</i> duration,
/// not the bin width). With fewer than two spikes the rate is 0 over [tStart, tEnd) (or null when a limit is missing).
/// </summary>
public static class PopulationRate
{
    /// <summary>Computes the population rate.</summary>
    /// <param name="spikes">Spike dictionary {rank → step indices}; every recorded rank counts as a neuron.</param>
    /// <param name="tStartMs">Start of the analysed window in ms; default the first spike.</param>
    /// <param name="tEndMs">End of the analysed window in ms; default the last spike.</param>
    /// <param name="timeStep">Simulation time step in ms.</param>
    /// <param name="tSmoothMs">Fixed window in ms, or ≤ 0 for adaptive bins.</param>
    /// <returns>The rate, or null when there are fewer than two spikes and a window limit is missing.</returns>
    public static PopulationRateResult? Compute(
        IReadOnlyDictionary<int, IReadOnlyList<int>> spikes, double? tStartMs = null, double? tEndMs = null, double timeStep = 1, double tSmoothMs = -1) =>
        Compute(RasterData.ToArrays(spikes), tStartMs, tEndMs, timeStep, tSmoothMs);

    /// <summary>Computes the population rate of a spike dictionary given as arrays (see the overload above).</summary>
    public static PopulationRateResult? Compute(
        IReadOnlyDictionary<int, int[]> spikes, double? tStartMs = null, double? tEndMs = null, double timeStep = 1, double tSmoothMs = -1)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        if (!(timeStep > 0)) throw new ArgumentException($"the time step must be positive (got {timeStep})", nameof(timeStep));
        if (tStartMs is { } start && tEndMs is { } end && !(end >= start))
            throw new ArgumentException($"the window ends before it starts (tStartMs = {start}, tEndMs = {end}); give tStartMs ≤ tEndMs", nameof(tEndMs));
        var raster = RasterData.From(spikes);
        if (raster.Count > 1)
        {
            var tStart = tStartMs ?? AnalysisFunctions.RoundToStep(raster.Steps.Min() * timeStep, timeStep);
            var tEnd = tEndMs ?? AnalysisFunctions.RoundToStep(raster.Steps.Max() * timeStep, timeStep);
            var duration = AnalysisFunctions.RoundToStep(tEnd - tStart, timeStep);
            var time = TimeAxis(tStart, duration, timeStep);
            if (time.Length == 0) return new PopulationRateResult(time, []);
            return tSmoothMs > 0
                ? new PopulationRateResult(time, FixedWindow(spikes, duration, timeStep, tStart, tSmoothMs, time.Length))
                : new PopulationRateResult(time, Adaptive(raster, spikes.Count, tStart, duration, timeStep, time));
        }
        if (tStartMs is null || tEndMs is null) return null;
        var zeroTime = TimeAxis(tStartMs.Value, tEndMs.Value - tStartMs.Value, timeStep);
        return new PopulationRateResult(zeroTime, new double[zeroTime.Length]);
    }

    /// <summary><c>tStart + k·dt</c> for all k with <c>k·dt &lt; duration</c> (numpy <c>arange</c> without its
    /// rounding surprises).</summary>
    private static double[] TimeAxis(double tStart, double duration, double dt)
    {
        var n = Math.Max(0, (int)Math.Ceiling(Math.Round(duration / dt, 9)));
        var time = new double[n];
        for (var k = 0; k < n; k++) time[k] = AnalysisFunctions.RoundToStep(tStart + k * dt, dt);
        return time;
    }

    private static double[] Adaptive(RasterData raster, int neurons, double tStart, double duration, double dt, double[] time)
    {
        // Work in seconds as CompNeuroPy does (the bin thresholds are in s).
        var spikesS = raster.Steps.Select(s => dt * s / 1000.0).Order().ToArray();
        double t0 = tStart / 1000.0, t1 = (tStart + duration) / 1000.0;
        var bins = AdaptiveBins.Split(spikesS, t0, t1);
        var (sampleTimes, sampleRates) = SampleBins(spikesS, bins, t0, t1, neurons);
        var timeMs = Array.ConvertAll(sampleTimes, t => t * 1000.0);
        if (timeMs.Length > 1) return Interpolation.Linear(timeMs, sampleRates, time);
        var result = new double[time.Length];
        for (var k = 0; k < time.Length; k++)
            if (timeMs.Length == 1 && time[k] == timeMs[0]) result[k] = sampleRates[0];
        return result;
    }

    private static (double[] Times, double[] Rates) SampleBins(double[] spikes, List<(double A, double B)> bins, double t0, double t1, int neurons)
    {
        var tMin = Math.Max(spikes[0], t0);
        var tMax = Math.Min(spikes[^1], t1);
        var times = new List<double>();
        var rates = new List<double>();
        const int samplesPerBin = 10;
        foreach (var (a, b) in bins)
        {
            var width = b - a;
            var sampleStep = width / (samplesPerBin - 1);
            for (var i = 0; i < samplesPerBin; i++)
            {
                var s = i == samplesPerBin - 1 ? b : a + i * sampleStep; // numpy linspace
                var lo = Math.Min(Math.Max(s - width / 2, t0), t1 - width);
                var hi = Math.Min(Math.Max(s + width / 2, t0 + width), t1);
                var count = 0;
                foreach (var x in spikes)
                    if (x >= lo && x < hi) count++;
                var moved = s < tMin ? tMin : s; // numpy order: first raise to tMin, then lower to tMax
                times.Add(moved > tMax ? tMax : moved);
                rates.Add(count / (width * neurons));
            }
        }
        // Zero rate one sample gap before the first and after the last spike.
        var sorted = times.Order().ToArray();
        var firstGap = sorted[1] - sorted[0];
        var lastGap = sorted[^1] - sorted[^2];
        times.Add(tMin - firstGap);
        rates.Add(0);
        times.Add(tMax + lastGap);
        rates.Add(0);
        // Keep times inside the window; average the rates of equal times.
        var groups = new SortedDictionary<double, (double Sum, int Count)>();
        for (var i = 0; i < times.Count; i++)
        {
            if (times[i] < t0 || times[i] > t1) continue;
            groups.TryGetValue(times[i], out var g);
            groups[times[i]] = (g.Sum + rates[i], g.Count + 1);
        }
        return (groups.Keys.ToArray(), groups.Values.Select(g => g.Sum / g.Count).ToArray());
    }

    private static double[] FixedWindow(IReadOnlyDictionary<int, int[]> spikes, double duration, double dt, double tStart, double tSmoothMs, int outputLength)
    {
        var totalSteps = (int)Math.Round((duration + tStart) / dt);
        var binSize = Math.Max(1, (int)Math.Round(tSmoothMs / dt));
        var rate = new double[spikes.Count, totalSteps];
        for (var i = 0; i < spikes.Count; i++)
            for (var j = 0; j < totalSteps; j++)
                rate[i, j] = double.NaN;
        var edges = new List<int>();
        for (var e = 0; e < totalSteps + binSize; e += binSize) edges.Add(e);
        var shiftStart = FloorDiv(-binSize, 2);
        var shiftEnd = binSize / 2;
        var shiftStep = Math.Max(binSize / 10, 1);
        var row = 0;
        foreach (var rank in spikes.Keys.Order())
        {
            var steps = spikes[rank];
            for (var shift = shiftStart; shift < shiftEnd; shift += shiftStep)
            {
                for (var b = 0; b + 1 < edges.Count; b++)
                {
                    int lo = edges[b] + shift, hi = edges[b + 1] + shift;
                    var last = b + 2 == edges.Count; // numpy's last bin includes its right edge
                    var count = steps.Count(s => s >= lo && (s < hi || (last && s == hi)));
                    var centre = Math.Clamp(edges[b] + binSize / 2 + shift, 0, Math.Max(0, totalSteps - 1));
                    if (totalSteps > 0) rate[row, centre] = count / (tSmoothMs / 1000.0);
                }
            }
            row++;
        }
        var known = new List<double>();
        var values = new List<double>();
        for (var j = 0; j < totalSteps; j++)
        {
            double sum = 0;
            var n = 0;
            for (var i = 0; i < spikes.Count; i++)
            {
                if (double.IsNaN(rate[i, j])) continue;
                sum += rate[i, j];
                n++;
            }
            if (n == 0) continue;
            known.Add(j);
            values.Add(sum / n);
        }
        var all = Enumerable.Range(0, totalSteps).Select(j => (double)j).ToArray();
        var pop = known.Count == 0 ? new double[totalSteps] : Interpolation.Linear(known.ToArray(), values.ToArray(), all);
        var offset = (int)Math.Round(tStart / dt);
        var result = new double[outputLength];
        for (var k = 0; k < outputLength && offset + k < pop.Length; k++) result[k] = pop[offset + k];
        return result;
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}
