using System.Text.Json.Nodes;
using NeuroFit.Optimization.Samplers.CmaEs;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers;

/// <summary>
/// CMA-ES (the <c>cmaes</c> library's formulas) in the unit cube: every parameter is mapped to [0, 1] by its prior
/// quantile (linear for uniform kinds, log-linear for log kinds, the normal CDF for normal kinds; choice/randint by
/// equal-width cells), bounds are respected by resampling then clipping. One generation (λ trials) is one batch; the
/// update happens when every member is finished (failed members rank last). The state is rebuilt by replaying the
/// stored generations, so a resumed study or a second worker continues exactly.
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

    /// <inheritdoc/>
    public override string Method => "cmaes";

    internal override Sampler CreateSampler(SearchSpace space)
    {
        if (!(Sigma0 > 0) || !double.IsFinite(Sigma0)) throw new ArgumentException($"CMA-ES Sigma0 must be > 0, got {Sigma0}");
        if (PopulationSize is < 2) throw new ArgumentException($"CMA-ES PopulationSize must be >= 2, got {PopulationSize}");
        if (MaxResampling < 0) throw new ArgumentException($"CMA-ES MaxResampling must be >= 0, got {MaxResampling}");
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
    }

    internal static CmaEsSettings Read(JsonObject o) => new()
    {
        Sigma0 = ReadDouble(o, "sigma0") ?? 0.25,
        InitialMean = o["initial_mean"] is JsonObject m ? m.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()) : null,
        RandomInitialMean = ReadBool(o, "random_initial_mean") ?? false,
        PopulationSize = ReadInt(o, "population_size"),
        MaxResampling = ReadInt(o, "max_resampling") ?? 100,
        StopOnConvergence = ReadBool(o, "stop_on_convergence") ?? true,
    };
}
