// CompNeuroPy's opt_neuron examples A and B, written the way a CompNeuroPy user writes them, in C#.
//   dotnet run --project examples/csharp-opt-neuron -- from-data deap
//   dotnet run --project examples/csharp-opt-neuron -- from-neuron hyperopt
//   dotnet run --project examples/csharp-opt-neuron -- experiment        (only the experiment, a = 0.8, b = 2)
using NeuroFit.Fitting;
using NeuroFit.Models;
using NeuroFit.Progress;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Analysis;
using NeuroFit.Simulation.Experiments;

var example = args.Length > 0 ? args[0] : "from-data";
var method = args.Length > 1 ? args[1] : "deap";

// The tuned neuron: a rate neuron r = a*I_app + b.
var simple = new NeuronModel(Parameters: "I_app = 0\na = 0\nb = 0", Equations: "r = a*I_app + b", Name: "simple");

// Example B's target: a more complex neuron that is in fact r = 6*I_app.
var complex = new NeuronModel(
    Parameters: "I_app = 0\nm0 = 1\nm1 = 2\nm2 = 3\nn0 = 1\nn1 = 0\nn2 = -1",
    Equations: "r = m0*I_app + n0 + m1*I_app + n1 + m2*I_app + n2",
    Name: "complex");

if (example == "experiment")
{
    // The experiment alone, on one neuron with a = 0.8, b = 2: two chunks of 1,000 samples (dt 1 ms).
    var network = new Network(dt: 1.0);
    var population = network.AddPopulation("my_neuron", simple, 1);
    population.Set("a", 0.8);
    population.Set("b", 2.0);
    var monitors = new Monitors(network, new Dictionary<string, IReadOnlyList<string>> { ["my_neuron"] = ["r"] });
    var experiment = new MyExperiment();
    experiment.Bind(network, monitors);
    experiment.StoreModelState(["my_neuron"]);
    var results = experiment.Run("my_neuron");
    for (var c = 0; c < results.Recordings.Count; c++)
    {
        var r = results.Recordings[c].Var("my_neuron", "r").Neuron(0);
        Console.WriteLine($"chunk {c}: {r.Length} samples; r[0..499] = {r[0]} … {r[499]}, r[500..999] = {r[500]} … {r[999]}; " +
                          $"times {results.RecordingTimes!.TimeLims(chunk: c)}");
    }
    return;
}

var bounds = new VariablesBounds { ["a"] = new[] { -10.0, 10 }, ["b"] = new[] { -10.0, 10 } };
var options = new OptNeuronOptions { Progress = SpectreProgress.ForConsole(), OutputDirectory = Path.Combine("dataRaw", "parameter_fit") };

OptNeuron opt = example switch
{
    // A: fit to data. The target is r = 2 then 6 (chunk 0) and 2 then 10 (chunk 1), i.e. a = 0.8, b = 2.
    "from-data" => new OptNeuron(() => new MyExperiment(), GetLossFromData, bounds, simple,
        resultsSoll: new[] { Step(2, 6), Step(2, 10) }, timeStep: 1, method: method, record: ["r"], seed: 0, options: options),
    // B: fit to another neuron, which runs the same experiment once to produce the target.
    "from-neuron" => new OptNeuron(() => new MyExperiment(), GetLossFromNeuron, bounds, simple,
        targetNeuronModel: complex, timeStep: 1, method: method, record: ["r"], seed: 0, options: options),
    _ => throw new ArgumentException("first argument: from-data or from-neuron"),
};

var result = opt.Run(maxEvals: 1000, resultsFileName: $"best_{example}");
Console.WriteLine($"a = {result.Best["a"]:R}");
Console.WriteLine($"b = {result.Best["b"]:R}");
Console.WriteLine($"loss = {result.Loss:G6} after {result.Evaluations} evaluations ({result.Failed} failed) in {result.Seconds:F2} s");
Console.WriteLine($"results: {string.Join(", ", result.Files.Take(2))}");

static double[] Step(double before, double after) => [.. Enumerable.Repeat(before, 500), .. Enumerable.Repeat(after, 500)];

// Per chunk the RMSE between target and recorded r; the list is summed by OptNeuron.
static LossValue GetLossFromData(ExperimentResults resultsIst, object? resultsSoll)
{
    var target = (double[][])resultsSoll!;
    var pop = (string)resultsIst.Data["population_name"]!;
    return new[]
    {
        AnalysisFunctions.Rmse(target[0], resultsIst.Recordings[0].Var(pop, "r").Neuron(0)),
        AnalysisFunctions.Rmse(target[1], resultsIst.Recordings[1].Var(pop, "r").Neuron(0)),
    };
}

static LossValue GetLossFromNeuron(ExperimentResults resultsIst, object? resultsSoll)
{
    var target = (ExperimentResults)resultsSoll!;
    string pop = (string)resultsIst.Data["population_name"]!, targetPop = (string)target.Data["population_name"]!;
    return new[]
    {
        AnalysisFunctions.Rmse(target.Recordings[0].Var(targetPop, "r").Neuron(0), resultsIst.Recordings[0].Var(pop, "r").Neuron(0)),
        AnalysisFunctions.Rmse(target.Recordings[1].Var(targetPop, "r").Neuron(0), resultsIst.Recordings[1].Var(pop, "r").Neuron(0)),
    };
}

/// <summary>The experiment: current step 0 → 5 for 500 + 500 ms, reset, the same with 10.</summary>
internal sealed class MyExperiment : Experiment
{
    public override ExperimentResults Run(string populationName)
    {
        Monitors!.Start();
        var sim = new CompNeuroSim(Network, SimulationFunctions.CurrentStepFunction,
            new Dictionary<string, object?> { ["pop"] = populationName, ["t1"] = 500.0, ["t2"] = 500.0, ["a1"] = 0.0, ["a2"] = 5.0 },
            name: "test", monitorObject: Monitors);
        sim.Run();
        Reset(); // new chunk; the model returns to the fitted state
        sim.Run(new Dictionary<string, object?> { ["a2"] = 10.0 });
        Data["sim"] = sim.SimulationInfo();
        Data["population_name"] = populationName;
        Data["time_step"] = Network.Dt;
        return Results();
    }
}
