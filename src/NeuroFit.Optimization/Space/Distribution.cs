using System.Text.Json.Nodes;
using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Space;

/// <summary>
/// The prior of one parameter. As in Optuna, every value has an internal representation as a <see cref="double"/>:
/// for numeric distributions it is the value itself (integers as integral doubles, log distributions as the value,
/// not its log); for <see cref="ChoiceDistribution"/> it is the option's index. The hyperopt primitive each record
/// mirrors is named in its documentation.
/// </summary>
public abstract record Distribution
{
    /// <summary>hyperopt's name of the primitive (<c>uniform</c>, <c>qloguniform</c>, <c>choice</c>, …).</summary>
    public abstract string Kind { get; }

    /// <summary>True when the value is an option index (choice) or an integer category (randint).</summary>
    public virtual bool IsCategorical => false;

    /// <summary>True when the internal value must be integral.</summary>
    public virtual bool IsInteger => false;

    /// <summary>Whether <paramref name="internalValue"/> is a value this distribution can produce.</summary>
    public abstract bool Contains(double internalValue);

    /// <summary>The user-facing value of an internal value (the option for a choice; the number otherwise).</summary>
    public virtual object? ToExternal(double internalValue) => internalValue;

    /// <summary>The internal value of a user-facing value; throws <see cref="SearchSpaceException"/> when invalid.</summary>
    public virtual double ToInternal(object? external) => external switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => throw new SearchSpaceException($"value '{external}' is not a number ({Kind} distribution)"),
    };

    /// <summary>A draw from the prior (what hyperopt's <c>rand.suggest</c> does).</summary>
    internal abstract double SamplePrior(Rng rng);

    /// <summary>The value at prior quantile <paramref name="u"/> ∈ [0, 1] (Sobol points, CMA-ES unit coordinates).
    /// Linear in the (log-)range for uniform kinds; the inverse CDF for normal kinds.</summary>
    internal abstract double FromUnit(double u);

    /// <summary>Inverse of <see cref="FromUnit"/> (the prior quantile of a value), used for user-given CMA-ES means.</summary>
    internal abstract double ToUnit(double internalValue);

    internal abstract void WriteJson(JsonText w);

    internal static double Quantize(double x, double q) => Math.Round(x / q, MidpointRounding.ToEven) * q;

    internal static double ClampUnitOpen(double u) => Math.Clamp(u, 1e-12, 1 - 1e-12);

    internal static void CheckFinite(double v, string what)
    {
        if (!double.IsFinite(v)) throw new SearchSpaceException($"{what} must be a finite number, got {v}");
    }

    internal static void CheckRange(double low, double high, string what)
    {
        CheckFinite(low, $"{what} low");
        CheckFinite(high, $"{what} high");
        if (low == high)
            throw new SearchSpaceException($"{what} bounds are equal (low == high == {low}); give a range with low < high, or make the parameter a constant");
        if (low > high)
            throw new SearchSpaceException($"{what} bounds are reversed (low {low} > high {high}); write them as low, high");
    }

    internal static void CheckPositive(double v, string what)
    {
        CheckFinite(v, what);
        if (v <= 0) throw new SearchSpaceException($"{what} must be > 0, got {v}");
    }
}

/// <summary><c>hp.uniform(label, low, high)</c>: uniform on [Low, High).</summary>
public sealed record UniformDistribution : Distribution
{
    /// <summary>Creates the distribution; throws on non-finite or empty bounds.</summary>
    public UniformDistribution(double low, double high) { CheckRange(low, high, "uniform"); Low = low; High = high; }
    /// <summary>Lower bound.</summary>
    public double Low { get; }
    /// <summary>Upper bound.</summary>
    public double High { get; }
    /// <inheritdoc/>
    public override string Kind => "uniform";
    /// <inheritdoc/>
    public override bool Contains(double v) => v >= Low && v <= High;
    internal override double SamplePrior(Rng rng) => rng.Uniform(Low, High);
    internal override double FromUnit(double u) => Math.Clamp(Low + u * (High - Low), Low, High);
    internal override double ToUnit(double v) => Math.Clamp((v - Low) / (High - Low), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("low", Low).Property("high", High);
}

/// <summary><c>hp.quniform(label, low, high, q)</c>: round(uniform(low, high)/q)·q.</summary>
public sealed record QUniformDistribution : Distribution
{
    /// <summary>Creates the distribution; throws on invalid bounds or q ≤ 0.</summary>
    public QUniformDistribution(double low, double high, double q)
    {
        CheckRange(low, high, "quniform"); CheckPositive(q, "quniform q");
        Low = low; High = high; Q = q;
    }
    /// <summary>Lower bound (before quantisation).</summary>
    public double Low { get; }
    /// <summary>Upper bound (before quantisation).</summary>
    public double High { get; }
    /// <summary>Quantisation step.</summary>
    public double Q { get; }
    /// <summary>True for <c>hp.uniformint</c> (q = 1 and integer bounds).</summary>
    public override bool IsInteger => Q == 1 && Math.Floor(Low) == Low && Math.Floor(High) == High;
    /// <inheritdoc/>
    public override string Kind => "quniform";
    /// <inheritdoc/>
    public override bool Contains(double v) =>
        v >= Quantize(Low, Q) - 1e-9 * Q && v <= Quantize(High, Q) + 1e-9 * Q && Math.Abs(Quantize(v, Q) - v) <= 1e-9 * Math.Max(1, Math.Abs(v));
    internal override double SamplePrior(Rng rng) => Quantize(rng.Uniform(Low, High), Q);
    internal override double FromUnit(double u) => Quantize(Math.Clamp(Low + u * (High - Low), Low, High), Q);
    internal override double ToUnit(double v) => Math.Clamp((v - Low) / (High - Low), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("low", Low).Property("high", High).Property("q", Q);
}

/// <summary><c>hp.loguniform(label, low, high)</c>: exp(uniform(low, high)); the bounds are in LOG space, as in hyperopt.</summary>
public sealed record LogUniformDistribution : Distribution
{
    /// <summary>Creates the distribution from log-space bounds.</summary>
    public LogUniformDistribution(double logLow, double logHigh) { CheckRange(logLow, logHigh, "loguniform (log-space)"); LogLow = logLow; LogHigh = logHigh; }
    /// <summary>log of the smallest value.</summary>
    public double LogLow { get; }
    /// <summary>log of the largest value.</summary>
    public double LogHigh { get; }
    /// <inheritdoc/>
    public override string Kind => "loguniform";
    /// <inheritdoc/>
    public override bool Contains(double v) => v > 0 && Math.Log(v) >= LogLow - 1e-12 && Math.Log(v) <= LogHigh + 1e-12;
    internal override double SamplePrior(Rng rng) => Math.Exp(rng.Uniform(LogLow, LogHigh));
    internal override double FromUnit(double u) => Math.Exp(Math.Clamp(LogLow + u * (LogHigh - LogLow), LogLow, LogHigh));
    internal override double ToUnit(double v) => Math.Clamp((Math.Log(v) - LogLow) / (LogHigh - LogLow), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("low", LogLow).Property("high", LogHigh);
}

/// <summary><c>hp.qloguniform(label, low, high, q)</c>: round(exp(uniform(low, high))/q)·q, log-space bounds.</summary>
public sealed record QLogUniformDistribution : Distribution
{
    /// <summary>Creates the distribution from log-space bounds and a step.</summary>
    public QLogUniformDistribution(double logLow, double logHigh, double q)
    {
        CheckRange(logLow, logHigh, "qloguniform (log-space)"); CheckPositive(q, "qloguniform q");
        LogLow = logLow; LogHigh = logHigh; Q = q;
    }
    /// <summary>log of the smallest value.</summary>
    public double LogLow { get; }
    /// <summary>log of the largest value.</summary>
    public double LogHigh { get; }
    /// <summary>Quantisation step.</summary>
    public double Q { get; }
    /// <inheritdoc/>
    public override string Kind => "qloguniform";
    /// <inheritdoc/>
    public override bool Contains(double v) => v >= 0 && Math.Abs(Quantize(v, Q) - v) <= 1e-9 * Math.Max(1, Math.Abs(v)) && v <= Quantize(Math.Exp(LogHigh), Q) + 1e-9 * Q;
    internal override double SamplePrior(Rng rng) => Quantize(Math.Exp(rng.Uniform(LogLow, LogHigh)), Q);
    internal override double FromUnit(double u) => Quantize(Math.Exp(Math.Clamp(LogLow + u * (LogHigh - LogLow), LogLow, LogHigh)), Q);
    internal override double ToUnit(double v) => Math.Clamp((Math.Log(Math.Max(v, Math.Exp(LogLow))) - LogLow) / (LogHigh - LogLow), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("low", LogLow).Property("high", LogHigh).Property("q", Q);
}

/// <summary><c>hp.normal(label, mu, sigma)</c>: unbounded normal.</summary>
public sealed record NormalDistribution : Distribution
{
    /// <summary>Creates the distribution; sigma must be &gt; 0.</summary>
    public NormalDistribution(double mu, double sigma) { CheckFinite(mu, "normal mu"); CheckPositive(sigma, "normal sigma"); Mu = mu; Sigma = sigma; }
    /// <summary>Mean.</summary>
    public double Mu { get; }
    /// <summary>Standard deviation.</summary>
    public double Sigma { get; }
    /// <inheritdoc/>
    public override string Kind => "normal";
    /// <inheritdoc/>
    public override bool Contains(double v) => double.IsFinite(v);
    internal override double SamplePrior(Rng rng) => Mu + Sigma * rng.NextGaussian();
    internal override double FromUnit(double u) => Mu + Sigma * NormalMath.PhiInv(ClampUnitOpen(u));
    internal override double ToUnit(double v) => Math.Clamp(NormalMath.Phi((v - Mu) / Sigma), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("mu", Mu).Property("sigma", Sigma);
}

/// <summary><c>hp.qnormal(label, mu, sigma, q)</c>: round(normal(mu, sigma)/q)·q.</summary>
public sealed record QNormalDistribution : Distribution
{
    /// <summary>Creates the distribution; sigma and q must be &gt; 0.</summary>
    public QNormalDistribution(double mu, double sigma, double q)
    {
        CheckFinite(mu, "qnormal mu"); CheckPositive(sigma, "qnormal sigma"); CheckPositive(q, "qnormal q");
        Mu = mu; Sigma = sigma; Q = q;
    }
    /// <summary>Mean.</summary>
    public double Mu { get; }
    /// <summary>Standard deviation.</summary>
    public double Sigma { get; }
    /// <summary>Quantisation step.</summary>
    public double Q { get; }
    /// <inheritdoc/>
    public override string Kind => "qnormal";
    /// <inheritdoc/>
    public override bool Contains(double v) => double.IsFinite(v) && Math.Abs(Quantize(v, Q) - v) <= 1e-9 * Math.Max(1, Math.Abs(v));
    internal override double SamplePrior(Rng rng) => Quantize(Mu + Sigma * rng.NextGaussian(), Q);
    internal override double FromUnit(double u) => Quantize(Mu + Sigma * NormalMath.PhiInv(ClampUnitOpen(u)), Q);
    internal override double ToUnit(double v) => Math.Clamp(NormalMath.Phi((v - Mu) / Sigma), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("mu", Mu).Property("sigma", Sigma).Property("q", Q);
}

/// <summary><c>hp.lognormal(label, mu, sigma)</c>: exp(normal(mu, sigma)).</summary>
public sealed record LogNormalDistribution : Distribution
{
    /// <summary>Creates the distribution (mu, sigma of the log).</summary>
    public LogNormalDistribution(double mu, double sigma) { CheckFinite(mu, "lognormal mu"); CheckPositive(sigma, "lognormal sigma"); Mu = mu; Sigma = sigma; }
    /// <summary>Mean of the log.</summary>
    public double Mu { get; }
    /// <summary>Standard deviation of the log.</summary>
    public double Sigma { get; }
    /// <inheritdoc/>
    public override string Kind => "lognormal";
    /// <inheritdoc/>
    public override bool Contains(double v) => v > 0 && double.IsFinite(v);
    internal override double SamplePrior(Rng rng) => Math.Exp(Mu + Sigma * rng.NextGaussian());
    internal override double FromUnit(double u) => Math.Exp(Mu + Sigma * NormalMath.PhiInv(ClampUnitOpen(u)));
    internal override double ToUnit(double v) => Math.Clamp(NormalMath.Phi((Math.Log(v) - Mu) / Sigma), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("mu", Mu).Property("sigma", Sigma);
}

/// <summary><c>hp.qlognormal(label, mu, sigma, q)</c>: round(exp(normal(mu, sigma))/q)·q.</summary>
public sealed record QLogNormalDistribution : Distribution
{
    /// <summary>Creates the distribution (mu, sigma of the log; q &gt; 0).</summary>
    public QLogNormalDistribution(double mu, double sigma, double q)
    {
        CheckFinite(mu, "qlognormal mu"); CheckPositive(sigma, "qlognormal sigma"); CheckPositive(q, "qlognormal q");
        Mu = mu; Sigma = sigma; Q = q;
    }
    /// <summary>Mean of the log.</summary>
    public double Mu { get; }
    /// <summary>Standard deviation of the log.</summary>
    public double Sigma { get; }
    /// <summary>Quantisation step.</summary>
    public double Q { get; }
    /// <inheritdoc/>
    public override string Kind => "qlognormal";
    /// <inheritdoc/>
    public override bool Contains(double v) => v >= 0 && double.IsFinite(v) && Math.Abs(Quantize(v, Q) - v) <= 1e-9 * Math.Max(1, Math.Abs(v));
    internal override double SamplePrior(Rng rng) => Quantize(Math.Exp(Mu + Sigma * rng.NextGaussian()), Q);
    internal override double FromUnit(double u) => Quantize(Math.Exp(Mu + Sigma * NormalMath.PhiInv(ClampUnitOpen(u))), Q);
    internal override double ToUnit(double v) => Math.Clamp(NormalMath.Phi((Math.Log(Math.Max(v, 1e-300)) - Mu) / Sigma), 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("mu", Mu).Property("sigma", Sigma).Property("q", Q);
}

/// <summary><c>hp.randint(label, low, high)</c>: integer uniform on [Low, High) (High exclusive, as hyperopt).</summary>
public sealed record RandIntDistribution : Distribution
{
    /// <summary>Creates the distribution; needs Low &lt; High.</summary>
    public RandIntDistribution(long low, long high)
    {
        if (low >= high) throw new SearchSpaceException($"randint needs low < high (high is exclusive), got low {low}, high {high}");
        Low = low; High = high;
    }
    /// <summary>Smallest value.</summary>
    public long Low { get; }
    /// <summary>One past the largest value.</summary>
    public long High { get; }
    /// <summary>Number of values.</summary>
    public long Count => High - Low;
    /// <inheritdoc/>
    public override string Kind => "randint";
    /// <inheritdoc/>
    public override bool IsCategorical => true;
    /// <inheritdoc/>
    public override bool IsInteger => true;
    /// <inheritdoc/>
    public override bool Contains(double v) => v >= Low && v < High && Math.Floor(v) == v;
    internal override double SamplePrior(Rng rng) => Low + rng.NextLong(Count);
    internal override double FromUnit(double u) => Low + Math.Clamp((long)Math.Floor(u * Count), 0, Count - 1);
    internal override double ToUnit(double v) => Math.Clamp((v - Low + 0.5) / Count, 0, 1);
    internal override void WriteJson(JsonText w) => w.Property("kind", Kind).Property("low", Low).Property("high", High);
}

/// <summary><c>hp.choice(label, options)</c>: one of the options, uniformly a priori. The internal value is the
/// option's index. Options must be numbers, strings, booleans or null (they are stored as JSON).</summary>
public sealed record ChoiceDistribution : Distribution
{
    private readonly object?[] _options;

    /// <summary>Creates the distribution; needs at least one option.</summary>
    public ChoiceDistribution(IReadOnlyList<object?> options)
    {
        if (options is null || options.Count == 0) throw new SearchSpaceException("choice needs at least one option");
        _options = new object?[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            _options[i] = options[i] switch
            {
                null => null,
                string s => s,
                bool b => b,
                int n => (long)n,
                long n => n,
                double d when double.IsFinite(d) => d,
                float f when float.IsFinite(f) => (double)f,
                var o => throw new SearchSpaceException($"choice option #{i} '{o}' has type {o.GetType().Name}; use numbers, strings, booleans or null"),
            };
        }
    }

    /// <summary>The options in order.</summary>
    public IReadOnlyList<object?> Options => _options;
    /// <inheritdoc/>
    public override string Kind => "choice";
    /// <inheritdoc/>
    public override bool IsCategorical => true;
    /// <inheritdoc/>
    public override bool IsInteger => true;
    /// <inheritdoc/>
    public override bool Contains(double v) => v >= 0 && v < _options.Length && Math.Floor(v) == v;
    /// <inheritdoc/>
    public override object? ToExternal(double internalValue) => _options[(int)internalValue];
    /// <inheritdoc/>
    public override double ToInternal(object? external)
    {
        for (var i = 0; i < _options.Length; i++)
        {
            if (Equals(_options[i], external)) return i;
            if (_options[i] is long l && external is int n && l == n) return i;
            if (_options[i] is double d && external is not null && external is not string && external is not bool &&
                Convert.ToDouble(external, System.Globalization.CultureInfo.InvariantCulture) == d) return i;
        }
        throw new SearchSpaceException($"'{external}' is not one of the choice options [{string.Join(", ", _options)}]");
    }
    /// <summary>Value equality over the options.</summary>
    public bool Equals(ChoiceDistribution? other) => other is not null && _options.SequenceEqual(other._options);
    /// <inheritdoc/>
    public override int GetHashCode() => _options.Length;
    internal override double SamplePrior(Rng rng) => rng.NextLong(_options.Length);
    internal override double FromUnit(double u) => Math.Clamp((long)Math.Floor(u * _options.Length), 0, _options.Length - 1);
    internal override double ToUnit(double v) => Math.Clamp((v + 0.5) / _options.Length, 0, 1);
    internal override void WriteJson(JsonText w)
    {
        w.Property("kind", Kind).Name("options").BeginArray();
        foreach (var o in _options)
            _ = o switch
            {
                null => w.Null(),
                string s => w.Value(s),
                bool b => w.Value(b),
                long l => w.Value(l),
                double d => w.Value(d),
                _ => throw new InvalidOperationException("unreachable option type"),
            };
        w.EndArray();
    }
}
