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

    /// <summary><paramref name="n"/> draws from the posterior at <paramref name="xo"/>, one per row; throws
    /// <see cref="PosteriorSamplingException"/> when the limits are hit.</summary>
    public double[,] Sample(int n, double[] xo, int seed)
    {
        CheckX(xo);
        if (n < 0) throw new InferenceException($"cannot draw {n} samples.");
        var rng = new Random(seed);
        var d = Dimension;
        var result = new double[n, d];
        long proposed = 0, inside = 0;
        var filled = 0;
        var stopwatch = Stopwatch.StartNew();
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
                throw new PosteriorSamplingException(
                    $"posterior sampling gave up: only {inside} of {proposed} draws ({acceptance:P3}) fell inside the prior support " +
                    $"(limit {Limits.MinAcceptanceRate:P3}). The estimator puts most of its mass at x_o outside the prior: x_o may lie outside " +
                    "the range of the simulated data, or the estimator is undertrained; run more simulations, check x_o, " +
                    "or lower SamplingLimits.MinAcceptanceRate.", proposed, inside);
            if (stopwatch.Elapsed > Limits.MaxTime)
                throw new PosteriorSamplingException(
                    $"posterior sampling stopped after {stopwatch.Elapsed.TotalSeconds:F0} s (limit {Limits.MaxTime.TotalSeconds:F0} s) with {filled} of {n} " +
                    $"draws; {acceptance:P3} of {proposed} proposals fell inside the prior support. Draw fewer samples, raise SamplingLimits.MaxTime, " +
                    "or improve the estimator (more simulations).", proposed, inside);
        }
        return result;
    }

    /// <summary>log q(θᵣ | x_o) for every row; −∞ outside the support.</summary>
    public double[] LogProb(double[,] theta, double[] xo)
    {
        CheckX(xo);
        var values = Estimator.LogProb(theta, xo);
        var row = new double[Dimension];
        for (var r = 0; r < values.Length; r++)
        {
            for (var j = 0; j < row.Length; j++) row[j] = theta[r, j];
            if (!InSupport(row)) values[r] = double.NegativeInfinity;
        }
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
