using NeuroFit.Fitting;
using NeuroFit.Fitting.Auto;
using NeuroFit.Losses;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.ConfigFit;

/// <summary>A config fit cut after a horizon (see <see cref="IHorizonObjective"/>): the phases are shortened, the target
/// sweeps cut to the same samples and spikes, and the loss keeps the terms whose window starts before the horizon.</summary>
internal sealed class ConfigHorizon(ExperimentPlan plan, ConfigLoss loss, TargetData? data) : IHorizonObjective
{
    /// <summary>Threshold for finding the target's spikes in its traces when spikes are not recorded (mV, eFEL's default).</summary>
    private const double SpikeThresholdMv = -20;

    public double DurationMs => Enumerable.Range(0, plan.Chunks.Count).Max(plan.ChunkDurationMs);

    public IReadOnlyList<double> EventTimesMs(object? resultsSoll)
    {
        var events = new List<double>(plan.PhaseBoundariesMs());
        foreach (var sweep in TargetSweeps(resultsSoll))
        {
            if (sweep.SpikeTimesMs is { } spikes) events.AddRange(spikes);
            else
                foreach (var trace in sweep.Traces.Values)
                {
                    events.AddRange(SpikeDetection.PeakTimes(trace, sweep.Dt, SpikeThresholdMv));
                    events.AddRange(Resets(trace, sweep.Dt));
                }
        }
        return events;
    }

    public HorizonStage? At(double horizonMs, object? resultsSoll)
    {
        var truncated = plan.Truncate(horizonMs);
        if (loss.Truncated(truncated, horizonMs) is not { } cut) return null;
        var target = TargetSweeps(resultsSoll).Select((s, c) => Cut(s, truncated, c)).ToList();
        return new HorizonStage(() => new ConfigExperiment(truncated), (ist, _) => cut.Compute(ist, target), target);
    }

    /// <summary>Times of the drops by more than a third of the trace's range from one sample to the next: the resets of
    /// an integrate-and-fire model, whose recorded spike peak may never reach a threshold.</summary>
    private static IEnumerable<double> Resets(double[] trace, double dt)
    {
        var finite = trace.Where(double.IsFinite).ToList();
        if (finite.Count < 2) yield break;
        var drop = (finite.Max() - finite.Min()) / 3;
        if (!(drop > 0)) yield break;
        for (var i = 1; i < trace.Length; i++)
            if (trace[i - 1] - trace[i] > drop) yield return i * dt;
    }

    private IReadOnlyList<SweepData> TargetSweeps(object? resultsSoll) =>
        data?.Sweeps ?? ConfigExperiment.Sweeps((ExperimentResults)(resultsSoll ?? throw new InvalidOperationException("the target model's results are not there yet")), plan);

    private static SweepData Cut(SweepData sweep, ExperimentPlan truncated, int chunk)
    {
        var samples = truncated.Samples(chunk);
        var duration = truncated.ChunkDurationMs(chunk);
        return sweep with
        {
            Traces = sweep.Traces.ToDictionary(kv => kv.Key, kv => kv.Value.Length > samples ? kv.Value[..samples] : kv.Value),
            SpikeTimesMs = sweep.SpikeTimesMs?.Where(t => t < duration).ToList(),
            DurationMs = duration,
        };
    }
}
