using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Simulation.Tests.Experiments;

public class SimulationFunctionsTests
{
    private static Population Pop(double dt = 1.0)
    {
        var network = new Network(dt: dt);
        var pop = network.AddPopulation("pop", ExperimentTests.RateNeuron, 1);
        pop.Set("a", 1.0);
        return pop;
    }

    [Fact]
    public void CurrentStepReturnsItsDurationAndTheCurrentPerStepAndRestoresIApp()
    {
        var pop = Pop();
        pop.Set("I_app", 7.0);
        var result = SimulationFunctions.CurrentStep(pop, t1: 3, t2: 2, a1: 1, a2: 4);
        Assert.Equal(5.0, result["duration"]);
        Assert.Equal([1.0, 1, 1, 4, 4], (double[])result["current_arr"]);
        Assert.Equal([7.0], pop.Get("I_app"));
        Assert.Equal(5, pop.Network.CurrentStep);
    }

    [Fact]
    public void CurrentStimHoldsOneValue()
    {
        var pop = Pop(dt: 0.5);
        Assert.Equal([3.0, 3, 3, 3], SimulationFunctions.CurrentStim(pop, t: 2, a: 3));
    }

    [Fact]
    public void CurrentRampStepsEvenlyAndRejectsStepsThatAreNotWholeTimeSteps()
    {
        var pop = Pop();
        var ramp = SimulationFunctions.CurrentRamp(pop, a0: 0, a1: 10, duration: 6, n: 3);
        Assert.Equal(5.0, ramp["da"]);
        Assert.Equal(2.0, ramp["dur_stim"]);
        Assert.Equal([0.0, 0, 5, 5, 10, 10], (double[])ramp["current_arr"]);
        var e = Assert.Throws<ArgumentException>(() => SimulationFunctions.CurrentRamp(pop, 0, 10, 7, 3));
        Assert.Contains("not a whole number of time steps", e.Message);
    }

    [Fact]
    public void IncreasingCurrentListsItsLevels()
    {
        var pop = Pop();
        var result = SimulationFunctions.IncreasingCurrent(pop, a0: 1, da: 2, steps: 3, stepDuration: 1);
        Assert.Equal([1.0, 3, 5], (double[])result["current_list"]);
        Assert.Equal([1.0, 3, 5], (double[])result["current_arr"]);
    }

    [Fact]
    public void AttributeStepOnAParameterRecordsWhatItApplied()
    {
        var pop = Pop();
        var step = SimulationFunctions.AttributeStep(pop, "b", t1: 1, t2: 1, v1: 2, v2: 3);
        Assert.Equal([2.0, 3.0], (double[])step["v_arr"]);
        Assert.Equal([0.0], pop.Get("b"));
    }

    [Fact]
    public void AWrongAttributeNamesThePopulationAndTheAttribute()
    {
        var pop = Pop();
        var e = Assert.Throws<ArgumentException>(() => SimulationFunctions.AttributeStep(pop, "I_ap"));
        Assert.Equal("Population pop does not contain attribute I_ap!", e.Message);
        var sim = Assert.Throws<ArgumentException>(() => new CompNeuroSim(pop.Network, SimulationFunctions.CurrentStepFunction,
            new Dictionary<string, object?> { ["pop"] = "pop" }, requirements: [new ReqPopHasAttr("simulation_kwargs.pop", "I_syn")]));
        Assert.Equal("Population pop does not contain attribute I_syn!", sim.Message);
    }

    [Fact]
    public void CompNeuroSimMergesOverridesOntoTheInitialArguments()
    {
        var pop = Pop();
        var sim = new CompNeuroSim(pop.Network, SimulationFunctions.CurrentStimFunction,
            new Dictionary<string, object?> { ["pop"] = "pop", ["t"] = 2.0, ["a"] = 1.0 }, name: "stim", description: "d");
        sim.Run();
        sim.Run(new Dictionary<string, object?> { ["a"] = 4.0 });
        var info = sim.SimulationInfo();
        Assert.Equal("stim", info.Name);
        Assert.Equal([0.0, 2.0], info.Start);
        Assert.Equal([2.0, 4.0], info.End);
        Assert.Equal(4.0, info.Kwargs[1]["a"]);
        Assert.Equal(2.0, info.Kwargs[1]["t"]);
        Assert.Equal([[1.0, 1], [4.0, 4]], info.GetCurrentArray(1.0));
        Assert.Equal([null, null], info.MonitorChunk);
    }

    [Fact]
    public void ASimulationArgumentOfTheWrongTypeIsAnArgumentErrorNamingIt()
    {
        // ["t1"] = "abc" was a FormatException from Convert, naming neither the argument nor the value
        var pop = Pop();
        var text = Assert.Throws<ArgumentException>(() => new CompNeuroSim(pop.Network, SimulationFunctions.CurrentStepFunction,
            new Dictionary<string, object?> { ["pop"] = "pop", ["t1"] = "abc" }).Run());
        Assert.Equal("simulation argument 't1' must be a number, got String \"abc\"", text.Message);
        var flag = Assert.Throws<ArgumentException>(() => new CompNeuroSim(pop.Network, SimulationFunctions.CurrentStepFunction,
            new Dictionary<string, object?> { ["pop"] = "pop", ["a2"] = true }).Run());
        Assert.Contains("'a2' must be a number, got Boolean", flag.Message);
        // whole numbers of any integer type still work, as before
        var sim = new CompNeuroSim(pop.Network, SimulationFunctions.CurrentStepFunction,
            new Dictionary<string, object?> { ["pop"] = "pop", ["t1"] = 3, ["t2"] = 2L, ["a2"] = 4f });
        sim.Run();
        Assert.Equal(5.0, pop.Network.Time);
        var args = new SimulationArgs(new Dictionary<string, object?> { ["n"] = 1e12 });
        Assert.Contains("'n' must be a whole number", Assert.Throws<ArgumentException>(() => args.Int("n")).Message);
    }
}
