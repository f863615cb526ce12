namespace NeuroFit.Simulation.Experiments;

/// <summary>A requirement checked before every run of a <see cref="CompNeuroSim"/>; throws when it does not hold.</summary>
public interface ISimulationRequirement
{
    /// <summary>Checks the requirement against the network and the run's arguments.</summary>
    void Check(Network network, SimulationArgs args);
}

/// <summary>
/// Requires population <paramref name="Population"/> to have attribute(s) <paramref name="Attributes"/>. A value of the form
/// <c>"simulation_kwargs.KEY"</c> is read from the run's arguments (as CompNeuroPy's <c>ReqPopHasAttr</c>).
/// </summary>
public sealed record ReqPopHasAttr(string Population, params string[] Attributes) : ISimulationRequirement
{
    /// <inheritdoc />
    public void Check(Network network, SimulationArgs args)
    {
        var name = Resolve(Population, args);
        if (network.Populations.All(p => p.Name != name)) throw new ArgumentException($"Population {name} does not exist!");
        var population = network.GetPopulation(name);
        foreach (var attribute in Attributes.Select(a => Resolve(a, args)))
            if (!population.HasAttribute(attribute))
                throw new ArgumentException($"Population {name} does not contain attribute {attribute}!");
    }

    private static string Resolve(string value, SimulationArgs args) =>
        value.StartsWith("simulation_kwargs.", StringComparison.Ordinal) ? args.String(value["simulation_kwargs.".Length..]) : value;
}

/// <summary>What a <see cref="CompNeuroSim"/> did in each of its runs.</summary>
/// <param name="Name">Simulation name.</param>
/// <param name="Description">Description.</param>
/// <param name="SimulationFunction">Name of the simulation function.</param>
/// <param name="Start">Start time in ms of each run.</param>
/// <param name="End">End time in ms of each run.</param>
/// <param name="Info">Return value of each run.</param>
/// <param name="Kwargs">Arguments of each run.</param>
/// <param name="MonitorChunk">Monitor chunk each run was recorded in (null when not recording).</param>
public sealed record SimulationInfo(
    string Name, string Description, string SimulationFunction,
    IReadOnlyList<double> Start, IReadOnlyList<double> End, IReadOnlyList<object?> Info,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Kwargs, IReadOnlyList<int?> MonitorChunk)
{
    /// <summary>
    /// The applied current per time step of every run (from the <c>current_arr</c> the current functions return);
    /// with <paramref name="flat"/> the runs are concatenated into one array.
    /// </summary>
    public IReadOnlyList<double[]> GetCurrentArray(double dt, bool flat = false)
    {
        _ = dt; // the arrays already hold one value per step of dt
        var runs = Info.Select((info, i) => info switch
        {
            double[] array => array,
            IReadOnlyDictionary<string, object> d when d.TryGetValue("current_arr", out var a) && a is double[] array => array,
            Dictionary<string, object> d when d.TryGetValue("current_arr", out var a) && a is double[] array => array,
            _ => throw new InvalidOperationException($"run {i} of '{Name}' returned no current array (use a current function: CurrentStep, CurrentStim, CurrentRamp, IncreasingCurrent)"),
        }).ToList();
        return flat ? [runs.SelectMany(r => r).ToArray()] : runs;
    }
}

/// <summary>
/// CompNeuroPy's <c>CompNeuroSim</c>: a named simulation function with default keyword arguments and requirements,
/// run any number of times with overrides; it records when and how each run happened.
/// </summary>
public sealed class CompNeuroSim
{
    private readonly Network _network;
    private readonly SimulationFunction _function;
    private readonly Dictionary<string, object?> _kwargs;
    private readonly IReadOnlyList<ISimulationRequirement> _requirements;
    private readonly Monitors? _monitors;
    private readonly List<double> _start = [], _end = [];
    private readonly List<object?> _info = [];
    private readonly List<IReadOnlyDictionary<string, object?>> _runKwargs = [];
    private readonly List<int?> _chunks = [];

    /// <summary>Creates the simulation; the requirements are checked once now and again before every run.</summary>
    public CompNeuroSim(
        Network network,
        SimulationFunction simulationFunction,
        IReadOnlyDictionary<string, object?>? simulationKwargs = null,
        string name = "simulation",
        string description = "",
        IReadOnlyList<ISimulationRequirement>? requirements = null,
        Monitors? monitorObject = null,
        string? functionName = null)
    {
        _network = network;
        _function = simulationFunction;
        _kwargs = new Dictionary<string, object?>(simulationKwargs ?? new Dictionary<string, object?>());
        _requirements = requirements ?? [];
        _monitors = monitorObject;
        Name = name;
        Description = description;
        FunctionName = functionName ?? simulationFunction.Method.Name;
        CheckRequirements(new SimulationArgs(_kwargs));
    }

    /// <summary>Name of the simulation.</summary>
    public string Name { get; }

    /// <summary>Description.</summary>
    public string Description { get; }

    /// <summary>Name of the simulation function (reporting).</summary>
    public string FunctionName { get; }

    /// <summary>Runs the function with the initial arguments overridden by <paramref name="overrides"/>; returns its result.</summary>
    public object? Run(IReadOnlyDictionary<string, object?>? overrides = null)
    {
        var merged = new Dictionary<string, object?>(_kwargs);
        if (overrides is not null)
            foreach (var (key, value) in overrides) merged[key] = value;
        var args = new SimulationArgs(merged);
        CheckRequirements(args);
        _chunks.Add(_monitors?.CurrentChunk());
        _start.Add(_network.Time);
        var result = _function(_network, args);
        _end.Add(_network.Time);
        _info.Add(result);
        _runKwargs.Add(merged);
        return result;
    }

    /// <summary>What happened in every run so far.</summary>
    public SimulationInfo SimulationInfo() =>
        new(Name, Description, FunctionName, [.. _start], [.. _end], [.. _info], [.. _runKwargs], [.. _chunks]);

    private void CheckRequirements(SimulationArgs args)
    {
        foreach (var requirement in _requirements) requirement.Check(_network, args);
    }
}
