using System.Diagnostics;
using NeuroFit.Inference.Priors;
using NeuroFit.Results;
using NeuroFit.Simulation;

namespace NeuroFit.Fitting;

/// <summary>method "sbi": neural posterior estimation over the bounds (seed mode or statistics mode).</summary>
internal sealed class SbiSearch(OptNeuron owner, BatchEvaluator evaluator, ParameterPlan plan, IPrior? prior, object? resultsSoll, KernelCache kernels)
{
    public SearchOutcome Run(int maxEvals, List<HistoryEntry> history, Stopwatch clock)
    {
        _ = (owner, evaluator, plan, prior, resultsSoll, kernels, maxEvals, history, clock);
        throw new FitConfigurationException("method 'sbi' is not available yet");
    }
}
