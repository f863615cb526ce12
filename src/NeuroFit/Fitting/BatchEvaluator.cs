using NeuroFit.Models;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Experiments;

namespace NeuroFit.Fitting;

/// <summary>One candidate to evaluate: its optimised values and the trial number its noise is derived from.</summary>
internal sealed record Candidate(long TrialNumber, double[] Values)
{
    /// <summary>The key of the candidate's noise (default its trial number). Candidates with the same key see the same
    /// noise: the local polish gives all points of one local search the key of its start (common random numbers),
    /// so finite differences of a noisy model measure the parameters, not the noise.</summary>
    public long NoiseKey { get; init; } = TrialNumber;
}

/// <summary>
/// Evaluates batches of candidates: one population of (candidates × repeats) neurons of the tuned model, the user's
/// experiment run once on it, the results split per neuron, the loss computed per neuron and aggregated per candidate.
/// A neuron's noise depends only on the seed, its trial number and its repeat, so results do not depend on batches.
/// </summary>
internal sealed class BatchEvaluator
{
    internal const string PopulationName = "model_neuron";

    private readonly AnalysedModel _model;
    private readonly ParameterPlan _plan;
    private readonly Func<Experiment> _experiment;
    private readonly Func<ExperimentResults, object?, LossValue> _getLoss;
    private readonly IReadOnlyList<string> _record;
    private readonly double? _recordingPeriod;
    private readonly double _dt;
    private readonly ulong _seed;
    private readonly int _repeats;
    private readonly int _threads;
    private readonly KernelCache _kernels;

    public BatchEvaluator(AnalysedModel model, ParameterPlan plan, Func<Experiment> experiment, Func<ExperimentResults, object?, LossValue> getLoss,
        IReadOnlyList<string> record, double? recordingPeriod, double dt, ulong seed, int repeats, int threads, KernelCache kernels)
    {
        _model = model;
        _plan = plan;
        _experiment = experiment;
        _getLoss = getLoss;
        _record = record;
        _recordingPeriod = recordingPeriod;
        _dt = dt;
        _seed = seed;
        _repeats = repeats;
        _threads = threads;
        _kernels = kernels;
    }

    /// <summary>The target's results (set before optimising).</summary>
    public object? ResultsSoll { get; set; }

    /// <summary>Losses of the batch, one per candidate; with <paramref name="residuals"/> also their residual vectors
    /// (<see cref="CandidateLoss.Residuals"/>, null where the loss has none).</summary>
    public IReadOnlyList<CandidateLoss> Evaluate(IReadOnlyList<Candidate> candidates, bool residuals = false) =>
        Run(candidates, keepResults: false, residuals).Losses;

    /// <summary>Losses and the results of every candidate's first repeat (for the compatibility check and the re-run of the best).</summary>
    public (IReadOnlyList<CandidateLoss> Losses, IReadOnlyList<ExperimentResults> Results) Run(IReadOnlyList<Candidate> candidates, bool keepResults,
        bool residuals = false)
    {
        var size = candidates.Count * _repeats;
        var network = new Network(_dt, _seed, _threads, _kernels);
        var population = network.AddPopulation(PopulationName, _model, size);
        population.SetRngKeys(Enumerable.Range(0, size).Select(i => RngKey(candidates[i / _repeats].NoiseKey, i % _repeats)).ToArray());
        SetValues(population, candidates);
        network.Reset(); // initial values (and init= draws) from the fitted values and the keys
        var results = RunExperiment(_experiment, network, PopulationName, _record, _recordingPeriod, storeModelState: true);
        var losses = new List<CandidateLoss>(candidates.Count);
        var kept = new List<ExperimentResults>();
        for (var c = 0; c < candidates.Count; c++)
        {
            var values = new LossValue[_repeats];
            var failures = new string?[_repeats];
            for (var r = 0; r < _repeats; r++)
            {
                var neuron = c * _repeats + r;
                var own = results.SelectNeuron(neuron);
                if (r == 0 && keepResults) kept.Add(own);
                if (population.IsDiverged(neuron)) { failures[r] = "the simulation diverged (a state variable became NaN or infinite)"; continue; }
                try { values[r] = _getLoss(own, ResultsSoll); }
                catch (Exception e) when (e is not OutOfMemoryException) { failures[r] = $"the loss function threw {e.GetType().Name}: {e.Message}"; }
            }
            losses.Add(CandidateLoss.FromRepeats(values, failures, residuals));
        }
        return (losses, kept);
    }

    /// <summary>Monitors for <paramref name="record"/> on one population, or null when nothing is recorded.</summary>
    /// <summary>
    /// Creates the user's experiment, binds it to <paramref name="network"/> (with monitors for <paramref name="record"/>)
    /// and runs it on <paramref name="population"/>. The user's mistakes that would otherwise surface as a bare
    /// <see cref="NullReferenceException"/> (a factory or a <c>Run</c> returning null, monitors used but never given)
    /// are reported as <see cref="FitConfigurationException"/>s saying how to fix them.
    /// </summary>
    internal static ExperimentResults RunExperiment(Func<Experiment> factory, Network network, string population,
        IReadOnlyList<string> record, double? recordingPeriod, bool storeModelState)
    {
        var experiment = factory() ?? throw new FitConfigurationException(
            "the experiment factory returned null; pass a factory that creates your experiment, e.g. () => new MyExperiment()");
        var typeName = experiment.GetType().Name;
        experiment.Bind(network, CreateMonitors(network, population, record, recordingPeriod));
        if (storeModelState) experiment.StoreModelState([population]);
        ExperimentResults? results;
        try { results = experiment.Run(population); }
        catch (NullReferenceException e) when (experiment.Monitors is null)
        {
            throw new FitConfigurationException(
                $"{typeName}.Run failed with a NullReferenceException and the experiment has no monitors: give OptNeuron " +
                "record: [\"v\", \"spike\", …] (the variables to record), or create them in Run " +
                "(Monitors = new Monitors(Network, new() { [populationName] = [\"v\"] }))", e);
        }
        return results ?? throw new FitConfigurationException($"{typeName}.Run returned null; end Run with 'return Results();'");
    }

    internal static Monitors? CreateMonitors(Network network, string population, IReadOnlyList<string> record, double? period)
    {
        if (record.Count == 0) return null;
        var key = period is { } p && !(record.Count == 1 && record[0] == "spike")
            ? $"{population};{p.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"
            : population;
        return new Monitors(network, new Dictionary<string, IReadOnlyList<string>> { [key] = record });
    }

    private void SetValues(Population population, IReadOnlyList<Candidate> candidates)
    {
        var resolved = candidates.Select(c => _plan.Resolve(c.Values)).ToList();
        foreach (var name in _plan.ModelAttributes)
        {
            var perCandidate = resolved.Select(r => r[name]).ToArray();
            if (population.IsGlobal(name))
            {
                if (perCandidate.Distinct().Count() > 1)
                    throw new FitConfigurationException(
                        $"'{name}' is a population-wide (': population') attribute, so candidates simulated together cannot differ in it; " +
                        "remove the population flag to fit it, or use batch size 1");
                population.SetInitial(name, perCandidate[0]);
                continue;
            }
            var perNeuron = new double[perCandidate.Length * _repeats];
            for (var i = 0; i < perNeuron.Length; i++) perNeuron[i] = perCandidate[i / _repeats];
            population.SetInitial(name, perNeuron);
        }
    }

    /// <summary>A well-mixed key from (trial number, repeat): independent noise per trial and repeat.</summary>
    internal static ulong RngKey(long trialNumber, int repeat)
    {
        var z = unchecked((ulong)trialNumber * 0x9E3779B97F4A7C15UL + (ulong)repeat * 0xD1B54A32D192ED03UL + 0x632BE59BD9B4E019UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
