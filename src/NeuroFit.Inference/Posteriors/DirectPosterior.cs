using System.Diagnostics;
using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;

namespace NeuroFit.Inference.Posteriors;

/// <summary>
/// The posterior p(θ | x_o) ≈ q(θ | x_o) restricted to the prior support (and, after sequential rounds, to the
/// truncation box): draws come straight from the estimator and those outside the support are rejected (sbi's
/// <c>DirectPosterior</c>). <see cref="LogProb(double[,], double[])"/> is q's density, −∞ outside the support, not
/// renormalised for the rejected mass (<see cref="AcceptanceRate"/> gives that mass).
/// </summary>
public sealed class DirectPosterior
{
    /// <summary>Wraps a trained estimator.</summary>
    public DirectPosterior(ConditionalDensityEstimator estimator, IPrior prior, ParameterBox? truncation = null, SamplingLimits? limits = null)
    {
        if (estimator.ThetaDimension != prior.Dimension)
            throw new InferenceException($"the estimator models θ of dimension {estimator.ThetaDimension} but the prior has dimension {prior.Dimension}.");
        if (truncation is not null && truncation.Dimension != prior.Dimension)
            throw new InferenceException($"the truncation box has dimension {truncation.Dimension} but the prior has dimension {prior.Dimension}.");
        Estimator = estimator;
        Prior = prior;
        Truncation = truncation;
        Limits = limits ?? new SamplingLimits();
    }

    /// <summary>The trained density estimator.</summary>
    public ConditionalDensityEstimator Estimator { get; }

    /// <summary>The prior whose support bounds the posterior.</summary>
    public IPrior Prior { get; }

    /// <summary>Box the posterior is restricted to (sequential rounds), or null.</summary>
    public ParameterBox? Truncation { get; }

    /// <summary>When sampling gives up.</summary>
    public SamplingLimits Limits { get; }

    /// <summary>Dimension of θ.</summary>
    public int Dimension => Prior.Dimension;

    /// <summary>Whether θ is in the prior support and the truncation box.</summary>
    public bool InSupport(ReadOnlySpan<double> theta) => Prior.InSupport(theta) && (Truncation?.Contains(theta) ?? true);

    /// <summary><paramref name="n"/> draws from the posterior at <paramref name="xo"/>, one per row, made as
    /// <see cref="SamplingLimits.SampleWith"/> says; throws <see cref="PosteriorSamplingException"/> when the limits are hit.</summary>
    public double[,] Sample(int n, double[] xo, int seed) => Draw(n, xo, seed).Theta;

    /// <summary>As <see cref="Sample"/>, with how the draws were made (direct or MCMC, and the direct acceptance rate).</summary>
    public PosteriorDraws Draw(int n, double[] xo, int seed)
    {
        CheckX(xo);
        if (n < 0) throw new InferenceException($"cannot draw {n} samples.");
        var stopwatch = Stopwatch.StartNew();
        if (Limits.SampleWith == PosteriorSampling.Mcmc) return new PosteriorDraws(SampleMcmc(n, xo, seed, stopwatch), PosteriorSampling.Mcmc, 0, 0);
        var direct = SampleDirect(n, xo, seed, stopwatch, out var proposed, out var inside);
        return direct is not null
            ? new PosteriorDraws(direct, PosteriorSampling.Direct, proposed, inside)
            : new PosteriorDraws(SampleMcmc(n, xo, seed, stopwatch), PosteriorSampling.Mcmc, proposed, inside);
    }

    /// <summary>Rejection sampling; null when the acceptance is too low and <see cref="PosteriorSampling.Auto"/> lets MCMC take over.</summary>
    private double[,]? SampleDirect(int n, double[] xo, int seed, Stopwatch stopwatch, out long proposed, out long inside)
    {
        var rng = new Random(seed);
        var d = Dimension;
        var result = new double[n, d];
        proposed = 0;
        inside = 0;
        var filled = 0;
        var theta = new double[d];
        while (filled < n)
        {
            var remaining = n - filled;
            var rate = proposed == 0 ? 1.0 : Math.Max((double)inside / proposed, 1e-4);
            var batch = (int)Math.Clamp(Math.Ceiling(remaining / rate * 1.1) + 16, 1, Limits.MaxBatchSize);
            var draws = Estimator.Sample(batch, xo, rng);
            for (var r = 0; r < batch; r++)
            {
                for (var j = 0; j < d; j++) theta[j] = draws[r, j];
                if (!InSupport(theta)) continue;
                inside++;
                if (filled < n)
                {
                    for (var j = 0; j < d; j++) result[filled, j] = theta[j];
                    filled++;
                }
            }
            proposed += batch;
            if (filled >= n) break;
            var acceptance = (double)inside / proposed;
            if (proposed >= Limits.MinDrawsBeforeRateCheck && acceptance < Limits.MinAcceptanceRate)
            {
                if (Limits.SampleWith == PosteriorSampling.Auto) return null;
                throw new PosteriorSamplingException(
                    $"posterior sampling gave up: only {inside} of {proposed} draws ({acceptance:P3}) fell inside the prior support " +
                    $"(limit {Limits.MinAcceptanceRate:P3}). The estimator puts most of its mass at x_o outside the prior: x_o may lie outside " +
                    "the range of the simulated data, or the estimator is undertrained; run more simulations, check x_o, " +
                    "sample with MCMC (SamplingLimits.SampleWith = Mcmc or Auto), or lower SamplingLimits.MinAcceptanceRate.",
                    proposed, inside, SamplingLimit.AcceptanceRate);
            }
            if (stopwatch.Elapsed > Limits.MaxTime)
                throw new PosteriorSamplingException(
                    $"posterior sampling stopped after {stopwatch.Elapsed.TotalSeconds:F0} s (limit {Limits.MaxTime.TotalSeconds:F0} s) with {filled} of {n} " +
                    $"draws; {acceptance:P3} of {proposed} proposals fell inside the prior support. Draw fewer samples, raise SamplingLimits.MaxTime, " +
                    "or improve the estimator (more simulations).", proposed, inside, SamplingLimit.Time);
        }
        return result;
    }

    /// <summary>
    /// Slice-sampling MCMC on q(θ | x_o) restricted to the support: chains start at prior draws (restricted to the
    /// truncation box) resampled by their weight q/p (sampling-importance-resampling, sbi's <c>init_strategy="resample"</c>).
    /// </summary>
    private double[,] SampleMcmc(int n, double[] xo, int seed, Stopwatch stopwatch)
    {
        var settings = Limits.Mcmc;
        settings.Validate();
        var d = Dimension;
        if (n == 0) return new double[0, d];
        var rng = new Random(unchecked(seed * 7919 + 104_729)); // another stream than the direct draws of the same seed
        var candidates = SupportDraws(settings.InitialCandidates, rng);
        var logQ = LogProb(candidates, xo);
        var weights = new double[logQ.Length];
        var row = new double[d];
        for (var r = 0; r < logQ.Length; r++)
        {
            for (var j = 0; j < d; j++) row[j] = candidates[r, j];
            weights[r] = logQ[r] - Prior.LogProb(row);
        }
        var top = weights.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        if (double.IsNaN(top))
            throw new InferenceException($"MCMC: the posterior density is zero at all {logQ.Length} prior draws used to start the chains.");
        var cumulative = new double[weights.Length];
        var sum = 0.0;
        for (var r = 0; r < weights.Length; r++) cumulative[r] = sum += double.IsFinite(weights[r]) ? Math.Exp(weights[r] - top) : 0;
        var start = new double[settings.Chains, d];
        for (var c = 0; c < settings.Chains; c++)
        {
            var pick = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            pick = Math.Min(pick < 0 ? ~pick : pick, weights.Length - 1);
            for (var j = 0; j < d; j++) start[c, j] = candidates[pick, j];
        }
        var region = SupportRegion();
        var width = new double[d];
        for (var j = 0; j < d; j++)
        {
            var span = region.High[j] - region.Low[j];
            width[j] = double.IsFinite(span) ? 0.1 * span : Estimator.Theta.Scale[j];
        }
        var produced = 0;
        return SliceSampler.Run(theta => LogProb(theta, xo), start, width, n, settings, rng, () =>
        {
            produced++;
            if (stopwatch.Elapsed > Limits.MaxTime)
                throw new PosteriorSamplingException(
                    $"MCMC posterior sampling stopped after {stopwatch.Elapsed.TotalSeconds:F0} s (limit {Limits.MaxTime.TotalSeconds:F0} s) after " +
                    $"{produced} of {settings.WarmupSteps + (n + settings.Chains - 1) / settings.Chains * settings.Thin} sweeps of {settings.Chains} chains. " +
                    "Draw fewer samples, run fewer warm-up sweeps (McmcSettings.WarmupSteps), or raise SamplingLimits.MaxTime.", 0, 0, SamplingLimit.Time);
        });
    }

    /// <summary>The box holding the support and the truncation.</summary>
    private ParameterBox SupportRegion()
    {
        var box = Prior is IRestrictablePrior r ? r.SupportBox : ParameterBox.Unbounded(Dimension);
        return Truncation is null ? box : box.Intersect(Truncation) ?? Truncation;
    }

    /// <summary>Prior draws inside the support and the truncation box (the restricted prior, or rejection from the prior).</summary>
    private double[,] SupportDraws(int n, Random rng)
    {
        if (Truncation is null) return Prior.Sample(n, rng);
        if (Prior is IRestrictablePrior restrictable) return restrictable.RestrictTo(Truncation).Sample(n, rng);
        var kept = new List<double[]>();
        var row = new double[Dimension];
        for (var attempt = 0; attempt < 100 && kept.Count < n; attempt++)
        {
            var draws = Prior.Sample(n, rng);
            for (var r = 0; r < n && kept.Count < n; r++)
            {
                for (var j = 0; j < row.Length; j++) row[j] = draws[r, j];
                if (InSupport(row)) kept.Add((double[])row.Clone());
            }
        }
        if (kept.Count == 0) throw new InferenceException($"MCMC: no prior draw fell inside the truncation box {Truncation} to start the chains.");
        var result = new double[kept.Count, Dimension];
        for (var r = 0; r < kept.Count; r++) for (var j = 0; j < Dimension; j++) result[r, j] = kept[r][j];
        return result;
    }

    /// <summary>log q(θᵣ | x_o) for every row; −∞ outside the support.</summary>
    public double[] LogProb(double[,] theta, double[] xo)
    {
        CheckX(xo);
        var n = theta.GetLength(0);
        var row = new double[Dimension];
        var inside = new List<int>(n);
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < row.Length; j++) row[j] = theta[r, j];
            if (InSupport(row)) inside.Add(r);
        }
        var values = new double[n];
        Array.Fill(values, double.NegativeInfinity);
        if (inside.Count == 0) return values;
        var evaluated = Estimator.LogProb(inside.Count == n ? theta : Rows.Select(theta, inside), xo);
        for (var i = 0; i < inside.Count; i++) values[inside[i]] = evaluated[i];
        return values;
    }

    /// <summary>log q(θ | x_o); −∞ outside the support.</summary>
    public double LogProb(double[] theta, double[] xo) => LogProb(Rows.FromRow(theta), xo)[0];

    /// <summary>The most probable of <paramref name="n"/> posterior draws (CompNeuroPy's choice of best parameters
    /// in seed mode: the highest-probability sample among 10,000).</summary>
    public MapEstimate MostProbableSample(int n, double[] xo, int seed)
    {
        if (n < 1) throw new InferenceException($"need at least one draw (got {n}).");
        var samples = Sample(n, xo, seed);
        var logProb = LogProb(samples, xo);
        var best = 0;
        for (var r = 1; r < n; r++) if (logProb[r] > logProb[best]) best = r;
        return new MapEstimate(Rows.Get(samples, best), logProb[best]);
    }

    /// <summary>Fraction of the estimator's mass at x_o inside the support, from <paramref name="draws"/> draws.</summary>
    public double AcceptanceRate(double[] xo, int draws, int seed)
    {
        CheckX(xo);
        var samples = Estimator.Sample(draws, xo, new Random(seed));
        var row = new double[Dimension];
        var inside = 0;
        for (var r = 0; r < draws; r++)
        {
            for (var j = 0; j < row.Length; j++) row[j] = samples[r, j];
            if (InSupport(row)) inside++;
        }
        return draws == 0 ? double.NaN : (double)inside / draws;
    }

    /// <summary>
    /// The maximum of log q(θ | x_o) inside the support: the best <see cref="MapSettings.Starts"/> of
    /// <see cref="MapSettings.InitialSamples"/> posterior draws, each refined by Adam gradient ascent on log q (a step
    /// that would leave the support is undone and that start's step size halved); the best point seen is returned.
    /// </summary>
    public MapEstimate Map(double[] xo, int seed, MapSettings? settings = null)
    {
        settings ??= new MapSettings();
        if (settings.InitialSamples < 1 || settings.Starts < 1 || settings.Iterations < 0 || !(settings.LearningRate > 0))
            throw new InferenceException("MAP settings need InitialSamples ≥ 1, Starts ≥ 1, Iterations ≥ 0 and LearningRate > 0.");
        var d = Dimension;
        var samples = Sample(settings.InitialSamples, xo, seed);
        var logProb = LogProb(samples, xo);
        var starts = Enumerable.Range(0, samples.GetLength(0)).OrderByDescending(r => logProb[r]).ThenBy(r => r)
            .Take(settings.Starts).ToArray();
        var bestTheta = Rows.Get(samples, starts[0]);
        var bestLogProb = logProb[starts[0]];
        var s = starts.Length;
        var position = Rows.Select(samples, starts);
        var candidate = new double[s, d];
        var gradient = new double[s, d];
        var candidateGradient = new double[s, d];
        var m = new double[s, d];
        var v = new double[s, d];
        var rate = Enumerable.Repeat(settings.LearningRate, s).ToArray();
        var std = Estimator.Theta.Scale;
        var row = new double[d];
        Estimator.LogProbWithGradient(position, xo, gradient);
        for (var t = 1; t <= settings.Iterations; t++)
        {
            double c1 = 1 - Math.Pow(0.9, t), c2 = 1 - Math.Pow(0.999, t);
            for (var i = 0; i < s; i++)
                for (var j = 0; j < d; j++)
                {
                    // Ascent in standardised coordinates: the gradient w.r.t. θ/std is std·∂/∂θ.
                    var g = gradient[i, j] * std[j];
                    m[i, j] = 0.9 * m[i, j] + 0.1 * g;
                    v[i, j] = 0.999 * v[i, j] + 0.001 * g * g;
                    candidate[i, j] = position[i, j] + rate[i] * std[j] * (m[i, j] / c1) / (Math.Sqrt(v[i, j] / c2) + 1e-8);
                }
            var candidateLogProb = Estimator.LogProbWithGradient(candidate, xo, candidateGradient);
            for (var i = 0; i < s; i++)
            {
                for (var j = 0; j < d; j++) row[j] = candidate[i, j];
                if (!InSupport(row) || !double.IsFinite(candidateLogProb[i]))
                {
                    rate[i] *= 0.5;
                    continue;
                }
                for (var j = 0; j < d; j++)
                {
                    position[i, j] = candidate[i, j];
                    gradient[i, j] = candidateGradient[i, j];
                }
                if (candidateLogProb[i] > bestLogProb)
                {
                    bestLogProb = candidateLogProb[i];
                    bestTheta = (double[])row.Clone();
                }
            }
        }
        return new MapEstimate(bestTheta, bestLogProb);
    }

    private void CheckX(double[] xo)
    {
        if (xo.Length != Estimator.XDimension)
            throw new InferenceException($"x_o has {xo.Length} values but the posterior was trained on x of dimension {Estimator.XDimension}.");
        if (xo.Any(v => !double.IsFinite(v))) throw new InferenceException("x_o has a NaN or ±∞; the posterior is only defined for finite observations.");
    }
}
