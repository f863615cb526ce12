using System.Text.Json.Nodes;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers;

/// <summary>Which reference implementation a <see cref="TpeSettings"/> reproduces.</summary>
public enum TpeProfile
{
    /// <summary>hyperopt 0.2.7 <c>tpe.suggest</c>: γ = 0.25, n_below = min(⌈γ√N⌉, 25), 20 random start-up trials,
    /// adaptive Parzen estimator with the prior inserted before the gap computation, rejection-truncated mixtures,
    /// univariate.</summary>
    Hyperopt,

    /// <summary>Optuna 4.9 <c>TPESampler</c>: n_below = min(⌈0.1·N⌉, 25) over finished trials, 10 start-up trials,
    /// v4.9 bandwidth rule (neighbour gaps padded with the bounds, prior excluded), truncated normals; optional
    /// multivariate with v4.x's Scott-like bandwidth.</summary>
    Optuna,
}

/// <summary>
/// Tree-structured Parzen Estimator. Pending (RUNNING/WAITING) trials count as +∞ loss (the constant liar), so a
/// batch of n suggestions — or n workers — spreads out instead of proposing one point n times. Failed trials count as
/// worst (+∞). Each trial's draws come from the stream (Seed, trial number).
/// </summary>
public sealed record TpeSettings : SamplerSettings
{
    /// <summary>Reference implementation to follow.</summary>
    public TpeProfile Profile { get; init; } = TpeProfile.Hyperopt;

    /// <summary>Random trials before TPE starts; default 20 (hyperopt) or 10 (Optuna).</summary>
    public int? StartupTrials { get; init; }

    /// <summary>Candidates drawn from l(x) per suggestion (24 in both references).</summary>
    public int EiCandidates { get; init; } = 24;

    /// <summary>Weight of the prior kernel (1 in both references).</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Linear-forgetting window LF, also the cap on the number of "good" trials (25).</summary>
    public int Forgetting { get; init; } = 25;

    /// <summary>Split parameter γ; default 0.25 (hyperopt: n_below = ⌈γ√N⌉) or 0.1 (Optuna: n_below = ⌈γN⌉).</summary>
    public double? Gamma { get; init; }

    /// <summary>Optuna profile only: one joint estimator over all bounded parameters (Optuna's <c>multivariate=True</c>).</summary>
    public bool Multivariate { get; init; }

    /// <summary>hyperopt's defaults.</summary>
    public static TpeSettings Hyperopt(long seed = 0) => new() { Seed = seed, Profile = TpeProfile.Hyperopt };

    /// <summary>Optuna's defaults (univariate unless asked).</summary>
    public static TpeSettings Optuna(long seed = 0, bool multivariate = false) =>
        new() { Seed = seed, Profile = TpeProfile.Optuna, Multivariate = multivariate };

    internal int EffectiveStartup => StartupTrials ?? (Profile == TpeProfile.Hyperopt ? 20 : 10);
    internal double EffectiveGamma => Gamma ?? (Profile == TpeProfile.Hyperopt ? 0.25 : 0.1);

    /// <summary>Number of "good" trials for N observations under this profile.</summary>
    public int BelowCount(int n) => Profile == TpeProfile.Hyperopt
        ? Math.Min((int)Math.Ceiling(EffectiveGamma * Math.Sqrt(n)), Forgetting)
        : Math.Min((int)Math.Ceiling(EffectiveGamma * n), Forgetting);

    /// <inheritdoc/>
    public override string Method => "tpe";

    internal override Sampler CreateSampler(SearchSpace space)
    {
        if (EiCandidates < 1) throw new ArgumentException($"TPE EiCandidates must be >= 1, got {EiCandidates}");
        if (PriorWeight <= 0 || !double.IsFinite(PriorWeight)) throw new ArgumentException($"TPE PriorWeight must be > 0, got {PriorWeight}");
        if (Forgetting < 1) throw new ArgumentException($"TPE Forgetting must be >= 1, got {Forgetting}");
        if (StartupTrials is < 0) throw new ArgumentException($"TPE StartupTrials must be >= 0, got {StartupTrials}");
        if (Gamma is { } g && (g <= 0 || !double.IsFinite(g))) throw new ArgumentException($"TPE Gamma must be > 0, got {g}");
        return new TpeSampler(space, this);
    }

    internal override void WriteOptions(JsonText w)
    {
        w.Property("profile", Profile.ToString().ToLowerInvariant());
        if (StartupTrials is { } s) w.Property("startup_trials", s);
        w.Property("ei_candidates", EiCandidates).Property("prior_weight", PriorWeight).Property("forgetting", Forgetting);
        if (Gamma is { } g) w.Property("gamma", g);
        w.Property("multivariate", Multivariate);
    }

    internal static TpeSettings Read(JsonObject o) => new()
    {
        Profile = ((string?)o["profile"]) switch
        {
            null or "hyperopt" => TpeProfile.Hyperopt,
            "optuna" => TpeProfile.Optuna,
            var p => throw new ArgumentException($"unknown TPE profile '{p}' (hyperopt, optuna)"),
        },
        StartupTrials = ReadInt(o, "startup_trials"),
        EiCandidates = ReadInt(o, "ei_candidates") ?? 24,
        PriorWeight = ReadDouble(o, "prior_weight") ?? 1.0,
        Forgetting = ReadInt(o, "forgetting") ?? 25,
        Gamma = ReadDouble(o, "gamma"),
        Multivariate = ReadBool(o, "multivariate") ?? false,
    };
}
