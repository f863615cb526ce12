using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Local;

/// <summary>
/// A bounded, batched pattern search (generating-set search) for a scalar loss: every iteration polls the 2n points
/// x ± Δ·d_i (clipped into the cube; a point that clipping leaves at x is skipped), plus the pattern point after a
/// success, as one batch, moves to the best point that lowers the loss and then doubles Δ, or halves Δ when none does.
/// Polls are complete (the whole batch is evaluated), so the result does not depend on how fast points come back.
/// Failed points count as worse than any loss. Deterministic for a given seed.
/// </summary>
public sealed class PatternSearch : LocalSearch
{
    private readonly PatternSearchSettings _settings;

    /// <summary>Prepares the search from <paramref name="start"/>; <paramref name="startEvaluation"/>, when given, is used instead of evaluating it.</summary>
    /// <exception cref="ArgumentException">A start outside the cube, or invalid settings.</exception>
    public PatternSearch(IReadOnlyList<double> start, PatternSearchSettings? settings = null, PointEvaluation? startEvaluation = null)
        : base(start, settings ?? new PatternSearchSettings(), startEvaluation)
    {
        _settings = settings ?? new PatternSearchSettings();
        _settings.Check();
    }

    /// <summary>The current mesh size Δ.</summary>
    public double MeshSize { get; private set; }

    /// <inheritdoc />
    protected override IEnumerable<double[][]> Search()
    {
        var n = Dimension;
        var x = (double[])Start.Clone();
        PointEvaluation current;
        if (StartEvaluation is { } known) current = known;
        else
        {
            if (Remaining == 0) { Finish(LocalStopReason.Budget); yield break; }
            yield return [x];
            current = Answers[0];
        }
        if (!current.Succeeded) { Finish(LocalStopReason.StartFailed); yield break; }
        var f = current.Loss;
        Consider(x, current, f);
        Accept(f, isStart: true);
        MeshSize = _settings.InitialStep;
        double[]? move = null;
        var basis = Identity(n);
        var polls = 0;
        while (true)
        {
            if (f <= TargetObjective) { Finish(LocalStopReason.Target); yield break; }
            if (MeshSize < _settings.MeshTolerance) { Finish(LocalStopReason.Mesh); yield break; }
            if (Remaining == 0) { Finish(LocalStopReason.Budget); yield break; }
            var points = new List<double[]>();
            void Add(double[] p)
            {
                if (p.AsSpan().SequenceEqual(x) || points.Any(q => q.AsSpan().SequenceEqual(p))) return;
                points.Add(p);
            }
            if (move is not null && _settings.PatternMove) Add(Clip(x, move));
            foreach (var d in basis)
            {
                Add(Clip(x, d, MeshSize));
                Add(Clip(x, d, -MeshSize));
            }
            polls++;
            if (points.Count == 0) { MeshSize *= _settings.Contraction; continue; }
            if (points.Count > Remaining) points.RemoveRange(Remaining, points.Count - Remaining);
            yield return [.. points];
            var best = -1;
            var bestLoss = f;
            for (var i = 0; i < points.Count; i++)
            {
                var e = Answers[i];
                if (!e.Succeeded) continue;
                Consider(points[i], e, e.Loss);
                if (e.Loss < bestLoss) { best = i; bestLoss = e.Loss; }
            }
            if (best >= 0)
            {
                move = new double[n];
                for (var j = 0; j < n; j++) move[j] = points[best][j] - x[j];
                x = points[best];
                f = bestLoss;
                Accept(f);
                MeshSize = Math.Min(MeshSize * _settings.Expansion, _settings.MaxStep);
            }
            else
            {
                move = null;
                MeshSize *= _settings.Contraction;
                if (_settings.Directions == PollDirections.RandomOrthogonal) basis = RandomBasis(n, Rng.For(_settings.Seed, polls));
            }
        }
    }

    private static double[][] Identity(int n) =>
        Enumerable.Range(0, n).Select(i => { var e = new double[n]; e[i] = 1; return e; }).ToArray();

    /// <summary>The columns of the Householder reflection I − 2vvᵀ/‖v‖² for a normal random v: a random orthonormal basis.</summary>
    internal static double[][] RandomBasis(int n, Rng rng)
    {
        var v = new double[n];
        var norm2 = 0.0;
        while (norm2 == 0)
        {
            for (var i = 0; i < n; i++) v[i] = rng.NextGaussian();
            norm2 = v.Sum(a => a * a);
        }
        var basis = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var q = new double[n];
            for (var j = 0; j < n; j++) q[j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / norm2;
            basis[i] = q;
        }
        return basis;
    }
}
