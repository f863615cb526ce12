namespace NeuroFit.Simulation.Analysis;

/// <summary>The spike features CompNeuroPy's <c>get_spike_features_of_chunk</c> computes.</summary>
public enum SpikeFeature
{
    /// <summary><c>spike_count</c>: number of spikes.</summary>
    SpikeCount,
    /// <summary><c>time_to_first_spike</c> in ms.</summary>
    TimeToFirstSpike,
    /// <summary><c>time_to_second_spike</c> in ms.</summary>
    TimeToSecondSpike,
    /// <summary><c>time_to_third_spike</c> in ms.</summary>
    TimeToThirdSpike,
    /// <summary><c>time_to_last_spike</c> in ms.</summary>
    TimeToLastSpike,
    /// <summary><c>ISI_CV</c>: standard deviation (ddof 0) over mean of the inter-spike intervals.</summary>
    IsiCv,
}

/// <summary>
/// Spike features of one chunk (CompNeuroPy <c>get_spike_features_of_chunk</c>). Times are <c>step · dt</c> in ms,
/// measured from the start of the chunk (steps count from the last reset); a feature that needs more spikes than there
/// are is <c>null</c> (CompNeuroPy's None).
/// </summary>
/// <param name="SpikeCount">Number of spikes.</param>
/// <param name="TimeToFirstSpike">Time of the 1st spike in ms, or null without spikes.</param>
/// <param name="TimeToSecondSpike">Time of the 2nd spike in ms, or null with fewer than 2 spikes.</param>
/// <param name="TimeToThirdSpike">Time of the 3rd spike in ms, or null with fewer than 3 spikes.</param>
/// <param name="TimeToLastSpike">Time of the last spike in ms, or null without spikes.</param>
/// <param name="IsiCv">Coefficient of variation of the inter-spike intervals, or null with fewer than 2 spikes.</param>
public sealed record SpikeFeatures(
    int SpikeCount,
    double? TimeToFirstSpike,
    double? TimeToSecondSpike,
    double? TimeToThirdSpike,
    double? TimeToLastSpike,
    double? IsiCv)
{
    /// <summary>CompNeuroPy's name of each feature (<c>spike_count</c>, <c>time_to_first_spike</c>, …, <c>ISI_CV</c>).</summary>
    public static string NameOf(SpikeFeature feature) => feature switch
    {
        SpikeFeature.SpikeCount => "spike_count",
        SpikeFeature.TimeToFirstSpike => "time_to_first_spike",
        SpikeFeature.TimeToSecondSpike => "time_to_second_spike",
        SpikeFeature.TimeToThirdSpike => "time_to_third_spike",
        SpikeFeature.TimeToLastSpike => "time_to_last_spike",
        SpikeFeature.IsiCv => "ISI_CV",
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    /// <summary>Parses a CompNeuroPy feature name (exact spelling, e.g. <c>ISI_CV</c>).</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the supported names.</exception>
    public static SpikeFeature Parse(string name)
    {
        foreach (var f in Enum.GetValues<SpikeFeature>())
            if (NameOf(f) == name) return f;
        throw new ArgumentException(
            $"spike feature '{name}' is not supported; use one of {string.Join(", ", Enum.GetValues<SpikeFeature>().Select(NameOf))}",
            nameof(name));
    }

    /// <summary>The value of one feature (spike count as a double).</summary>
    public double? Get(SpikeFeature feature) => feature switch
    {
        SpikeFeature.SpikeCount => SpikeCount,
        SpikeFeature.TimeToFirstSpike => TimeToFirstSpike,
        SpikeFeature.TimeToSecondSpike => TimeToSecondSpike,
        SpikeFeature.TimeToThirdSpike => TimeToThirdSpike,
        SpikeFeature.TimeToLastSpike => TimeToLastSpike,
        SpikeFeature.IsiCv => IsiCv,
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    /// <summary>Features of one neuron's spike train given as step indices (in time order).</summary>
    public static SpikeFeatures OfSteps(IReadOnlyList<int> steps, double dt)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var times = new double[steps.Count];
        for (var i = 0; i < times.Length; i++) times[i] = steps[i] * dt;
        return OfTimes(times);
    }

    /// <summary>Features of a population's spike dictionary as CompNeuroPy computes them: the spikes of all ranks
    /// are concatenated in rank order (<see cref="RasterData"/>), not sorted by time — for one neuron (OptNeuron's
    /// rank 0) that is the time order.</summary>
    public static SpikeFeatures OfPopulation(IReadOnlyDictionary<int, IReadOnlyList<int>> spikes, double dt) =>
        OfPopulation(RasterData.ToArrays(spikes), dt);

    /// <summary>Features of a population's spike dictionary given as arrays (see the overload above).</summary>
    public static SpikeFeatures OfPopulation(IReadOnlyDictionary<int, int[]> spikes, double dt) =>
        OfSteps(RasterData.From(spikes).Steps, dt);

    /// <summary>Features of spike times given in ms (in the order given).</summary>
    public static SpikeFeatures OfTimes(IReadOnlyList<double> timesMs)
    {
        ArgumentNullException.ThrowIfNull(timesMs);
        var n = timesMs.Count;
        double? At(int i) => n > i ? timesMs[i] : null;
        return new SpikeFeatures(n, At(0), At(1), At(2), n > 0 ? timesMs[n - 1] : null, IsiCvOf(timesMs));
    }

    private static double? IsiCvOf(IReadOnlyList<double> t)
    {
        if (t.Count < 2) return null;
        var m = t.Count - 1;
        var mean = 0.0;
        for (var i = 0; i < m; i++) mean += t[i + 1] - t[i];
        mean /= m;
        var variance = 0.0;
        for (var i = 0; i < m; i++)
        {
            var d = t[i + 1] - t[i] - mean;
            variance += d * d;
        }
        var cv = Math.Sqrt(variance / m) / mean;
        return double.IsFinite(cv) ? cv : null; // two spikes at the same time: undefined, like a missing feature
    }
}
