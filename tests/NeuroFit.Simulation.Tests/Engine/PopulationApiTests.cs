using NeuroFit.Models;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>Attribute access, errors, divergence flags, keys.</summary>
public class PopulationApiTests
{
    private static readonly NeuronModel Model = new(
        Parameters: "tau = 10.0 : population\nE = -50.0\nn = 3 : int",
        Equations: "tau*dv/dt + v = E + sum(exc) : init = -70.0, exponential\nk = n / 2\nr = pos(v)",
        Name: "leak");

    private static Population Create(int size = 5) => new Network(dt: 1.0, cache: new KernelCache()).AddPopulation("pop", Model, size);

    [Fact]
    public void AttributesAreListedAndTyped()
    {
        var pop = Create();
        Assert.Equal(["tau", "E", "n"], pop.ParameterNames);
        Assert.Contains("v", pop.VariableNames);
        Assert.True(pop.HasAttribute("tau") && pop.HasAttribute("v") && pop.HasAttribute("sum(exc)"));
        Assert.False(pop.HasAttribute("w"));
        Assert.True(pop.IsGlobal("tau"));
        Assert.False(pop.IsGlobal("E"));
        Assert.Equal([10.0], pop.Get("tau"));
        Assert.Equal(5, pop.Get("E").Length);
    }

    [Fact]
    public void SetBroadcastsOrTakesOnePerNeuron_IntsTruncate()
    {
        var pop = Create();
        pop.Set("E", [1, 2, 3, 4, 5]);
        Assert.Equal([1.0, 2, 3, 4, 5], pop.Get("E"));
        pop.Set("E", 7);
        Assert.All(pop.Get("E"), e => Assert.Equal(7.0, e));
        pop.Set("n", 5.9);
        Assert.All(pop.Get("n"), e => Assert.Equal(5.0, e));
        pop.Network.Step();
        Assert.All(pop.Get("k"), k => Assert.Equal(2.0, k));
        pop.Set("tau", [4.0]);
        Assert.Equal([4.0], pop.Get("tau"));
    }

    [Fact]
    public void MistakesNameThePopulationAndTheAttribute()
    {
        var pop = Create();
        var unknown = Assert.Throws<SimulationException>(() => pop.Get("w"));
        Assert.Contains("'pop'", unknown.Message);
        Assert.Contains("'w'", unknown.Message);
        Assert.Contains("global", Assert.Throws<SimulationException>(() => pop.Set("tau", [1.0, 2.0])).Message);
        Assert.Contains("5 values", Assert.Throws<SimulationException>(() => pop.Set("E", [1.0, 2.0])).Message);
        Assert.Throws<SimulationException>(() => pop.Network.AddPopulation("pop", Model, 1));
        Assert.Throws<SimulationException>(() => pop.Network.GetPopulation("nope"));
        Assert.Throws<SimulationException>(() => pop.Network.Simulate(-1));
    }

    [Fact]
    public void InputsEnterTheEquations()
    {
        var pop = Create(2);
        pop.Set("sum(exc)", [0.0, 20.0]);
        pop.Network.Simulate(200);
        var v = pop.Get("v");
        Assert.Equal(-50.0, v[0], 6);
        Assert.Equal(-30.0, v[1], 6);
    }

    [Fact]
    public void ADivergingNeuronIsFlaggedAndDoesNotDisturbTheOthers()
    {
        var model = new NeuronModel(Parameters: "g = 0.0", Equations: "dv/dt = g*v + 1.0 : init = 1.0\nr = v");
        var net = new Network(dt: 1.0, cache: new KernelCache());
        var pop = net.AddPopulation("p", model, 6);
        pop.Set("g", [0.1, 0.1, 1e300, 0.1, 0.1, 0.1]);
        var alone = net.AddPopulation("q", model, 1);
        alone.Set("g", 0.1);
        net.Simulate(30);
        Assert.Equal([false, false, true, false, false, false], pop.GetDiverged());
        Assert.Equal(1, pop.DivergedCount);
        Assert.Equal(alone.Get("v")[0], pop.Get("v")[5]);
        net.Reset();
        Assert.Equal(0, pop.DivergedCount);
    }

    [Fact]
    public void DistributionArgumentsMustBeConstantDuringARun()
    {
        var model = new Support.ModelBuilder("bad").Param("sigma", 1.0).Var("x").Assign("x", "Normal(0.0, sigma)").Build();
        var error = Assert.Throws<SimulationException>(() => new Network(cache: new KernelCache()).AddPopulation("p", model, 1));
        Assert.Contains("global parameters", error.Message);
    }

    [Fact]
    public void RngKeysDefaultToTheIndexAndCanBeSet()
    {
        var pop = Create(3);
        Assert.Equal([0UL, 1, 2], pop.GetRngKeys());
        pop.SetRngKeys([7, 8, 9]);
        Assert.Equal([7UL, 8, 9], pop.GetRngKeys());
        Assert.Throws<SimulationException>(() => pop.SetRngKeys([1]));
    }
}
