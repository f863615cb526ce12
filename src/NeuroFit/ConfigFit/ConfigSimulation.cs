using NeuroFit.Config;
using NeuroFit.Losses;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.ConfigFit;

/// <summary>One simulated run of a config's experiment.</summary>
/// <param name="Results">The recordings (population <see cref="ConfigSimulation.PopulationName"/>).</param>
/// <param name="Sweeps">Per chunk: the recorded traces (sampled every recording period), spike times in ms and the chunk length.</param>
public sealed record SimulatedExperiment(ExperimentResults Results, IReadOnlyList<SweepData> Sweeps);

/// <summary>
/// Runs the <c>experiment:</c> section of a config on one neuron of its model, e.g. to look at a model before fitting
/// (<c>neurofit simulate --experiment</c>) or to generate example data from known parameters.
/// </summary>
public static class ConfigSimulation
{
    /// <summary>Name of the simulated population.</summary>
    public const string PopulationName = "neuron";

    /// <summary>
    /// Simulates the config's experiment on its <c>model</c> (or its <c>target.model</c> with <paramref name="target"/>),
    /// with <paramref name="values"/> as parameter values / initial values (as a fit candidate would set them).
    /// </summary>
    /// <exception cref="ConfigException">A mistake in the config (model, experiment, current files).</exception>
    public static SimulatedExperiment Run(FitConfig config, IReadOnlyDictionary<string, double>? values = null, bool target = false, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        var spec = target
            ? (config.Target as ModelTargetSpec)?.Model ?? throw new ConfigException(config.SourcePath, "target", "the config's target is data, not a model")
            : config.Model;
        var model = ModelResolver.Resolve(config, spec, target ? "target.model" : "model");
        var plan = ExperimentPlan.Create(config, model.Analysed);
        if (values is not null)
        {
            var attributes = model.Analysed.Parameters.Select(p => p.Name).Concat(model.Analysed.Variables.Select(v => v.Name)).ToList();
            foreach (var name in values.Keys)
                if (!attributes.Contains(name))
                    throw new ConfigException(config.SourcePath, "", $"model '{model.Analysed.Name}' has no parameter or variable '{name}'{NameHints.DidYouMean(name, attributes)}; it has: {string.Join(", ", attributes)}");
        }
        var results = Simulate(plan, model.Analysed, values, seed);
        return new SimulatedExperiment(results, ConfigExperiment.Sweeps(results, plan));
    }

    internal static ExperimentResults Simulate(ExperimentPlan plan, AnalysedModel model, IReadOnlyDictionary<string, double>? values, ulong seed)
    {
        var network = new Network(plan.Dt, seed);
        var population = network.AddPopulation(PopulationName, model, 1);
        foreach (var (name, value) in values ?? new Dictionary<string, double>()) population.SetInitial(name, value);
        network.Reset();
        var key = plan.Period is { } p ? $"{PopulationName};{p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : PopulationName;
        var monitors = new Monitors(network, new Dictionary<string, IReadOnlyList<string>> { [key] = plan.Record });
        var experiment = new ConfigExperiment(plan);
        experiment.Bind(network, monitors);
        return experiment.Run(PopulationName);
    }
}
