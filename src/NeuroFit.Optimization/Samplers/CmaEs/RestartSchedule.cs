using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Samplers.CmaEs;

/// <summary>One CMA-ES run of a restart strategy: its index (0 = the first run), population size, initial step size
/// and mean in the unit cube, regime, and — for BIPOP's small runs — the most generations it may use.</summary>
internal sealed record CmaRun(int Index, int Lambda, double Sigma, double[] Mean, CmaRunRegime Regime, int? MaxGenerations);

internal enum CmaRunRegime
{
    /// <summary>The first run (BIPOP counts its evaluations as the small regime's, as pycma does).</summary>
    First,
    Large,
    Small,
}

/// <summary>
/// Which run comes after which (IPOP: Auger &amp; Hansen 2005; BIPOP: Hansen 2009, with pycma's budget rules). The
/// schedule is a function of the seed and of how many evaluations each finished run used, so replaying the stored
/// generations gives the same runs. Run r's random draws (mean, and BIPOP's λ and σ) come from the stream
/// (seed, restart stream, r).
/// </summary>
internal sealed class RestartSchedule
{
    /// <summary>Ceiling of λ when <see cref="CmaEsSettings.MaxPopulationSize"/> is not given: a generation is one batch,
    /// and the engine holds λ·n numbers per generation.</summary>
    public const int PopulationCeiling = 1 << 20;

    private const long RestartStream = -2; // below every generation number, so never a member's stream

    private readonly CmaEsSettings _s;
    private readonly long _seed;
    private readonly int _n;
    private readonly int _lambda0;
    private readonly int _maxLambda;
    private long _smallEvals, _largeEvals;

    public RestartSchedule(CmaEsSettings settings, int dimension, double[] firstMean)
    {
        _s = settings;
        _seed = settings.Seed;
        _n = dimension;
        _lambda0 = settings.PopulationSize ?? CmaEngine.DefaultPopulationSize(dimension);
        _maxLambda = settings.MaxPopulationSize ?? PopulationCeiling;
        Current = new CmaRun(0, _lambda0, settings.Sigma0, firstMean, CmaRunRegime.First, null);
    }

    public CmaRun Current { get; private set; }

    /// <summary>Large-population restarts so far (k of λ_large = λ0·factor^k).</summary>
    public int LargeRestarts { get; private set; }

    /// <summary>Ends the current run, which used <paramref name="evaluations"/> evaluations, and moves to the next;
    /// false when the restart limit is reached (then <see cref="Current"/> stays the last run).</summary>
    public bool Advance(long evaluations)
    {
        if (Current.Regime == CmaRunRegime.Large) _largeEvals += evaluations;
        else _smallEvals += evaluations;
        var index = Current.Index + 1;
        var rng = Rng.For(_seed, CmaEsSampler.CmaStream, RestartStream, index);
        var mean = new double[_n];
        for (var i = 0; i < _n; i++) mean[i] = rng.NextDouble();

        if (_s.Restarts == CmaEsRestarts.Bipop && _smallEvals < _largeEvals)
        {
            // small regime: λ_s = ⌊λ0·(λ_last_large/λ0)^(U²)⌋ (= ⌊λ0·(½·λ_next_large/λ0)^(U²)⌋ for factor 2), σ_s = σ0·10^(−2U')
            var u = rng.NextDouble();
            var lambda = Clamp(Math.Floor(_lambda0 * Math.Pow(Math.Pow(_s.PopulationIncrease, LargeRestarts), u * u)));
            var sigma = _s.Sigma0 * Math.Pow(10, -2 * rng.NextDouble());
            var maxGenerations = (int)Math.Max(1, Math.Min(int.MaxValue, Math.Floor(0.5 * _largeEvals / lambda)));
            Current = new CmaRun(index, lambda, sigma, mean, CmaRunRegime.Small, maxGenerations);
            return true;
        }
        if (_s.MaxRestarts is { } max && LargeRestarts >= max) return false;
        LargeRestarts++;
        Current = new CmaRun(index, Clamp(Math.Floor(_lambda0 * Math.Pow(_s.PopulationIncrease, LargeRestarts))), _s.Sigma0, mean,
            CmaRunRegime.Large, null);
        return true;
    }

    private int Clamp(double lambda) => (int)Math.Max(_lambda0, Math.Min(_maxLambda, lambda));
}
