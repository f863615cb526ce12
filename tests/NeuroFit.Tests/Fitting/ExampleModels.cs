using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Simulation.Analysis;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Tests.Fitting;

/// <summary>CompNeuroPy's opt_neuron examples A (fit to data) and B (fit to another neuron).</summary>
internal static class ExampleModels
{
    public static readonly NeuronModel Simple = new(Parameters: "I_app = 0\na = 0\nb = 0", Equations: "r = a*I_app + b", Name: "simple");

    public static readonly NeuronModel Complex = new(
        Parameters: "I_app = 0\nm0 = 1\nm1 = 2\nm2 = 3\nn0 = 1\nn1 = 0\nn2 = -1",
        Equations: "r = m0*I_app + n0 + m1*I_app + n1 + m2*I_app + n2",
        Name: "complex");

    /// <summary>Target of example A: 2 then 6 (chunk 0), 2 then 10 (chunk 1), i.e. a = 0.8, b = 2.</summary>
    public static double[][] DataA() =>
    [
        [.. Enumerable.Repeat(2.0, 500), .. Enumerable.Repeat(6.0, 500)],
        [.. Enumerable.Repeat(2.0, 500), .. Enumerable.Repeat(10.0, 500)],
    ];

    public sealed class StepExperiment : Experiment
    {
        public override ExperimentResults Run(string populationName)
        {
            Monitors!.Start();
            var sim = new CompNeuroSim(Network, SimulationFunctions.CurrentStepFunction,
                new Dictionary<string, object?> { ["pop"] = populationName, ["t1"] = 500.0, ["t2"] = 500.0, ["a1"] = 0.0, ["a2"] = 5.0 },
                name: "test", monitorObject: Monitors);
            sim.Run();
            Reset();
            sim.Run(new Dictionary<string, object?> { ["a2"] = 10.0 });
            Data["sim"] = sim.SimulationInfo();
            Data["population_name"] = populationName;
            Data["time_step"] = Network.Dt;
            return Results();
        }
    }

    public static LossValue LossFromData(ExperimentResults ist, object? soll)
    {
        var target = (double[][])soll!;
        var pop = (string)ist.Data["population_name"]!;
        return new[]
        {
            AnalysisFunctions.Rmse(target[0], ist.Recordings[0].Var(pop, "r").Neuron(0)),
            AnalysisFunctions.Rmse(target[1], ist.Recordings[1].Var(pop, "r").Neuron(0)),
        };
    }

    public static LossValue LossFromNeuron(ExperimentResults ist, object? soll)
    {
        var target = (ExperimentResults)soll!;
        var pop = (string)ist.Data["population_name"]!;
        var targetPop = (string)target.Data["population_name"]!;
        return new[]
        {
            AnalysisFunctions.Rmse(target.Recordings[0].Var(targetPop, "r").Neuron(0), ist.Recordings[0].Var(pop, "r").Neuron(0)),
            AnalysisFunctions.Rmse(target.Recordings[1].Var(targetPop, "r").Neuron(0), ist.Recordings[1].Var(pop, "r").Neuron(0)),
        };
    }

    public static VariablesBounds Bounds(double lo = -10, double hi = 10) => new() { ["a"] = new[] { lo, hi }, ["b"] = new[] { lo, hi } };
}
