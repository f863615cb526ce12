namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>BADS's fixed numbers for a problem of <see cref="D"/> parameters: the settings resolved, plus PyBADS's
/// advanced defaults (advanced_bads_options.ini) that NeuroFit does not expose.</summary>
internal sealed record BadsConstants
{
    public BadsConstants(BadsSettings s, int d)
    {
        D = d;
        TolMeshExponent = (int)Math.Ceiling(Math.Log2(s.TolMesh));
        TolFun = s.TolFun;
        TolStallIters = s.TolStallIters ?? 4 + d / 2;
        MaxIterations = s.MaxIterations ?? 200 * d;
        SearchCandidates = s.SearchCandidates;
        SearchTries = s.SearchTries ?? Math.Max(d, (int)Math.Floor(3 + d / 2.0));
        TrainMax = 50 + 10 * d;
        HedgeDecay = Math.Pow(0.1, 1.0 / (2 * d));
        HedgeBeta = 1e-3 / s.TolFun;
        MinRefitEvaluations = 2 * d;
        AccelerateMesh = s.AccelerateMesh;
        StopOnConvergence = s.StopOnConvergence;
        var m = (int)Math.Ceiling(Math.Log2(Math.Max(d, 1)));
        if (1 << m == d) m++;
        InitialDesign = 1 << m;
    }

    public int D { get; }

    /// <summary>tol_mesh as a power of 2 (PyBADS rounds it up to the poll mesh's grid: 1e-6 → 2⁻¹⁹).</summary>
    public int TolMeshExponent { get; }

    public double TolMesh => Math.Pow(2, TolMeshExponent);
    public double TolFun { get; }
    public int TolStallIters { get; }
    public int MaxIterations { get; }
    public int SearchCandidates { get; }
    public int SearchTries { get; }
    public bool AccelerateMesh { get; }
    public bool StopOnConvergence { get; }

    /// <summary>Sobol points of the initial design: 2^⌈log₂ D⌉, doubled when that equals D (init_sobol).</summary>
    public int InitialDesign { get; }

    /// <summary>n_train_max = 50 + 10 D, n_train_min = 50, buffer_ntrain = 100, gp_radius = 3.</summary>
    public int TrainMax { get; }
    public int TrainMin => 50;
    public int TrainBuffer => 100;
    public double GpRadius => 3;

    /// <summary>min_refit_time = 2 D.</summary>
    public int MinRefitEvaluations { get; }

    /// <summary>init_mesh_size_integer = 0 = max_poll_grid_number (the poll size never exceeds 1, half the plausible box).</summary>
    public int MaxMeshExponent => 0;
    public int SearchGridNumber => 10;
    public int SearchGridMultiplier => 2;
    public double ForcingExponent => 1.5;
    public double TolImprovement => 1;
    public int AccelerateMeshSteps => 3;
    public double SearchScaleSuccess => Math.Sqrt(2);
    public double SearchScaleIncremental => 2;
    public double SearchScaleFailure => Math.Sqrt(0.5);
    public double SearchFactorMin => 0.5;
    public double EsStart => 0.25;
    public double HedgeGamma => 0.125;
    public double HedgeBeta { get; }
    public double HedgeDecay { get; }
    public double NormalityAlpha => 1e-6;

    /// <summary>Noise floor of a deterministic objective: noise_size = √tol_fun, mesh_noise_multiplier = 0.5.</summary>
    public double NoiseSize => Math.Sqrt(TolFun);
    public double MeshNoiseMultiplier => 0.5;

    public int SearchExponent(int meshExponent) => Math.Min(0, meshExponent * SearchGridMultiplier - SearchGridNumber);
}
