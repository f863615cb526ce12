using System.Text.Json.Nodes;
using NeuroFit.Optimization.Samplers.Bads;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers;

/// <summary>A plausible range [Low, High] of one parameter (parameter values, inside its hard bounds).</summary>
public sealed record PlausibleRange(double Low, double High);

/// <summary>
/// Bayesian Adaptive Direct Search (Acerbi &amp; Ma 2017; the defaults of PyBADS): a mesh-adaptive direct search whose
/// search stage proposes points with a local Gaussian-process surrogate. The hard bounds are the parameters' ranges;
/// the plausible box (default: the hard bounds) is mapped to [−1, 1]ⁿ and sets the initial design, the starting point
/// and the initial poll size. A poll (the 2n mesh directions) is one batch, every search step one point. The state is
/// rebuilt from the stored trials, so a resumed study or another worker continues exactly. docs/optimizers.md lists
/// where this differs from PyBADS.
/// </summary>
public sealed record BadsSettings : SamplerSettings
{
    /// <summary>Plausible ranges by parameter (CompNeuroPy's <c>variables_bounds_guess</c>); a parameter not named
    /// uses its hard bounds.</summary>
    public IReadOnlyDictionary<string, PlausibleRange>? PlausibleBounds { get; init; }

    /// <summary>Starting point as parameter values; null = drawn uniformly from the seed (see
    /// <see cref="RandomInitialPointInBounds"/>).</summary>
    public IReadOnlyDictionary<string, double>? InitialPoint { get; init; }

    /// <summary>Draw the random starting point in the hard bounds (CompNeuroPy) instead of the plausible box (PyBADS).</summary>
    public bool RandomInitialPointInBounds { get; init; }

    /// <summary>PyBADS <c>nonlinear_scaling</c>: a uniform parameter with positive bounds whose plausible range spans a
    /// factor ≥ 10 is searched on a log scale.</summary>
    public bool NonlinearScaling { get; init; } = true;

    /// <summary>PyBADS <c>tol_mesh</c>: stop when the poll size falls below it (rounded down to a power of 2).</summary>
    public double TolMesh { get; init; } = 1e-6;

    /// <summary>PyBADS <c>tol_fun</c>: the smallest significant change of the loss (stall criterion, sufficient
    /// improvement floor, GP noise floor).</summary>
    public double TolFun { get; init; } = 1e-3;

    /// <summary>PyBADS <c>tol_stall_iters</c>; null = 4 + ⌊n/2⌋.</summary>
    public int? TolStallIters { get; init; }

    /// <summary>PyBADS <c>max_iter</c>; null = 200·n.</summary>
    public int? MaxIterations { get; init; }

    /// <summary>PyBADS <c>n_search</c>: candidates the search's evolution strategy scores per step (two generations).</summary>
    public int SearchCandidates { get; init; } = 4096;

    /// <summary>PyBADS <c>search_n_try</c>: searches per iteration; null = max(n, ⌊3 + n/2⌋).</summary>
    public int? SearchTries { get; init; }

    /// <summary>PyBADS <c>accelerate_mesh</c>: an extra contraction after a failed poll when the loss stalls.</summary>
    public bool AccelerateMesh { get; init; } = true;

    /// <summary>Stop (the study reports the sampler finished) on tol_mesh, the stall criterion or max_iter. When false,
    /// the poll keeps contracting at the smallest mesh until the budget ends.</summary>
    public bool StopOnConvergence { get; init; } = true;

    /// <inheritdoc/>
    public override string Method => "bads";

    internal override Sampler CreateSampler(SearchSpace space)
    {
        if (!(TolMesh > 0) || !(TolMesh < 1)) throw new ArgumentException($"BADS TolMesh must be in (0, 1), got {TolMesh}");
        if (!(TolFun > 0) || !double.IsFinite(TolFun)) throw new ArgumentException($"BADS TolFun must be > 0, got {TolFun}");
        if (TolStallIters is < 1) throw new ArgumentException($"BADS TolStallIters must be >= 1, got {TolStallIters}");
        if (MaxIterations is < 1) throw new ArgumentException($"BADS MaxIterations must be >= 1, got {MaxIterations}");
        if (SearchCandidates < 2) throw new ArgumentException($"BADS SearchCandidates must be >= 2, got {SearchCandidates}");
        if (SearchTries is < 1) throw new ArgumentException($"BADS SearchTries must be >= 1, got {SearchTries}");
        return new BadsSampler(space, this);
    }

    internal override void WriteOptions(JsonText w)
    {
        if (PlausibleBounds is { } pb)
        {
            w.Name("plausible_bounds").BeginObject();
            foreach (var (k, r) in pb.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.Name(k).BeginArray();
                w.Value(r.Low).Value(r.High);
                w.EndArray();
            }
            w.EndObject();
        }
        if (InitialPoint is { } x0)
        {
            w.Name("initial_point").BeginObject();
            foreach (var (k, v) in x0.OrderBy(p => p.Key, StringComparer.Ordinal)) w.Property(k, v);
            w.EndObject();
        }
        w.Property("random_initial_point_in_bounds", RandomInitialPointInBounds).Property("nonlinear_scaling", NonlinearScaling)
            .Property("tol_mesh", TolMesh).Property("tol_fun", TolFun);
        if (TolStallIters is { } stall) w.Property("tol_stall_iters", stall);
        if (MaxIterations is { } it) w.Property("max_iter", it);
        w.Property("n_search", SearchCandidates);
        if (SearchTries is { } tries) w.Property("search_n_try", tries);
        w.Property("accelerate_mesh", AccelerateMesh).Property("stop_on_convergence", StopOnConvergence);
    }

    internal static BadsSettings Read(JsonObject o) => new()
    {
        PlausibleBounds = o["plausible_bounds"] is JsonObject pb
            ? pb.ToDictionary(kv => kv.Key, kv => new PlausibleRange(kv.Value![0]!.GetValue<double>(), kv.Value![1]!.GetValue<double>()))
            : null,
        InitialPoint = o["initial_point"] is JsonObject x0 ? x0.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()) : null,
        RandomInitialPointInBounds = ReadBool(o, "random_initial_point_in_bounds") ?? false,
        NonlinearScaling = ReadBool(o, "nonlinear_scaling") ?? true,
        TolMesh = ReadDouble(o, "tol_mesh") ?? 1e-6,
        TolFun = ReadDouble(o, "tol_fun") ?? 1e-3,
        TolStallIters = ReadInt(o, "tol_stall_iters"),
        MaxIterations = ReadInt(o, "max_iter"),
        SearchCandidates = ReadInt(o, "n_search") ?? 4096,
        SearchTries = ReadInt(o, "search_n_try"),
        AccelerateMesh = ReadBool(o, "accelerate_mesh") ?? true,
        StopOnConvergence = ReadBool(o, "stop_on_convergence") ?? true,
    };
}
