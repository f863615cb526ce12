using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Simulation.Analysis;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Examples;

/// <summary>CompNeuroPy's opt_neuron examples A (fit to data: a = 0.8, b = 2) and B (fit to another neuron: a = 6, b = 0), shared by the tests, the runnable example and <c>neurofit bench fit</c>.</summary>
public static class CompNeuroPyExamples
{
    /// <summary>The tuned rate neuron of both examples: <c>r = a*I_app + b</c>.</summary>
    public static readonly NeuronModel Simple = new(Parameters: "I_app = 0\na = 0\nb = 0", Equations: "r = a*I_app + b", Name: "simple");

    /// <summary>Example B's target neuron, equivalent to <c>r = 6*I_app</c>.</summary>
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

    /// <summary>The examples' experiment: current step 0 → 5 (500 + 500 ms), reset, again with 10; dt 1 ms.</summary>
    public sealed class StepExperiment : Experiment
    {
        /// <inheritdoc />
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

    /// <summary>Example A's loss: per chunk the RMSE between the target array and the recorded <c>r</c>.</summary>
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

    /// <summary>Example B's loss: per chunk the RMSE between the target neuron's and the tuned neuron's <c>r</c>.</summary>
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

    /// <summary>a and b in [lo, hi] (CompNeuroPy's 2022 examples: [−10, 10]; HEAD: a ∈ [−50, 100], b ∈ [−50, 150]).</summary>
    public static VariablesBounds Bounds(double lo = -10, double hi = 10) => new() { ["a"] = new[] { lo, hi }, ["b"] = new[] { lo, hi } };

    /// <summary>CompNeuroPy HEAD's wider bounds: a ∈ [−50, 100], b ∈ [−50, 150].</summary>
    public static VariablesBounds WideBounds() => new() { ["a"] = new[] { -50.0, 100 }, ["b"] = new[] { -50.0, 150 } };

    /// <summary>A ready OptNeuron for example A ("from-data") or B ("from-neuron").</summary>
    public static OptNeuron Create(string example, string method, long seed, OptNeuronOptions? options = null, bool wideBounds = false) => example switch
    {
        "from-data" => new OptNeuron(() => new StepExperiment(), LossFromData, wideBounds ? WideBounds() : Bounds(), Simple,
            resultsSoll: DataA(), method: method, record: ["r"], seed: seed, options: options),
        "from-neuron" => new OptNeuron(() => new StepExperiment(), LossFromNeuron, wideBounds ? WideBounds() : Bounds(), Simple,
            targetNeuronModel: Complex, method: method, record: ["r"], seed: seed, options: options),
        _ => throw new FitConfigurationException($"unknown example '{example}'; use from-data or from-neuron"),
    };
}
