namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// What an experiment returns (CompNeuroPy's <c>results()</c>): the recordings (one entry per chunk), their times,
/// the monitor dictionary and a copy of the experiment's <c>Data</c>.
/// </summary>
/// <param name="Recordings">Recorded chunks.</param>
/// <param name="RecordingTimes">When each chunk was recorded; null without monitors.</param>
/// <param name="MonDict">The monitor dictionary.</param>
/// <param name="Data">Copy of the experiment's data dictionary.</param>
public sealed record ExperimentResults(
    IReadOnlyList<RecordingChunk> Recordings,
    RecordingTimes? RecordingTimes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> MonDict,
    IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>
    /// The results of one neuron as rank 0 (how a batch of candidates is split into per-candidate results).
    /// Traces are views: no trace data is copied.
    /// </summary>
    public ExperimentResults SelectNeuron(int neuron) =>
        this with { Recordings = Recordings.Select(c => c.SelectNeuron(neuron)).ToList() };
}
