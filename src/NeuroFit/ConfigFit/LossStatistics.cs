using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using NeuroFit.Losses;

namespace NeuroFit.ConfigFit;

/// <summary>
/// sbi's summary statistics derived from the <c>loss:</c> terms (<c>method_options.sbi_statistics: loss</c>): what each
/// term compares, reduced to a few numbers that the target and every candidate share. A trace term contributes the mean
/// of its variable over consecutive stretches of <see cref="StretchMs"/> (averaging also takes most of the recording
/// noise out of the target's values); a spike term the spike count and the first <see cref="SpikeTimes"/> spike times
/// (a missing spike counts as the window's end). Each statistic is taken in every chunk the term applies to, over the
/// term's window. Recorded data carry noise that the model's simulations do not: each candidate's stretch means get
/// Gaussian noise of the size the target's own noise gives them (σ estimated from the target trace's successive
/// differences, σ/√samples per stretch), so that the observed statistics lie among the simulated ones (NPE trained on
/// noise-free statistics puts all its mass on a wrong point when the observation sits a little off their manifold).
/// </summary>
internal sealed class LossStatistics
{
    /// <summary>Length of the stretches a trace is averaged over, in ms.</summary>
    public const double StretchMs = 10;

    /// <summary>How many spike times a spike term contributes per chunk.</summary>
    public const int SpikeTimes = 8;

    private readonly List<Func<IReadOnlyList<SweepData>, Random?, IEnumerable<double>>> _parts = [];
    private readonly List<string> _noise = [];
    private int _stretches, _spikeTerms;

    /// <param name="terms">The loss terms the statistics follow.</param>
    /// <param name="plan">The experiment (chunk lengths).</param>
    /// <param name="target">The target's sweeps (recorded data), whose noise level the candidates' statistics are given; null: no noise.</param>
    public LossStatistics(IReadOnlyList<ConfiguredTerm> terms, ExperimentPlan plan, IReadOnlyList<SweepData>? target)
    {
        foreach (var term in terms)
        {
            var chunks = term.Spec.Chunk is { } only ? [only] : Enumerable.Range(0, plan.Chunks.Count).ToArray();
            foreach (var c in chunks)
            {
                var duration = plan.ChunkDurationMs(c);
                var start = Setting(term, "start") ?? 0;
                var end = Math.Min(Setting(term, "end") ?? duration, duration);
                if (term.TraceVariable is { } variable)
                {
                    var sigma = target is null ? 0 : NoiseSd(target[c].Trace(variable, "sbi_statistics"));
                    if (sigma > 0) _noise.Add($"{variable} in chunk {c}: {sigma.ToString("G3", CultureInfo.InvariantCulture)}");
                    _stretches += Stretches(start, end);
                    _parts.Add((sweeps, rng) => StretchMeans(sweeps[c], variable, start, end, rng is null ? 0 : sigma, rng));
                }
                if (!term.NeedsSpikes) continue;
                _spikeTerms++;
                _parts.Add((sweeps, _) => SpikeFeatures(sweeps[c], start, end)); // spike times carry no recording noise
            }
        }
    }

    /// <summary>What the statistics are, for a note ("55 means over 10 ms stretches of the compared traces, the spike count
    /// and first 8 spike times of 1 spike term's chunk").</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (_stretches > 0) parts.Add($"{_stretches} means over {StretchMs.ToString(CultureInfo.InvariantCulture)} ms stretches of the compared traces");
        if (_spikeTerms > 0) parts.Add($"the spike count and first {SpikeTimes} spike times of {_spikeTerms} spike term{(_spikeTerms > 1 ? "s' chunks" : "'s chunk")}");
        return string.Join(", ", parts);
    }

    private static int Stretches(double start, double end) => Math.Max(1, (int)Math.Round((end - start) / StretchMs));

    /// <summary>The noise SD estimated per compared trace of the target ("v in chunk 0: 1.01"), for a note.</summary>
    public IReadOnlyList<string> NoiseLevels => _noise;

    /// <summary>The statistics of one neuron's sweeps (one per chunk), in a fixed order; with <paramref name="noise"/>,
    /// the stretch means get the target's noise (a candidate's statistics), without it they are as recorded (the target's).</summary>
    public double[] Of(IReadOnlyList<SweepData> sweeps, Random? noise = null) => [.. _parts.SelectMany(p => p(sweeps, noise))];

    /// <summary>Robust SD of white noise on a smooth trace: 1.4826 · the median absolute deviation of successive
    /// differences, over √2 (a difference holds two noise samples; the median ignores spikes' jumps).</summary>
    internal static double NoiseSd(double[] trace)
    {
        if (trace.Length < 3) return 0;
        var d = new double[trace.Length - 1];
        for (var i = 0; i < d.Length; i++) d[i] = trace[i + 1] - trace[i];
        var median = d.Median(); // a copy: d is reused below
        for (var i = 0; i < d.Length; i++) d[i] = Math.Abs(d[i] - median);
        return 1.4826 * ArrayStatistics.MedianInplace(d) / Math.Sqrt(2);
    }

    private static IEnumerable<double> StretchMeans(SweepData sweep, string variable, double start, double end, double sigma, Random? rng)
    {
        var trace = sweep.Trace(variable, "sbi_statistics");
        var stretches = Stretches(start, end);
        var width = (end - start) / stretches;
        for (var s = 0; s < stretches; s++)
        {
            var (first, last) = new TimeWindow(start + s * width, start + (s + 1) * width).SampleRange(trace.Length, sweep.Dt);
            var sum = 0.0;
            for (var i = first; i < last; i++) sum += trace[i];
            var count = last - first;
            if (count == 0) { yield return double.NaN; continue; }
            yield return sum / count + (sigma > 0 ? Normal.Sample(rng!, 0, sigma / Math.Sqrt(count)) : 0);
        }
    }

    private static IEnumerable<double> SpikeFeatures(SweepData sweep, double start, double end)
    {
        var spikes = sweep.Spikes("sbi_statistics").Where(t => t >= start && t < end).ToList();
        yield return spikes.Count;
        for (var k = 0; k < SpikeTimes; k++) yield return k < spikes.Count ? spikes[k] - start : end - start;
    }

    private static double? Setting(ConfiguredTerm term, string key) =>
        term.Spec.Settings.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
