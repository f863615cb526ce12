namespace NeuroFit.Optimization.Local;

/// <summary>
/// Bounded Levenberg–Marquardt on a residual vector in the unit cube: minimises ½·Σr(x)² with finite-difference
/// Jacobians, each computed as one batch (n + 1 points forward, 2n + 1 central, the point x itself already known).
/// The step solves (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr over the free coordinates (a coordinate at a bound whose gradient
/// points out of the cube is held: the active set), and is projected onto the cube. The damping λ follows Nielsen
/// (1999): λ·max(1/3, 1 − (2ρ − 1)³) after a step with gain ratio ρ, doubled growth after each rejection. A step is
/// accepted only if it strictly decreases ½·Σr², so the accepted objectives never increase. A point whose residuals
/// are missing, non-finite or of another length is a failed point: as a trial step it is rejected, as a
/// finite-difference point it is retried on the other side, else its column is held for that iteration.
/// </summary>
public sealed class LevenbergMarquardt : LocalSearch
{
    private static readonly double[] TrialFactors = [1, 8, 1.0 / 8, 64, 1.0 / 64, 512, 1.0 / 512, 4096];

    private readonly LevenbergMarquardtSettings _settings;
    private double[][] _columns = [];

    /// <summary>Prepares the search from <paramref name="start"/>; <paramref name="startEvaluation"/>, when given, is used instead of evaluating it.</summary>
    /// <exception cref="ArgumentException">A start outside the cube, or invalid settings.</exception>
    public LevenbergMarquardt(IReadOnlyList<double> start, LevenbergMarquardtSettings? settings = null, PointEvaluation? startEvaluation = null)
        : base(start, settings ?? new LevenbergMarquardtSettings(), startEvaluation)
    {
        _settings = settings ?? new LevenbergMarquardtSettings();
        _settings.Check();
    }

    /// <summary>Whether the search has switched to (or started with) central differences.</summary>
    public bool UsesCentralDifferences { get; private set; }

    /// <summary>Jacobians computed so far.</summary>
    public int Jacobians { get; private set; }

    /// <inheritdoc />
    protected override IEnumerable<double[][]> Search()
    {
        var n = Dimension;
        var x = (double[])Start.Clone();
        PointEvaluation startEvaluation;
        if (StartEvaluation is { } known) startEvaluation = known;
        else
        {
            if (Remaining == 0) { Finish(LocalStopReason.Budget); yield break; }
            yield return [x];
            startEvaluation = Answers[0];
        }
        var r = ValidResiduals(startEvaluation, -1);
        if (r is null) { Finish(LocalStopReason.StartFailed); yield break; }
        var m = r.Length;
        var s = HalfSumOfSquares(r);
        Consider(x, startEvaluation, s);
        Accept(s, isStart: true);
        if (s <= TargetObjective) { Finish(LocalStopReason.Target); yield break; }

        UsesCentralDifferences = _settings.Differences == FiniteDifferences.Central;
        var lambda = _settings.InitialDamping;
        var nu = 2.0;
        var haveJacobian = false;
        while (true)
        {
            if (!haveJacobian)
            {
                var probes = Probes(x, UsesCentralDifferences);
                if (probes.Count > Remaining) { Finish(LocalStopReason.Budget); yield break; }
                yield return PointsOf(x, probes);
                var failed = BuildColumns(x, r, probes, Answers, 0, m);
                foreach (var batch in Repair(x, r, probes, failed, m)) yield return batch;
                haveJacobian = true;
            }

            var (a, g) = NormalEquations(_columns, r);
            var free = new bool[n];
            for (var j = 0; j < n; j++) free[j] = !(x[j] <= 0 && g[j] > 0) && !(x[j] >= 1 && g[j] < 0);
            if (ScaledGradient(a, g, free, r) <= _settings.GradientTolerance) { Finish(LocalStopReason.Gradient); yield break; }

            // trial steps until one decreases the objective (or the search stops)
            var accepted = false;
            while (!accepted)
            {
                var trials = new List<(double[] Point, double[] Step, double Predicted, double Damping)>();
                for (var k = 0; k < _settings.DampingTrials && k < TrialFactors.Length; k++)
                {
                    var damping = lambda * TrialFactors[k];
                    var delta = Solve(a, g, free, damping);
                    if (delta is null) continue;
                    var point = Clip(x, delta);
                    var step = new double[n];
                    for (var j = 0; j < n; j++) step[j] = point[j] - x[j];
                    if (MaxAbs(step) <= _settings.StepTolerance) continue;
                    if (trials.Any(t => t.Point.AsSpan().SequenceEqual(point))) continue;
                    trials.Add((point, step, Predicted(a, g, step), damping));
                }
                if (trials.Count == 0)
                {
                    if (WouldStop(LocalStopReason.Step, ref haveJacobian)) yield break;
                    break;
                }
                // each trial alone, or with its finite-difference points, as far as the budget allows (at least one bare trial)
                var probeSets = new List<List<Probe>?>();
                var request = new List<double[]>();
                var kept = 0;
                foreach (var t in trials)
                {
                    var probes = _settings.JacobianWithTrials ? Probes(t.Point, UsesCentralDifferences) : null;
                    if (probes is not null && request.Count + 1 + probes.Count > Remaining) probes = null;
                    if (request.Count + 1 + (probes?.Count ?? 0) > Remaining || (probes is null && _settings.JacobianWithTrials && kept > 0)) break;
                    request.Add(t.Point);
                    if (probes is not null) request.AddRange(PointsOf(t.Point, probes));
                    probeSets.Add(probes);
                    kept++;
                }
                if (kept == 0) { Finish(LocalStopReason.Budget); yield break; }
                trials.RemoveRange(kept, trials.Count - kept);
                var offsets = new int[trials.Count];
                for (int k = 0, at = 0; k < trials.Count; k++) { offsets[k] = at; at += 1 + (probeSets[k]?.Count ?? 0); }
                yield return [.. request];
                var answers = Answers;

                var best = -1;
                var bestValue = s;
                double[]? bestResiduals = null;
                for (var k = 0; k < trials.Count; k++)
                {
                    // a probe beside a trial can beat every trial; the reported best is the best point evaluated
                    if (probeSets[k] is { } probesOfTrial)
                        for (var i = 0; i < probesOfTrial.Count; i++)
                            if (ValidResiduals(answers[offsets[k] + 1 + i], m) is { } ri)
                                Consider(PointOf(trials[k].Point, probesOfTrial[i]), answers[offsets[k] + 1 + i], HalfSumOfSquares(ri));
                    var e = answers[offsets[k]];
                    var rk = ValidResiduals(e, m);
                    if (rk is null) continue;
                    var sk = HalfSumOfSquares(rk);
                    Consider(trials[k].Point, e, sk);
                    if (sk < bestValue) { best = k; bestValue = sk; bestResiduals = rk; }
                }
                if (best < 0)
                {
                    lambda = trials.Max(t => t.Damping) * nu;
                    nu *= 2;
                    if (lambda > _settings.MaxDamping && WouldStop(LocalStopReason.NoProgress, ref haveJacobian)) yield break;
                    if (lambda > _settings.MaxDamping) { lambda = _settings.InitialDamping; nu = 2; break; }
                    continue;
                }

                var chosen = trials[best];
                var actual = s - bestValue;
                var rho = chosen.Predicted > 0 ? actual / chosen.Predicted : 0;
                var negligible = actual <= _settings.ReductionTolerance * s && Math.Max(chosen.Predicted, 0) <= _settings.ReductionTolerance * s;
                x = chosen.Point;
                r = bestResiduals!;
                s = bestValue;
                Accept(s);
                accepted = true;
                lambda = chosen.Damping * Math.Max(1.0 / 3, 1 - Math.Pow(2 * rho - 1, 3));
                nu = 2;
                haveJacobian = false;
                if (probeSets[best] is { } probesOfBest)
                {
                    var failed = BuildColumns(x, r, probesOfBest, answers, offsets[best] + 1, m);
                    foreach (var batch in Repair(x, r, probesOfBest, failed, m)) yield return batch;
                    haveJacobian = true;
                }
                if (s <= TargetObjective) { Finish(LocalStopReason.Target); yield break; }
                if (MaxAbs(chosen.Step) <= _settings.StepTolerance && WouldStop(LocalStopReason.Step, ref haveJacobian)) yield break;
                if (negligible && WouldStop(LocalStopReason.Reduction, ref haveJacobian)) yield break;
            }
        }
    }

    /// <summary>Finishes with <paramref name="reason"/> (returns true), unless forward-then-central differences switch to
    /// central ones first: then the Jacobian is recomputed at the current point and the search goes on.</summary>
    private bool WouldStop(LocalStopReason reason, ref bool haveJacobian)
    {
        if (_settings.Differences == FiniteDifferences.ForwardThenCentral && !UsesCentralDifferences)
        {
            UsesCentralDifferences = true;
            haveJacobian = false;
            return false;
        }
        Finish(reason);
        return true;
    }

    /// <summary>A finite-difference point: x + <see cref="Step"/>·e_<see cref="Column"/>.</summary>
    private readonly record struct Probe(int Column, double Step);

    private List<Probe> Probes(double[] x, bool central)
    {
        var h = _settings.FiniteDifferenceStep;
        var probes = new List<Probe>(central ? 2 * x.Length : x.Length);
        for (var j = 0; j < x.Length; j++)
        {
            var up = x[j] + h <= 1;
            var down = x[j] - h >= 0;
            if (central && up && down) { probes.Add(new(j, h)); probes.Add(new(j, -h)); }
            else probes.Add(new(j, up ? h : -h)); // step inward at a bound
        }
        return probes;
    }

    private static double[][] PointsOf(double[] x, List<Probe> probes) => probes.Select(p => PointOf(x, p)).ToArray();

    private static double[] PointOf(double[] x, Probe probe)
    {
        var p = (double[])x.Clone();
        p[probe.Column] = x[probe.Column] + probe.Step;
        return p;
    }

    /// <summary>Fills <see cref="_columns"/> from the probes' evaluations (at <paramref name="offset"/> in <paramref name="answers"/>);
    /// returns the columns that no probe could give.</summary>
    private List<int> BuildColumns(double[] x, double[] r, List<Probe> probes, IReadOnlyList<PointEvaluation> answers, int offset, int m)
    {
        Jacobians++;
        var n = x.Length;
        _columns = new double[n][];
        var valid = new (double[] Residuals, double Step)?[probes.Count];
        for (var i = 0; i < probes.Count; i++)
            if (ValidResiduals(answers[offset + i], m) is { } ri)
            {
                valid[i] = (ri, probes[i].Step);
                Consider(PointOf(x, probes[i]), answers[offset + i], HalfSumOfSquares(ri));
            }
        var failed = new List<int>();
        for (var j = 0; j < n; j++)
        {
            var mine = Enumerable.Range(0, probes.Count).Where(i => probes[i].Column == j && valid[i] is not null).Select(i => valid[i]!.Value).ToList();
            if (mine.Count == 0) { failed.Add(j); _columns[j] = new double[m]; continue; }
            var column = new double[m];
            if (mine.Count == 2) // central
            {
                var (plus, minus) = mine[0].Step > 0 ? (mine[0], mine[1]) : (mine[1], mine[0]);
                var width = plus.Step - minus.Step;
                for (var i = 0; i < m; i++) column[i] = (plus.Residuals[i] - minus.Residuals[i]) / width;
            }
            else
            {
                var (ri, step) = mine[0];
                for (var i = 0; i < m; i++) column[i] = (ri[i] - r[i]) / step;
            }
            _columns[j] = column;
        }
        return failed;
    }

    /// <summary>Retries the failed columns on the side not yet probed, in one batch if the budget allows; a column still
    /// failing stays zero (its coordinate is held for this iteration).</summary>
    private IEnumerable<double[][]> Repair(double[] x, double[] r, List<Probe> used, List<int> failed, int m)
    {
        if (failed.Count == 0) yield break;
        var retries = new List<Probe>();
        foreach (var j in failed)
        {
            var tried = used.Where(p => p.Column == j).ToList();
            if (tried.Count != 1) continue;
            var other = -tried[0].Step;
            var target = x[j] + other;
            if (target >= 0 && target <= 1) retries.Add(new(j, other));
        }
        if (retries.Count == 0 || retries.Count > Remaining) yield break;
        yield return PointsOf(x, retries);
        for (var i = 0; i < retries.Count; i++)
        {
            if (ValidResiduals(Answers[i], m) is not { } ri) continue;
            Consider(PointOf(x, retries[i]), Answers[i], HalfSumOfSquares(ri));
            var column = new double[m];
            for (var k = 0; k < m; k++) column[k] = (ri[k] - r[k]) / retries[i].Step;
            _columns[retries[i].Column] = column;
        }
    }

    private static double[]? ValidResiduals(PointEvaluation e, int m)
    {
        if (!e.Succeeded || e.Residuals is not { } r || r.Length == 0 || (m >= 0 && r.Length != m)) return null;
        foreach (var v in r)
            if (!double.IsFinite(v)) return null;
        return r;
    }

    internal static double HalfSumOfSquares(double[] r)
    {
        var sum = 0.0;
        foreach (var v in r) sum += v * v;
        return 0.5 * sum;
    }

    private static (double[,] A, double[] G) NormalEquations(double[][] columns, double[] r)
    {
        var n = columns.Length;
        var a = new double[n, n];
        var g = new double[n];
        for (var i = 0; i < n; i++)
        {
            g[i] = Dot(columns[i], r);
            for (var j = 0; j <= i; j++) a[i, j] = a[j, i] = Dot(columns[i], columns[j]);
        }
        return (a, g);
    }

    private static double Dot(double[] u, double[] v)
    {
        var sum = 0.0;
        for (var i = 0; i < u.Length; i++) sum += u[i] * v[i];
        return sum;
    }

    /// <summary>max over free coordinates of |g_j| / (‖J_j‖·‖r‖): 0 at a stationary point of the bounded problem, scale-free.</summary>
    private static double ScaledGradient(double[,] a, double[] g, bool[] free, double[] r)
    {
        var norm = Math.Sqrt(2 * HalfSumOfSquares(r));
        if (norm == 0) return 0;
        var worst = 0.0;
        for (var j = 0; j < g.Length; j++)
            if (free[j] && a[j, j] > 0) worst = Math.Max(worst, Math.Abs(g[j]) / (Math.Sqrt(a[j, j]) * norm));
        return worst;
    }

    /// <summary>The damped Gauss–Newton step over the free coordinates (zero on the held ones), or null when the system is not positive definite.</summary>
    private static double[]? Solve(double[,] a, double[] g, bool[] free, double damping)
    {
        var n = g.Length;
        var index = Enumerable.Range(0, n).Where(j => free[j]).ToArray();
        var delta = new double[n];
        if (index.Length == 0) return delta;
        var maxDiagonal = 0.0;
        for (var j = 0; j < n; j++) maxDiagonal = Math.Max(maxDiagonal, a[j, j]);
        var floor = Math.Max(1e-12 * maxDiagonal, 1e-300);
        var k = index.Length;
        var m = new double[k, k];
        var b = new double[k];
        for (var i = 0; i < k; i++)
        {
            b[i] = -g[index[i]];
            for (var j = 0; j < k; j++) m[i, j] = a[index[i], index[j]];
            m[i, i] += damping * Math.Max(a[index[i], index[i]], floor);
        }
        var solution = DenseCholesky.Solve(m, b);
        if (solution is null) return null;
        for (var i = 0; i < k; i++) delta[index[i]] = solution[i];
        return delta;
    }

    /// <summary>The reduction of ½·Σr² that the linear model predicts for <paramref name="step"/>: −(gᵀs + ½·sᵀAs).</summary>
    private static double Predicted(double[,] a, double[] g, double[] step)
    {
        var n = g.Length;
        var linear = 0.0;
        var quadratic = 0.0;
        for (var i = 0; i < n; i++)
        {
            linear += g[i] * step[i];
            for (var j = 0; j < n; j++) quadratic += step[i] * a[i, j] * step[j];
        }
        return -(linear + 0.5 * quadratic);
    }

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : v.Max(Math.Abs);
}
