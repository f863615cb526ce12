using MathNet.Numerics.Distributions;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>What BADS needs evaluated next.</summary>
internal enum BadsStage { Init, Search, Poll, Finished }

/// <summary>
/// The iteration state of BADS (PyBADS's optim_state, restricted to a deterministic objective) and its transitions.
/// The transitions take only evaluated results and the decisions a proposal stored with its trials (a GP refit, the
/// search chosen by the hedge), never the GP itself, so replaying a study's stored steps rebuilds the state exactly.
/// One loop of PyBADS's <c>optimize</c> is: a search step (unless the round of <c>search_n_try</c> searches is done),
/// then — at the end of a round without a successful search, and at the first iteration — a poll, then the
/// termination checks.
/// </summary>
internal sealed class BadsState
{
    public required BadsConstants C { get; init; }

    /// <summary>Steps told so far (init, polls, searches; the zero-evaluation steps a proposal folded in excluded).</summary>
    public int Steps { get; set; }
    public int Evaluations { get; private set; }
    public BadsStage Stage { get; private set; } = BadsStage.Init;
    public string? FinishReason { get; private set; }

    public double[] Incumbent { get; private set; } = [];
    public double IncumbentLoss { get; private set; } = double.PositiveInfinity;

    public int MeshExponent { get; private set; }
    public int SearchCount { get; private set; }
    public int SearchSuccesses { get; private set; }
    public double SearchFactor { get; private set; } = 1;
    public int PollIteration { get; private set; }
    private bool _pollThisLoop;
    private List<double> _history = new();
    public double[] HedgeGains { get; private set; } = [10, 0];

    /// <summary>GP hyperparameters (null before the first fit) and what follows from them.</summary>
    public double[]? Hyper { get; private set; }
    public double[] LengthScale { get; private set; } = [];
    public double[] PollScale { get; private set; } = [];
    public double EffectiveRadius { get; private set; } = 1;
    public int LastRefit { get; private set; } = int.MinValue / 2;
    private List<(double Y, double Mu, double Sd)> _stats = new();

    public double MeshSize => Math.Pow(2, MeshExponent);
    public double SearchMeshSize => Math.Pow(2, C.SearchExponent(MeshExponent));

    /// <summary>Minimum improvement of a successful poll or search: tol_improvement·Δ^1.5, floored at tol_fun
    /// (sloppy_improvement).</summary>
    public double SufficientImprovement => Math.Max(C.TolImprovement * Math.Pow(MeshSize, C.ForcingExponent), C.TolFun);

    public static BadsState Start(BadsConstants c, int d) => new()
    {
        C = c,
        LengthScale = Enumerable.Repeat(1.0, d).ToArray(),
        PollScale = Enumerable.Repeat(1.0, d).ToArray(),
    };

    public BadsState Clone()
    {
        var s = (BadsState)MemberwiseClone();
        s._history = new List<double>(_history);
        s._stats = new List<(double, double, double)>(_stats);
        s.HedgeGains = (double[])HedgeGains.Clone();
        return s;
    }

    /// <summary>PyBADS's refit rule: not within min_refit_time evaluations of the last fit, and either refit_period
    /// predictions since then (max(10, 2D) below 200 evaluations, 5D after) or predictions that fail the calibration
    /// test; always before the first GP.</summary>
    public bool RefitDue()
    {
        if (Hyper is null) return true;
        var period = Evaluations < 200 ? Math.Max(10, 2 * C.D) : 5 * C.D;
        return LastRefit < Evaluations - C.MinRefitEvaluations && (_stats.Count >= period || !Calibrated()) && Evaluations > C.D;
    }

    /// <summary>Whether the GP's predictions since the last refit are consistent with the outcomes: Σz² of the
    /// z-scores (y − μ)/σ inside the two-sided χ²ₙ interval at level normalpha_level. PyBADS uses this test below 3
    /// predictions and a Shapiro–Wilk test of the z-scores above; NeuroFit uses χ² throughout.</summary>
    public bool Calibrated()
    {
        if (_stats.Count == 0) return false;
        double total = 0;
        foreach (var (y, mu, sd) in _stats)
        {
            var z = (y - mu) / sd;
            if (double.IsNaN(z)) return false;
            total += z * z;
        }
        var n = _stats.Count;
        var lo = ChiSquared.InvCDF(n, C.NormalityAlpha / 2);
        var hi = ChiSquared.InvCDF(n, 1 - C.NormalityAlpha / 2);
        return total >= lo && total <= hi;
    }

    public void ApplyRefit(double[] hyper)
    {
        var d = C.D;
        Hyper = hyper;
        LastRefit = Evaluations;
        _stats.Clear();
        var ls = new double[d];
        for (var i = 0; i < d; i++) ls[i] = Math.Exp(hyper[i]);
        LengthScale = ls;
        // GP-based geometric poll scale (gp_rescale_poll = 1): length scales clamped to [search mesh, 1e6], divided by
        // their geometric mean. It shapes the ES-ell search only (the poll divides its vectors by it and multiplies back).
        var logs = new double[d];
        var lowLog = Math.Log(SearchMeshSize);
        for (var i = 0; i < d; i++) logs[i] = Math.Clamp(hyper[i], lowLog, Math.Log(1e6));
        var mean = logs.Average();
        PollScale = logs.Select(l => Math.Exp(l - mean)).ToArray();
        // effective radius of the rational-quadratic kernel: √(α(e^{1/α} − 1)), computed in logs
        var alpha = Math.Exp(hyper[d + 1]);
        var inv = 1 / alpha;
        var logExpm1 = inv > 30 ? inv : Math.Log(Math.Exp(inv) - 1);
        EffectiveRadius = Math.Exp(0.5 * (Math.Log(alpha) + logExpm1));
    }

    public void ApplyInit(BadsArchive archive, IReadOnlyList<(double[] U, double Y)> points)
    {
        var best = -1;
        for (var k = 0; k < points.Count; k++)
        {
            archive.Add(points[k].U, points[k].Y);
            if (best < 0 || points[k].Y < points[best].Y) best = k;
        }
        Evaluations += points.Count;
        Incumbent = points[best].U;
        IncumbentLoss = Y(points[best].Y);
        SearchCount = C.SearchTries; // no search in the first iteration
        BeginLoop(archive);
    }

    /// <summary>One search step; <paramref name="point"/> null when the search set was empty (no evaluation).</summary>
    public void ApplySearch(BadsArchive archive, (double[] U, double Y, double Mu, double Sd)? point, int hedgeChoice)
    {
        SearchCount++;
        var status = 0; // 0 failure, 1 incremental, 2 success
        var old = IncumbentLoss;
        if (point is { } p)
        {
            archive.Add(p.U, p.Y);
            Evaluations++;
            _stats.Add((Y(p.Y), p.Mu, p.Sd));
            var improvement = old - Y(p.Y);
            var success = improvement > SufficientImprovement;
            if (success || improvement > 0)
            {
                if (success) SearchSuccesses++;
                status = success ? 2 : 1;
                Incumbent = p.U;
                IncumbentLoss = Y(p.Y);
            }
            // hedge: the chosen search earns its expected improvement (deterministic objective: max(0, f_old − y))
            // divided by the probability it had and by the mesh size; every gain decays
            var prob = HedgeProbabilities();
            var reward = Math.Max(0, old - Y(p.Y));
            if (!double.IsFinite(reward)) reward = 0;
            for (var i = 0; i < HedgeGains.Length; i++)
                HedgeGains[i] = C.HedgeDecay * HedgeGains[i] + (i == hedgeChoice ? reward / prob[i] / MeshSize : 0);
        }
        else
            for (var i = 0; i < HedgeGains.Length; i++) HedgeGains[i] *= C.HedgeDecay;
        SearchFactor = status switch
        {
            2 => SearchFactor * C.SearchScaleSuccess,
            1 => SearchFactor * C.SearchScaleIncremental,
            _ => Math.Max(C.SearchFactorMin, SearchFactor * C.SearchScaleFailure),
        };
        if (SearchCount == C.SearchTries) SearchFactor = 1;
        AfterSearch(archive);
    }

    /// <summary>A complete poll (all its points evaluated, possibly none).</summary>
    public void ApplyPoll(BadsArchive archive, IReadOnlyList<(double[] U, double Y, double Mu, double Sd)> points)
    {
        var old = IncumbentLoss;
        var sufficient = SufficientImprovement;
        var bestImprovement = 0.0;
        var best = -1;
        for (var k = 0; k < points.Count; k++)
        {
            var p = points[k];
            archive.Add(p.U, p.Y);
            _stats.Add((Y(p.Y), p.Mu, p.Sd));
            var improvement = old - Y(p.Y);
            if (improvement > bestImprovement) { bestImprovement = improvement; best = k; }
        }
        Evaluations += points.Count;
        if (best >= 0)
        {
            Incumbent = points[best].U;
            IncumbentLoss = Y(points[best].Y);
        }
        if (bestImprovement > sufficient) MeshExponent = Math.Min(MeshExponent + 1, C.MaxMeshExponent);
        else
        {
            MeshExponent--;
            if (C.AccelerateMesh && PollIteration >= C.AccelerateMeshSteps
                && _history[PollIteration - C.AccelerateMeshSteps] - IncumbentLoss < C.TolFun)
                MeshExponent--;
            if (!C.StopOnConvergence) MeshExponent = Math.Max(MeshExponent, C.TolMeshExponent);
        }
        EndLoop(archive);
    }

    public double[] HedgeProbabilities()
    {
        var max = HedgeGains.Max();
        var e = HedgeGains.Select(g => Math.Exp(C.HedgeBeta * (g - max))).ToArray();
        var sum = e.Sum();
        var n = e.Length;
        return e.Select(v => v / sum * (1 - n * C.HedgeGamma) + C.HedgeGamma).ToArray();
    }

    private void BeginLoop(BadsArchive archive)
    {
        if (SearchCount < C.SearchTries && archive.Count > C.D) Stage = BadsStage.Search;
        else AfterSearch(archive);
    }

    private void AfterSearch(BadsArchive archive)
    {
        if (SearchCount == 0 || SearchCount == C.SearchTries)
        {
            SearchCount = 0;
            _pollThisLoop = SearchSuccesses == 0; // a round with a successful search skips the poll
            SearchSuccesses = 0;
        }
        else _pollThisLoop = false;
        if (_pollThisLoop) Stage = BadsStage.Poll;
        else EndLoop(archive);
    }

    private void EndLoop(BadsArchive archive)
    {
        string? reason = null;
        if (PollIteration >= C.MaxIterations - 1)
            reason = $"reached max_iter = {C.MaxIterations} iterations";
        if (MeshSize < C.TolMesh)
            reason = $"the poll size fell below tol_mesh ({C.TolMesh:G3})";
        if (PollIteration > C.TolStallIters - 1 && _history[PollIteration - C.TolStallIters] - IncumbentLoss < C.TolFun)
            reason = $"the best loss improved by less than tol_fun = {C.TolFun:G3} over the last {C.TolStallIters} iterations";
        if (reason is not null && C.StopOnConvergence)
        {
            Stage = BadsStage.Finished;
            FinishReason = $"BADS stopped after {PollIteration + 1} iterations and {Evaluations} evaluations: {reason}";
            return;
        }
        if (_pollThisLoop)
        {
            _history.Add(IncumbentLoss);
            PollIteration++;
        }
        BeginLoop(archive);
    }

    private static double Y(double y) => double.IsNaN(y) ? double.PositiveInfinity : y;
}
