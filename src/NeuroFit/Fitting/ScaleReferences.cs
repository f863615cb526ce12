using System.Diagnostics;
using System.Globalization;
using NeuroFit.Results;

namespace NeuroFit.Fitting;

/// <summary>
/// Computes the <see cref="ScaleReference"/> of a fit: the centre of the bounds (already evaluated by the compatibility
/// check) and <see cref="OptNeuronOptions.ScaleSamples"/> random candidates. Method <c>random</c> takes them from its
/// own first evaluations; every other method evaluates a separate batch once, drawn uniformly within the ranges with
/// the fixed <see cref="Seed"/>, so the reference is the same for every method and fit seed. These evaluations never
/// enter the study or the history. When every optimised parameter has a known true value, those are evaluated too.
/// </summary>
internal static class ScaleReferences
{
    /// <summary>Seed of the separate random batch (fixed: references compare across runs, methods and fit seeds).</summary>
    public const ulong Seed = 0x5CA1E;

    /// <summary>Trial numbers of the separate batch (negative: never a real trial's noise key).</summary>
    private const long FirstTrialNumber = -1000;

    /// <summary>Trial number (noise key) of the evaluation of the true parameters.</summary>
    private const long TruthTrialNumber = -3;

    public static ScaleReference Compute(BatchEvaluator evaluator, ParameterPlan plan, CandidateLoss centre,
        IReadOnlyList<HistoryEntry> history, string method, int samples, int? batchSize, double[]? truth, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var atTruth = truth is null || cancellation.IsCancellationRequested ? null : evaluator.Evaluate([new Candidate(TruthTrialNumber, truth)])[0];
        IReadOnlyList<double?> losses;
        string source;
        if (samples <= 0)
        {
            losses = [];
            source = "not computed (OptNeuronOptions.ScaleSamples = 0)";
        }
        else if (method == "random" && history.Count >= samples)
        {
            losses = [.. history.Take(samples).Select(h => h.Loss)];
            source = $"the first {samples} evaluations of this random search";
        }
        else if (cancellation.IsCancellationRequested)
        {
            losses = [];
            source = "not computed: the fit was interrupted";
        }
        else
        {
            losses = EvaluateRandom(evaluator, plan, samples, batchSize);
            source = string.Create(CultureInfo.InvariantCulture,
                $"{samples} candidates drawn uniformly within the bounds (seed {Seed}), evaluated once after the fit");
        }
        var finite = losses.OfType<double>().Where(double.IsFinite).Order().ToList();
        var failed = losses.Count - finite.Count;
        return new ScaleReference
        {
            CentreLoss = centre.Loss,
            CentreComponents = centre.Components,
            CentreFailure = centre.FailureReason,
            RandomCount = losses.Count,
            RandomFailed = failed,
            RandomMedian = losses.Count == 0 ? null : Median(finite, failed),
            RandomBest = finite.Count == 0 ? null : finite[0],
            RandomSource = source,
            TrueLoss = atTruth?.Loss,
            TrueComponents = atTruth?.Components ?? [],
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The median of <paramref name="sortedFinite"/> plus <paramref name="infinite"/> values of +∞.</summary>
    internal static double Median(IReadOnlyList<double> sortedFinite, int infinite)
    {
        var n = sortedFinite.Count + infinite;
        double At(int i) => i < sortedFinite.Count ? sortedFinite[i] : double.PositiveInfinity;
        return n % 2 == 1 ? At(n / 2) : 0.5 * (At(n / 2 - 1) + At(n / 2));
    }

    /// <summary>The separate batch: candidate i draws its values from a SplitMix64 stream of (seed, i).</summary>
    internal static double[][] RandomCandidates(IReadOnlyList<RangeBound> ranges, int samples)
    {
        var candidates = new double[samples][];
        for (var i = 0; i < samples; i++)
        {
            var state = Seed ^ ((ulong)i * 0xD1B54A32D192ED03UL);
            candidates[i] = [.. ranges.Select(r => r.Lower + (r.Upper - r.Lower) * ((Next(ref state) >> 11) * (1.0 / (1UL << 53))))];
        }
        return candidates;
    }

    private static ulong Next(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static List<double?> EvaluateRandom(BatchEvaluator evaluator, ParameterPlan plan, int samples, int? batchSize)
    {
        var candidates = RandomCandidates(plan.Ranges, samples).Select((v, i) => new Candidate(FirstTrialNumber - i, v)).ToList();
        var size = Math.Max(1, batchSize ?? samples);
        var losses = new List<double?>(samples);
        for (var start = 0; start < candidates.Count; start += size)
        {
            var batch = candidates.Skip(start).Take(size).ToList();
            IReadOnlyList<CandidateLoss> results;
            try { results = evaluator.Evaluate(batch); }
            catch (FitConfigurationException) when (batch.Count > 1)
            {
                // population-wide parameters: candidates cannot share a population
                results = [.. batch.Select(c => evaluator.Evaluate([c])[0])];
            }
            losses.AddRange(results.Select(l => l.Failed ? (double?)null : l.Loss));
        }
        return losses;
    }
}
