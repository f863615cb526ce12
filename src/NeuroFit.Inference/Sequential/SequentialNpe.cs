using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Posteriors;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;
using NeuroFit.Inference.Training;

namespace NeuroFit.Inference.Sequential;

/// <summary>
/// Truncated sequential neural posterior estimation (after Deistler et al. 2022, TSNPE) with box-shaped regions.
/// Each round trains a fresh estimator, by plain maximum likelihood, on all valid pairs whose θ lies in the current
/// box. Because the boxes are nested and every round drew θ from the prior restricted to a box containing the current
/// one, those pairs follow the prior restricted to the current box, so the estimator targets the posterior restricted
/// to it (exact where the box holds the posterior mass). Retraining from scratch lets the z-scoring follow the data
/// as it concentrates.
/// </summary>
public sealed class SequentialNpe
{
    private readonly IPrior _prior;
    private readonly IBatchSimulator _simulator;
    private readonly DensityEstimatorSettings _estimator;
    private readonly TrainingSettings _training;
    private readonly SamplingLimits? _limits;

    /// <summary>Sets up sequential inference (defaults: MAF, sbi's training settings).</summary>
    public SequentialNpe(IPrior prior, IBatchSimulator simulator, DensityEstimatorSettings? estimator = null, TrainingSettings? training = null,
        SamplingLimits? limits = null)
    {
        _prior = prior;
        _simulator = simulator;
        _estimator = estimator ?? new MafSettings();
        _training = training ?? new TrainingSettings();
        _training.Validate();
        _limits = limits;
    }

    /// <summary>Runs the rounds for observation <paramref name="xo"/>; <paramref name="onRound"/> hears about every
    /// finished round, <paramref name="onEpoch"/> about every training epoch (with its round number).</summary>
    public SequentialResult Run(double[] xo, SequentialSettings settings, int seed, Action<RoundReport>? onRound = null,
        Action<int, TrainingEpoch>? onEpoch = null)
    {
        settings.Validate();
        if (xo.Any(v => !double.IsFinite(v))) throw new InferenceException("x_o has a NaN or ±∞.");
        var rng = new Random(seed);
        ParameterBox? region = null;
        var all = new SimulationSet(new double[0, _prior.Dimension], new double[0, xo.Length], 0, new double[0, _prior.Dimension]);
        var reports = new List<RoundReport>();
        DirectPosterior? posterior = null;
        for (var round = 1; round <= settings.Rounds; round++)
        {
            int simulationSeed = rng.Next(), trainingSeed = rng.Next(), regionSeed = rng.Next();
            var proposal = region is null ? _prior : RestrictedPrior(region);
            var simulations = Simulations.Run(_simulator, proposal, settings.SimulationsPerRound, simulationSeed, settings.SimulationBatchSize);
            if (simulations.Count > 0 && simulations.XDimension != xo.Length)
                throw new InferenceException($"the simulator returns x of dimension {simulations.XDimension} but x_o has {xo.Length} values.");
            all = all.Concat(simulations);
            var data = region is null ? all : all.Where(theta => region.Contains(theta));
            if (data.Count < 10)
                throw new InferenceException($"round {round}: only {data.Count} valid simulations inside the region {region?.ToString() ?? "(prior)"} " +
                    $"({simulations.InvalidCount} of {simulations.Attempted} in this round were invalid); run more simulations per round.");
            var roundNumber = round;
            var training = NpeTrainer.Train(data.Theta, data.X, _estimator, _training, trainingSeed,
                onEpoch is null ? null : epoch => onEpoch(roundNumber, epoch));
            posterior = new DirectPosterior(training.Estimator, _prior, region, _limits);
            var report = new RoundReport(round, region, simulations.Attempted, simulations.InvalidCount, data.Count, training, posterior);
            reports.Add(report);
            onRound?.Invoke(report);
            if (round < settings.Rounds) region = NextRegion(posterior, xo, region, settings, regionSeed);
        }
        return new SequentialResult(posterior!, reports, all);
    }

    /// <summary>The box around the 1 − ε highest-density posterior draws, widened by the margin, inside the old box
    /// and the prior support.</summary>
    /// <summary>The narrowest next region, as a share of the current region's width per parameter.</summary>
    internal const double MinRegionShare = 1e-3;

    internal ParameterBox NextRegion(DirectPosterior posterior, double[] xo, ParameterBox? previous, SequentialSettings settings, int seed)
    {
        var d = _prior.Dimension;
        var samples = posterior.Sample(settings.RegionSamples, xo, seed);
        var logProb = posterior.LogProb(samples, xo);
        var sorted = (double[])logProb.Clone();
        Array.Sort(sorted);
        var threshold = sorted[(int)Math.Floor(settings.TruncationMass * sorted.Length)];
        var low = Enumerable.Repeat(double.PositiveInfinity, d).ToArray();
        var high = Enumerable.Repeat(double.NegativeInfinity, d).ToArray();
        for (var r = 0; r < logProb.Length; r++)
        {
            if (logProb[r] < threshold) continue;
            for (var j = 0; j < d; j++)
            {
                low[j] = Math.Min(low[j], samples[r, j]);
                high[j] = Math.Max(high[j], samples[r, j]);
            }
        }
        var support = _prior is IRestrictablePrior restricted ? restricted.SupportBox : null;
        for (var j = 0; j < d; j++)
        {
            var margin = settings.BoxMargin * (high[j] - low[j]);
            low[j] -= margin;
            high[j] += margin;
            // a posterior collapsed onto a point (MCMC on an estimator that extrapolates to a spike) would make a box of
            // zero volume: keep at least MinRegionShare of the current region's width around the draws
            var current = previous is not null ? previous.High[j] - previous.Low[j] : support is not null ? support.High[j] - support.Low[j] : double.NaN;
            var floor = MinRegionShare * current;
            if (double.IsFinite(floor) && high[j] - low[j] < floor)
            {
                var centre = 0.5 * (low[j] + high[j]);
                low[j] = centre - 0.5 * floor;
                high[j] = centre + 0.5 * floor;
            }
        }
        var box = new ParameterBox(low, high);
        if (_prior is IRestrictablePrior restrictable) box = box.Intersect(restrictable.SupportBox) ?? box;
        return previous is null ? box : previous.Intersect(box) ?? previous;
    }

    private IProposal RestrictedPrior(ParameterBox box) => _prior is IRestrictablePrior restrictable
        ? restrictable.RestrictTo(box)
        : new RejectionProposal(_prior, box);

    /// <summary>Prior draws kept when inside the box: the fallback for priors that cannot restrict themselves.</summary>
    private sealed class RejectionProposal(IPrior prior, ParameterBox box) : IProposal
    {
        private const long MaxDraws = 10_000_000;

        public int Dimension => prior.Dimension;

        public double[,] Sample(int n, Random rng)
        {
            var result = new double[n, Dimension];
            var filled = 0;
            long drawn = 0;
            var row = new double[Dimension];
            while (filled < n)
            {
                var batch = prior.Sample(Math.Max(1000, 2 * (n - filled)), rng);
                drawn += batch.GetLength(0);
                for (var r = 0; r < batch.GetLength(0) && filled < n; r++)
                {
                    for (var j = 0; j < Dimension; j++) row[j] = batch[r, j];
                    if (!box.Contains(row)) continue;
                    for (var j = 0; j < Dimension; j++) result[filled, j] = row[j];
                    filled++;
                }
                if (filled < n && drawn >= MaxDraws)
                    throw new InferenceException($"the truncation box {box} holds too little prior mass to sample it by rejection " +
                        $"({filled} of {n} after {drawn} prior draws); implement IRestrictablePrior for this prior.");
            }
            return result;
        }
    }
}
