namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// CompNeuroPy's <c>CompNeuroMonitors</c>: recorders for several populations created from a dictionary
/// <c>"pop[;period_ms]" → [variables…, "spike"]</c>, started and paused together, with recordings split into chunks at
/// every <see cref="Reset"/>. Samples are taken after each step's update, starting with the step at which recording (re)starts, then every period (ANNarchy rule).
/// </summary>
public sealed class Monitors
{
    private readonly Network _network;
    private readonly List<Compartment> _compartments = [];
    private readonly List<RecordingChunk> _chunks = [];
    private readonly List<IReadOnlyDictionary<string, IReadOnlyList<RecordingPeriod>>> _times = [];

    /// <summary>Creates (paused) recorders for every entry of <paramref name="monDict"/>.</summary>
    public Monitors(Network network, IReadOnlyDictionary<string, IReadOnlyList<string>> monDict)
    {
        _network = network;
        MonDict = monDict;
        foreach (var (key, variables) in monDict)
        {
            var (name, periodMs) = ParseKey(key, network.Dt);
            if (_compartments.Any(c => c.Name == name))
                throw new ArgumentException($"population '{name}' appears twice in the monitor dictionary");
            var population = network.GetPopulation(name);
            var traced = variables.Where(v => v != "spike").Distinct().ToList();
            foreach (var v in traced)
                if (!population.VariableNames.Contains(v))
                    throw new ArgumentException(population.HasAttribute(v)
                        ? $"'{v}' of population '{name}' is a parameter; only variables (and 'spike') can be recorded"
                        : $"population '{name}' has no variable '{v}'; it has: {string.Join(", ", population.VariableNames)}");
            var spikes = variables.Contains("spike");
            if (spikes && population.Model.Kind != Models.Analysis.NeuronKind.Spiking)
                throw new ArgumentException($"population '{name}' is rate-coded and cannot record 'spike'");
            var periodSteps = PeriodSteps(periodMs, network.Dt);
            _compartments.Add(new Compartment(name, population, traced, spikes, periodSteps,
                population.CreateRecorder(traced, spikes), new CompartmentTimings()));
        }
    }

    /// <summary>The dictionary the monitors were created from.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> MonDict { get; }

    /// <summary>Starts (or resumes) recording of the given populations (default: all).</summary>
    public void Start(IEnumerable<string>? populations = null)
    {
        foreach (var c in Select(populations))
        {
            if (!c.Timings.IsPaused) continue;
            c.Timings.Start(_network.CurrentStep);
            c.Recorder.Start(c.PeriodSteps);
        }
    }

    /// <summary>Pauses recording of the given populations (default: all).</summary>
    public void Pause(IEnumerable<string>? populations = null)
    {
        foreach (var c in Select(populations))
        {
            c.Recorder.Pause();
            c.Timings.Pause(_network.CurrentStep);
        }
    }

    /// <summary>
    /// Closes the current chunk and opens the next. With <paramref name="model"/> the network is reset
    /// (time 0, initial values; with <paramref name="parameters"/> false the current parameter values are kept) and
    /// the new chunk's time starts at 0; otherwise it starts at the current time.
    /// </summary>
    public void Reset(bool populations = true, bool projections = false, bool synapses = false, bool monitors = true, bool model = true, bool parameters = true)
    {
        _ = (populations, projections, synapses, monitors); // one network of unconnected populations: nothing else to reset
        CloseChunk();
        if (model)
        {
            var kept = parameters ? null : _network.Populations.ToDictionary(p => p, p => p.ParameterNames.ToDictionary(n => n, p.Get));
            _network.Reset();
            if (kept is not null)
                foreach (var (population, values) in kept)
                    foreach (var (name, value) in values) population.Set(name, value);
        }
        foreach (var c in _compartments)
        {
            c.Timings.NewChunk(_network.CurrentStep);
            if (!c.Timings.IsPaused) c.Recorder.Start(c.PeriodSteps);
        }
    }

    /// <summary>Index of the chunk being recorded, or null when every recorder is paused.</summary>
    public int? CurrentChunk() => _compartments.Any(c => !c.Timings.IsPaused) ? _chunks.Count : null;

    /// <summary>All chunks so far, the current one included (it is closed by this call).</summary>
    public IReadOnlyList<RecordingChunk> GetRecordings()
    {
        CloseChunk();
        return [.. _chunks];
    }

    /// <summary>Recording times of all chunks so far.</summary>
    public RecordingTimes GetRecordingTimes()
    {
        CloseChunk();
        return new RecordingTimes([.. _times]);
    }

    /// <summary>Recordings and times; then forgets them and pauses every recorder (call <see cref="Start"/> to record again).</summary>
    public (IReadOnlyList<RecordingChunk> Recordings, RecordingTimes RecordingTimes) GetRecordingsAndClear()
    {
        var result = (GetRecordings(), GetRecordingTimes());
        Pause();
        foreach (var c in _compartments) c.Timings.NewChunk(_network.CurrentStep);
        _chunks.Clear();
        _times.Clear();
        return result;
    }


    private void CloseChunk()
    {
        // A chunk is stored once; calling GetRecordings twice in a row must not add an empty second chunk.
        var now = _network.CurrentStep;
        var periods = _compartments.ToDictionary(c => c.Name, c => (IReadOnlyList<RecordingPeriod>)c.Timings.Periods(now, c.PeriodSteps, _network.Dt));
        var data = _compartments.ToDictionary(c => c.Name, c => c.Recorder.Drain());
        var any = periods.Values.Any(p => p.Count > 0);
        if (!any) return;
        var entries = new Dictionary<string, object> { ["dt"] = _network.Dt };
        foreach (var c in _compartments)
        {
            var recorded = data[c.Name];
            entries[$"{c.Name};period"] = c.PeriodSteps * _network.Dt;
            entries[$"{c.Name};parameter_dict"] = (IReadOnlyDictionary<string, double[]>)c.Population.ParameterNames.ToDictionary(n => n, c.Population.Get);
            foreach (var v in c.Variables) entries[$"{c.Name};{v}"] = new TraceMatrix(recorded.NeuronMajor(v), recorded.SampleCount, recorded.Width(v));
            if (c.Spikes) entries[$"{c.Name};spike"] = new SpikeTrains(recorded.Spikes!);
        }
        _chunks.Add(new RecordingChunk(entries));
        _times.Add(periods);
        foreach (var c in _compartments) c.Timings.NewChunk(now);
    }

    private IEnumerable<Compartment> Select(IEnumerable<string>? populations)
    {
        if (populations is null) return _compartments;
        var names = populations.ToList();
        foreach (var n in names)
            if (_compartments.All(c => c.Name != n))
                throw new ArgumentException($"'{n}' is not monitored; monitored: {string.Join(", ", _compartments.Select(c => c.Name))}");
        return _compartments.Where(c => names.Contains(c.Name));
    }

    /// <summary>Splits <c>"pop"</c> / <c>"pop;period"</c>; the default period is dt.</summary>
    internal static (string Name, double PeriodMs) ParseKey(string key, double dt)
    {
        var parts = key.Split(';');
        if (parts.Length > 2 || parts[0].Length == 0)
            throw new ArgumentException($"monitor key '{key}' must be \"population\" or \"population;period_ms\"");
        if (parts.Length == 1) return (parts[0], dt);
        if (!double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var period) || period <= 0)
            throw new ArgumentException($"monitor key '{key}': the period must be a positive number of ms");
        return (parts[0], period);
    }

    /// <summary>Whole steps per period, truncating as ANNarchy (<c>int(period/dt)</c>, guarded against 2.9999… for 0.3/0.1).</summary>
    internal static int PeriodSteps(double periodMs, double dt)
    {
        var steps = (int)Math.Floor(periodMs / dt + 1e-9);
        if (steps < 1) throw new ArgumentException($"recording period {periodMs} ms is shorter than dt = {dt} ms");
        return steps;
    }

    private sealed record Compartment(
        string Name, Population Population, IReadOnlyList<string> Variables, bool Spikes, int PeriodSteps, Recorder Recorder, CompartmentTimings Timings);
}
