using System.Text.Json.Nodes;
using NeuroFit.Optimization.Samplers.CmaEs;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers;

/// <summary>
/// CMA-ES (the <c>cmaes</c> library's formulas) in the unit cube: every parameter is mapped to [0, 1] by its prior
/// quantile (linear for uniform kinds, log-linear for log kinds, the normal CDF for normal kinds; choice/randint by
/// equal-width cells), bounds are respected by resampling then clipping. One generation (λ trials) is one batch; the
/// update happens when every member is finished (failed members rank last). The state is rebuilt by replaying the
/// stored generations, so a resumed study or a second worker continues exactly. With <see cref="Restarts"/> the
/// search restarts from a fresh random mean whenever a run converges or stagnates (IPOP, BIPOP), within the study's
/// budget; every restart's generation is still one batch.
/// </summary>
public sealed record CmaEsSettings : SamplerSettings
{
    /// <summary>Initial step size in the unit cube; default 0.25 (CompNeuroPy's deap default: 25 % of each range).
    /// Optuna's default would be 1/6.</summary>
    public double Sigma0 { get; init; } = 0.25;

    /// <summary>Initial mean as parameter values (internal representation); null = centre of the cube, unless
    /// <see cref="RandomInitialMean"/>.</summary>
    public IReadOnlyDictionary<string, double>? InitialMean { get; init; }

    /// <summary>Draw the initial mean uniformly in the cube from the seed (CompNeuroPy draws p0 uniformly in the bounds).</summary>
    public bool RandomInitialMean { get; init; }

    /// <summary>λ; null = 4 + ⌊3 ln n⌋.</summary>
    public int? PopulationSize { get; init; }

    /// <summary>Resampling attempts before clipping to the bounds (cmaes default 100; Optuna passes 10·n).</summary>
    public int MaxResampling { get; init; } = 100;

    /// <summary>Stop (the study reports the sampler finished) when a cmaes stop tolerance is met. When false, the
    /// search goes on with the degenerate distribution.</summary>
    public bool StopOnConvergence { get; init; } = true;

    /// <summary>Restart strategy (default <see cref="CmaEsRestarts.None"/>: the study ends when the run converges).
    /// <see cref="CmaEsRestarts.Ipop"/> restarts with the population multiplied by <see cref="PopulationIncrease"/>;
    /// <see cref="CmaEsRestarts.Bipop"/> interleaves such large runs with short small-population, small-step runs.
    /// Restarts need <see cref="StopOnConvergence"/> (the stop tolerances trigger them).</summary>
    public CmaEsRestarts Restarts { get; init; }

    /// <summary>Most restarts after the first run; null = no limit (the study's budget ends the run). For BIPOP this
    /// counts the large-population restarts only (as pycma's <c>restarts</c>); the small runs between them are extra.
    /// When the limit is reached the study ends with <see cref="AskStatus.SamplerFinished"/>.</summary>
    public int? MaxRestarts { get; init; }

    /// <summary>Largest λ a restart may use; null = no limit. Restarts beyond it keep this λ.</summary>
    public int? MaxPopulationSize { get; init; }

    /// <summary>Factor by which each large-population restart multiplies λ (IPOP, BIPOP); default 2.</summary>
    public double PopulationIncrease { get; init; } = 2;

    /// <inheritdoc/>
    public override string Method => "cmaes";

    internal override Sampler CreateSampler(SearchSpace space)
    {
        if (!(Sigma0 > 0) || !double.IsFinite(Sigma0)) throw new ArgumentException($"CMA-ES Sigma0 must be > 0, got {Sigma0}");
        if (PopulationSize is < 2) throw new ArgumentException($"CMA-ES PopulationSize must be >= 2, got {PopulationSize}");
        if (MaxResampling < 0) throw new ArgumentException($"CMA-ES MaxResampling must be >= 0, got {MaxResampling}");
        if (!Enum.IsDefined(Restarts)) throw new ArgumentException($"CMA-ES Restarts must be None, Ipop or Bipop, got {(int)Restarts}");
        if (Restarts != CmaEsRestarts.None)
        {
            if (!StopOnConvergence) throw new ArgumentException($"CMA-ES Restarts = {Restarts} needs StopOnConvergence = true: the stop tolerances are what triggers a restart");
            if (MaxRestarts is < 0) throw new ArgumentException($"CMA-ES MaxRestarts must be >= 0 (or null for no limit), got {MaxRestarts}");
            if (!(PopulationIncrease > 1) || !double.IsFinite(PopulationIncrease)) throw new ArgumentException($"CMA-ES PopulationIncrease must be > 1, got {PopulationIncrease}");
            var lambda0 = PopulationSize ?? CmaEngine.DefaultPopulationSize(space.Count);
            if (MaxPopulationSize is { } max && max < lambda0)
                throw new ArgumentException($"CMA-ES MaxPopulationSize ({max}) is below the first run's population size ({lambda0}); raise it or leave it null");
        }
        if (InitialMean is { } m)
            foreach (var key in m.Keys)
                if (!space.Contains(key)) throw new SearchSpaceException($"CMA-ES initial mean names a parameter that is not in the search space (known: {string.Join(", ", space.Names)})", key);
        return new CmaEsSampler(space, this);
    }

    internal override void WriteOptions(JsonText w)
    {
        w.Property("sigma0", Sigma0);
        if (InitialMean is { } m)
        {
            w.Name("initial_mean").BeginObject();
            foreach (var (k, v) in m) w.Property(k, v);
            w.EndObject();
        }
        w.Property("random_initial_mean", RandomInitialMean);
        if (PopulationSize is { } p) w.Property("population_size", p);
        w.Property("max_resampling", MaxResampling).Property("stop_on_convergence", StopOnConvergence);
        if (Restarts == CmaEsRestarts.None) return; // studies without restarts keep the JSON they always had
        w.Property("restarts", Restarts == CmaEsRestarts.Ipop ? "ipop" : "bipop");
        if (MaxRestarts is { } r) w.Property("max_restarts", r);
        if (MaxPopulationSize is { } p2) w.Property("max_population_size", p2);
        w.Property("population_increase", PopulationIncrease);
    }

    internal static CmaEsSettings Read(JsonObject o) => new()
    {
        Sigma0 = ReadDouble(o, "sigma0") ?? 0.25,
        InitialMean = o["initial_mean"] is JsonObject m ? m.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()) : null,
        RandomInitialMean = ReadBool(o, "random_initial_mean") ?? false,
        PopulationSize = ReadInt(o, "population_size"),
        MaxResampling = ReadInt(o, "max_resampling") ?? 100,
        StopOnConvergence = ReadBool(o, "stop_on_convergence") ?? true,
        Restarts = o["restarts"] is JsonValue r ? ParseRestarts(r.GetValue<string>()) : CmaEsRestarts.None,
        MaxRestarts = ReadInt(o, "max_restarts"),
        MaxPopulationSize = ReadInt(o, "max_population_size"),
        PopulationIncrease = ReadDouble(o, "population_increase") ?? 2,
    };

    private static CmaEsRestarts ParseRestarts(string s) => s switch
    {
        "none" => CmaEsRestarts.None,
        "ipop" => CmaEsRestarts.Ipop,
        "bipop" => CmaEsRestarts.Bipop,
        _ => throw new ArgumentException($"sampler settings JSON: unknown CMA-ES restart strategy '{s}' (known: none, ipop, bipop)"),
    };
}

/// <summary>CMA-ES restart strategies.</summary>
public enum CmaEsRestarts
{
    /// <summary>One run; the study ends when it converges.</summary>
    None,

    /// <summary>IPOP-CMA-ES (Auger &amp; Hansen 2005): restart from a uniform random mean with λ multiplied by
    /// <see cref="CmaEsSettings.PopulationIncrease"/> each time.</summary>
    Ipop,

    /// <summary>BIPOP-CMA-ES (Hansen 2009): large-population restarts as IPOP, interleaved with small-population runs
    /// (random λ between the default and half the last large λ, step size σ0·10^(−2U)); whichever regime has used fewer
    /// evaluations runs next.</summary>
    Bipop,
}
