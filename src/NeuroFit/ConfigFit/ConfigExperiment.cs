using NeuroFit.Losses;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.ConfigFit;

/// <summary>
/// The experiment a config describes: every chunk starts from the reset state (the fitted parameters and initial
/// values), then its phases run in order — attributes set, then the phase's steps simulated; a phase with a current
/// writes the current's value for each step into its attribute before that step.
/// </summary>
internal sealed class ConfigExperiment(ExperimentPlan plan) : Experiment
{
    /// <summary>Key of <see cref="Experiment.Data"/> holding the simulated population's name.</summary>
    public const string PopulationKey = "population_name";

    public override ExperimentResults Run(string populationName)
    {
        var population = Population(populationName);
        StoreModelState([populationName]);
        Monitors?.Start();
        for (var c = 0; c < plan.Chunks.Count; c++)
        {
            if (c > 0) Reset();
            foreach (var phase in plan.Chunks[c])
            {
                foreach (var (name, value) in phase.Set) population.Set(name, value);
                if (phase.Current is { } current)
                {
                    for (var k = 0; k < current.Length; k++)
                    {
                        population.Set(phase.CurrentAttribute!, current[k]);
                        Network.Step();
                    }
                }
                else Network.RunSteps(phase.Steps);
            }
        }
        Data[PopulationKey] = populationName;
        return Results();
    }

    /// <summary>
    /// The sweeps (one per chunk) of neuron 0 of the population the results were recorded from: recorded traces,
    /// spike times in ms (step · dt from the chunk start), and the chunk's length.
    /// </summary>
    public static List<SweepData> Sweeps(ExperimentResults results, ExperimentPlan plan)
    {
        var population = (string)results.Data[PopulationKey]!;
        var sweeps = new List<SweepData>(results.Recordings.Count);
        for (var c = 0; c < results.Recordings.Count; c++)
        {
            var chunk = results.Recordings[c];
            var traces = new Dictionary<string, double[]>();
            foreach (var variable in plan.TraceVariables) traces[variable] = chunk.Var(population, variable).Neuron(0).ToArray();
            double[]? spikes = null;
            if (plan.RecordsSpikes)
            {
                var steps = chunk.Spikes(population)[0];
                spikes = new double[steps.Count];
                for (var i = 0; i < spikes.Length; i++) spikes[i] = steps[i] * plan.Dt;
            }
            sweeps.Add(new SweepData { Dt = plan.SampleInterval, Traces = traces, SpikeTimesMs = spikes, DurationMs = plan.ChunkDurationMs(c) });
        }
        return sweeps;
    }
}
