namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// Base class of an experiment (CompNeuroPy's <c>CompNeuroExp</c>): override <see cref="Run"/>, which simulates and
/// records the population it is given and returns <see cref="Results"/>. The same experiment runs one neuron or a
/// whole batch of candidates. Monitors are either handed in (OptNeuron's <c>record</c>) or created in <see cref="Run"/>.
/// </summary>
public abstract class Experiment
{
    private Network? _network;
    private Dictionary<string, Dictionary<string, double[]>>? _modelState;

    /// <summary>The network the experiment runs on; set by <see cref="Bind"/> before <see cref="Run"/>.</summary>
    public Network Network => _network ?? throw new InvalidOperationException("the experiment is not bound to a network: call Bind(network) first");

    /// <summary>Monitors used for recording (may be assigned in <see cref="Run"/>).</summary>
    public Monitors? Monitors { get; set; }

    /// <summary>Anything the experiment wants to return besides the recordings.</summary>
    public Dictionary<string, object?> Data { get; } = [];

    /// <summary>Binds the experiment to <paramref name="network"/> and, optionally, to ready-made monitors.</summary>
    public Experiment Bind(Network network, Monitors? monitors = null)
    {
        _network = network;
        if (monitors is not null) Monitors = monitors;
        return this;
    }

    /// <summary>Simulates and records; returns <see cref="Results"/>.</summary>
    public abstract ExperimentResults Run(string populationName);

    /// <summary>A population of the bound network.</summary>
    protected Population Population(string name) => Network.GetPopulation(name);

    /// <summary>
    /// Remembers every attribute (parameters and variables) of the given populations so that <see cref="Reset"/>
    /// returns to them rather than to the model's initial values (the optimizer stores the fitted state).
    /// </summary>
    public void StoreModelState(IEnumerable<string> populationNames) =>
        _modelState = populationNames.ToDictionary(n => n, n =>
        {
            var p = Network.GetPopulation(n);
            return p.ParameterNames.Concat(p.VariableNames).ToDictionary(a => a, p.Get);
        });

    /// <summary>Forgets the stored model state.</summary>
    public void ResetModelState() => _modelState = null;

    /// <summary>
    /// Starts a new chunk. With <paramref name="model"/> the network is reset (time 0, initial values) and, with
    /// <paramref name="modelState"/>, the stored model state is re-applied; with <paramref name="parameters"/> false
    /// parameter values are kept as they are. Without <paramref name="model"/> only a new recording chunk starts.
    /// </summary>
    public void Reset(bool populations = true, bool projections = false, bool synapses = false, bool model = true, bool modelState = true, bool parameters = true)
    {
        if (synapses && !projections) projections = true;
        var keptParameters = parameters ? null : Network.Populations.ToDictionary(p => p, p => p.ParameterNames.ToDictionary(n => n, p.Get));
        if (Monitors is not null) Monitors.Reset(populations, projections, synapses, monitors: true, model: model, parameters: true);
        else if (model) Network.Reset();
        if (model && modelState && _modelState is not null)
        {
            foreach (var (populationName, attributes) in _modelState)
            {
                var population = Network.GetPopulation(populationName);
                foreach (var (attribute, values) in attributes)
                    if (parameters || !population.ParameterNames.Contains(attribute)) SetValues(population, attribute, values);
            }
        }
        if (keptParameters is not null)
            foreach (var (population, values) in keptParameters)
                foreach (var (name, value) in values) SetValues(population, name, value);
    }

    /// <summary>The results so far; the monitors are emptied and paused (start them again in the next run).</summary>
    public ExperimentResults Results()
    {
        var data = new Dictionary<string, object?>(Data);
        if (Monitors is null) return new ExperimentResults([], null, new Dictionary<string, IReadOnlyList<string>>(), data);
        var (recordings, times) = Monitors.GetRecordingsAndClear();
        return new ExperimentResults(recordings, times, Monitors.MonDict, data);
    }

    private static void SetValues(Population population, string attribute, double[] values)
    {
        if (values.Length == 1) population.Set(attribute, values[0]);
        else population.Set(attribute, values);
    }
}
