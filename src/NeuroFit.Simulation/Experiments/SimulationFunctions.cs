namespace NeuroFit.Simulation.Experiments;

/// <summary>A simulation function for <see cref="CompNeuroSim"/>: simulates on the network and returns information.</summary>
public delegate object? SimulationFunction(Network network, SimulationArgs args);

/// <summary>
/// CompNeuroPy's ready-made stimulation protocols. Each sets attributes, simulates, and restores the attributes to
/// their previous values afterwards; the returned arrays hold the applied value for every time step.
/// Current variants write the attribute <c>I_app</c>.
/// </summary>
public static class SimulationFunctions
{
    /// <summary>The attribute current functions write.</summary>
    public const string CurrentAttribute = "I_app";

    /// <summary>Sets <paramref name="values"/>, simulates <paramref name="t"/> ms, restores the previous values; returns per attribute the value repeated round(t/dt) times.</summary>
    public static Dictionary<string, double[]> AttrSim(Population population, IReadOnlyDictionary<string, double> values, double t = 500)
    {
        foreach (var name in values.Keys) RequireAttribute(population, name);
        var previous = values.Keys.ToDictionary(n => n, population.Get);
        foreach (var (name, value) in values) population.Set(name, value);
        population.Network.Simulate(t);
        foreach (var (name, value) in previous)
        {
            if (value.Length == 1) population.Set(name, value[0]);
            else population.Set(name, value);
        }
        var steps = (int)Math.Round(t / population.Network.Dt, MidpointRounding.ToEven);
        return values.ToDictionary(v => v.Key, v => Enumerable.Repeat(v.Value, steps).ToArray());
    }

    /// <summary><paramref name="attribute"/> = <paramref name="v1"/> for <paramref name="t1"/> ms, then <paramref name="v2"/> for <paramref name="t2"/> ms.</summary>
    public static Dictionary<string, object> AttributeStep(Population population, string attribute, double t1 = 500, double t2 = 500, double v1 = 0, double v2 = 100)
    {
        var values = AttrSim(population, new Dictionary<string, double> { [attribute] = v1 }, t1)[attribute]
            .Concat(AttrSim(population, new Dictionary<string, double> { [attribute] = v2 }, t2)[attribute]).ToArray();
        return new() { ["duration"] = t1 + t2, ["v_arr"] = values };
    }

    /// <summary>A current step: <c>I_app</c> = <paramref name="a1"/> for <paramref name="t1"/> ms, then <paramref name="a2"/> for <paramref name="t2"/> ms.</summary>
    public static Dictionary<string, object> CurrentStep(Population population, double t1 = 500, double t2 = 500, double a1 = 0, double a2 = 100)
    {
        var step = AttributeStep(population, CurrentAttribute, t1, t2, a1, a2);
        return new() { ["duration"] = step["duration"], ["current_arr"] = step["v_arr"] };
    }

    /// <summary>One constant current <paramref name="a"/> for <paramref name="t"/> ms; returns the current per step.</summary>
    public static double[] CurrentStim(Population population, double t = 500, double a = 100) =>
        AttrSim(population, new Dictionary<string, double> { [CurrentAttribute] = a }, t)[CurrentAttribute];

    /// <summary><paramref name="n"/> equal steps from <paramref name="v0"/> to <paramref name="v1"/> over <paramref name="duration"/> ms; each step must last a whole number of dt.</summary>
    public static Dictionary<string, object> AttributeRamp(Population population, string attribute, double v0, double v1, double duration, int n)
    {
        if (n < 2) throw new ArgumentException($"a ramp needs at least 2 steps, got n = {n}");
        var dt = population.Network.Dt;
        var stepDuration = duration / n;
        var stepsPerStim = stepDuration / dt;
        if (Math.Abs(stepsPerStim - Math.Round(stepsPerStim)) > 1e-9)
            throw new ArgumentException($"ramp: duration/n = {stepDuration} ms is not a whole number of time steps (dt = {dt} ms)");
        var dv = (v1 - v0) / (n - 1);
        var values = new List<double>();
        for (var i = 0; i < n; i++)
            values.AddRange(AttrSim(population, new Dictionary<string, double> { [attribute] = v0 + i * dv }, stepDuration)[attribute]);
        return new() { ["dv"] = dv, ["dur_stim"] = stepDuration, ["v_arr"] = values.ToArray() };
    }

    /// <summary>A current ramp (<see cref="AttributeRamp"/> on <c>I_app</c>).</summary>
    public static Dictionary<string, object> CurrentRamp(Population population, double a0, double a1, double duration, int n)
    {
        var ramp = AttributeRamp(population, CurrentAttribute, a0, a1, duration, n);
        return new() { ["da"] = ramp["dv"], ["dur_stim"] = ramp["dur_stim"], ["current_arr"] = ramp["v_arr"] };
    }

    /// <summary><paramref name="steps"/> stimulations of <paramref name="stepDuration"/> ms at v0, v0 + dv, …</summary>
    public static Dictionary<string, object> IncreasingAttribute(Population population, string attribute, double v0, double dv, int steps, double stepDuration)
    {
        var levels = new List<double>();
        var values = new List<double>();
        for (var i = 0; i < steps; i++)
        {
            var v = v0 + i * dv;
            levels.Add(v);
            values.AddRange(AttrSim(population, new Dictionary<string, double> { [attribute] = v }, stepDuration)[attribute]);
        }
        return new() { ["attr_list"] = levels.ToArray(), ["v_arr"] = values.ToArray() };
    }

    /// <summary>Increasing current steps (<see cref="IncreasingAttribute"/> on <c>I_app</c>).</summary>
    public static Dictionary<string, object> IncreasingCurrent(Population population, double a0, double da, int steps, double stepDuration)
    {
        var result = IncreasingAttribute(population, CurrentAttribute, a0, da, steps, stepDuration);
        return new() { ["current_list"] = result["attr_list"], ["current_arr"] = result["v_arr"] };
    }

    /// <summary><see cref="CurrentStep"/> as a <see cref="SimulationFunction"/> reading pop, t1, t2, a1, a2.</summary>
    public static readonly SimulationFunction CurrentStepFunction = (network, a) =>
        CurrentStep(network.GetPopulation(a.String("pop")), a.Double("t1", 500), a.Double("t2", 500), a.Double("a1", 0), a.Double("a2", 100));

    /// <summary><see cref="CurrentStim"/> as a <see cref="SimulationFunction"/> reading pop, t, a.</summary>
    public static readonly SimulationFunction CurrentStimFunction = (network, a) =>
        CurrentStim(network.GetPopulation(a.String("pop")), a.Double("t", 500), a.Double("a", 100));

    /// <summary><see cref="CurrentRamp"/> as a <see cref="SimulationFunction"/> reading pop, a0, a1, dur, n.</summary>
    public static readonly SimulationFunction CurrentRampFunction = (network, a) =>
        CurrentRamp(network.GetPopulation(a.String("pop")), a.Double("a0"), a.Double("a1"), a.Double("dur"), a.Int("n"));

    /// <summary><see cref="IncreasingCurrent"/> as a <see cref="SimulationFunction"/> reading pop, a0, da, nr_steps, dur_step.</summary>
    public static readonly SimulationFunction IncreasingCurrentFunction = (network, a) =>
        IncreasingCurrent(network.GetPopulation(a.String("pop")), a.Double("a0"), a.Double("da"), a.Int("nr_steps"), a.Double("dur_step"));

    private static void RequireAttribute(Population population, string attribute)
    {
        if (!population.HasAttribute(attribute))
            throw new ArgumentException($"Population {population.Name} does not contain attribute {attribute}!");
    }
}
