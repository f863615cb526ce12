using NeuroFit.Optimization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Fitting.Auto;

/// <summary>
/// One CMA-ES run of method auto, in the unit cube and in memory: a generation at a time, finished when the sampler
/// converges or the loss stagnates (no relative improvement of 1e-3 over 10 + 30·n/λ generations, the cmaes library's
/// tolfun window).
/// </summary>
internal sealed class CmaRun : IDisposable
{
    private const double StagnationShare = 1e-3;

    private readonly InMemoryStudyStorage _storage = new();
    private readonly Study _study;
    private readonly IReadOnlyList<string> _names;
    private readonly int _window;
    private readonly Queue<double> _generationBests = new();

    public CmaRun(SearchSpace unitSpace, IReadOnlyList<string> names, CmaEsSettings settings, int dimension)
    {
        _names = names;
        _study = Study.CreateOrLoad(_storage, "auto", unitSpace, settings, new StudyOptions());
        _window = 10 + (int)Math.Ceiling(30.0 * dimension / _study.NaturalBatchSize);
    }

    /// <summary>Best point so far and its loss.</summary>
    public AutoMember? Best { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>The next generation (points in the unit cube), or null when the run has finished.</summary>
    public Generation? Ask()
    {
        if (Finished) return null;
        var batch = _study.Ask(_study.NaturalBatchSize);
        if (batch.Count == 0)
        {
            Finished = true;
            return null;
        }
        return new Generation(batch, [.. batch.Select(t => _names.Select(n => t[n]).ToArray())]);
    }

    public void Tell(Generation generation, ReadOnlySpan<double> losses)
    {
        var outcomes = new TrialOutcome[losses.Length];
        var generationBest = double.PositiveInfinity;
        for (var i = 0; i < losses.Length; i++)
        {
            var loss = losses[i];
            outcomes[i] = double.IsFinite(loss) ? new TrialOutcome(generation.Trials[i], loss) : new TrialOutcome(generation.Trials[i], null, null, "failed");
            if (loss < generationBest) generationBest = loss;
            if (double.IsFinite(loss) && (Best is null || loss < Best.Loss)) Best = new AutoMember(loss, generation.Points[i]);
        }
        _study.Tell(outcomes);
        _generationBests.Enqueue(Best?.Loss ?? double.PositiveInfinity);
        if (_generationBests.Count > _window)
        {
            var old = _generationBests.Dequeue();
            if (double.IsFinite(old) && Best is { } b && old - b.Loss <= StagnationShare * Math.Abs(old)) Finished = true;
        }
    }

    /// <summary>Ends the run with an unevaluated generation (the budget ran out in the middle of it).</summary>
    public void Abandon() => Finished = true;

    public void Dispose()
    {
        _study.Dispose();
        _storage.Dispose();
    }
}

/// <summary>A point of the unit cube and its loss.</summary>
internal sealed record AutoMember(double Loss, double[] Unit);

/// <summary>The trials of one CMA-ES generation and their points in the unit cube.</summary>
internal sealed record Generation(TrialBatch Trials, IReadOnlyList<double[]> Points);
