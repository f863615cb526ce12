using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>
/// Proposes the next step from a copy of the state: the initial design, a poll or a search, fitting the GP first when
/// a refit is due. Everything random comes from the stream (seed, step, attempt), so a proposal is a function of the
/// state and the seed: a second worker or a resumed study proposes the same. A poll or search set that comes out empty
/// evaluates nothing; it is applied to the copy and folded into the next proposal as an event.
/// </summary>
internal sealed class BadsProposer(SearchSpace space, BadsSettings settings, BadsCoordinates coords, BadsConstants c)
{
    internal const long Stream = 5;
    private const int MaxEmptySteps = 10_000;

    /// <summary>The next step, or null with the reason when BADS has stopped.</summary>
    public (BadsStep? Step, string? Finished) Propose(BadsState state, BadsArchive archive)
    {
        var s = state.Clone();
        var events = new List<BadsEvent>();
        for (var attempt = 0; attempt < MaxEmptySteps; attempt++)
        {
            if (s.Stage == BadsStage.Finished) return (null, s.FinishReason);
            if (s.Stage == BadsStage.Init) return (InitialDesign(archive), null);
            var rng = Rng.For(settings.Seed, Stream, s.Steps, attempt);
            double[]? refit = null;
            var (trainX, trainY) = BadsLocalGp.TrainingSet(s, archive);
            if (s.RefitDue())
            {
                refit = BadsLocalGp.Fit(s, trainX, trainY, coords.Lower, coords.Upper, rng);
                s.ApplyRefit(refit);
                // the training set is chosen before the fit (with the old length scales), as in PyBADS
            }
            var gp = BadsGp.Create(trainX, trainY, c.D, s.Hyper!);
            if (s.Stage == BadsStage.Poll)
            {
                var points = PollSet(s, archive, rng);
                if (points.Count == 0)
                {
                    events.Add(new BadsEvent(BadsStage.Poll, refit));
                    s.ApplyPoll(archive, []);
                    continue;
                }
                return (new BadsStep(BadsStage.Poll, events, refit, 0, points, Predict(gp, points)), null);
            }
            var choice = ChooseSearch(s, rng);
            var found = BadsSearch.Propose(s, archive, coords, gp, trainX, trainY, choice, rng);
            if (found is not { } f)
            {
                events.Add(new BadsEvent(BadsStage.Search, refit));
                s.ApplySearch(archive, null, choice);
                continue;
            }
            var noise = gp?.NoiseVariance ?? 0;
            return (new BadsStep(BadsStage.Search, events, refit, choice, [f.U], [(f.Mu, Math.Sqrt(f.Sd * f.Sd + noise))]), null);
        }
        throw new InvalidOperationException($"BADS made {MaxEmptySteps} steps without a point to evaluate");
    }

    /// <summary>x0 (given, or uniform in the plausible box — PyBADS — or in the hard bounds — CompNeuroPy) on the search
    /// mesh, then the scrambled Sobol design in the plausible box, without duplicates.</summary>
    private BadsStep InitialDesign(BadsArchive archive)
    {
        var d = c.D;
        var rng = Rng.For(settings.Seed, Stream, -1);
        var x0 = new double[d];
        for (var i = 0; i < d; i++)
        {
            var p = space.Parameters[i];
            if (settings.InitialPoint is { } given) x0[i] = coords.ToU(i, given[p.Name]);
            else if (settings.RandomInitialPointInBounds) x0[i] = coords.ToU(i, p.Distribution.FromUnit(rng.NextDouble()));
            else x0[i] = coords.PlausibleLower[i] + rng.NextDouble() * (coords.PlausibleUpper[i] - coords.PlausibleLower[i]);
        }
        var initial = BadsState.Start(c, d);
        var mesh = initial.SearchMeshSize;
        var (lo, hi) = BadsSearch.SearchBounds(initial, coords);
        for (var i = 0; i < d; i++)
        {
            var g = mesh * Math.Round(x0[i] / mesh);
            if (g < coords.Lower[i]) g += mesh;
            if (g > coords.Upper[i]) g -= mesh;
            x0[i] = Math.Clamp(g, coords.Lower[i], coords.Upper[i]);
        }
        var points = new List<double[]> { x0 };
        var cells = new HashSet<BadsArchive.Cell> { archive.CellOf(x0) };
        var sobol = d <= SobolSampler.MaxDimensions ? new SobolSampler(space, unchecked((long)rng.NextUInt64()), scramble: true) : null;
        for (var k = 0; k < c.InitialDesign; k++)
        {
            var unit = sobol?.Point(k) ?? Enumerable.Range(0, d).Select(_ => rng.NextDouble()).ToArray();
            var u = new double[d];
            for (var i = 0; i < d; i++)
            {
                var v = coords.PlausibleLower[i] + unit[i] * (coords.PlausibleUpper[i] - coords.PlausibleLower[i]);
                u[i] = Math.Clamp(mesh * Math.Round(v / mesh), lo[i], hi[i]);
            }
            if (cells.Add(archive.CellOf(u))) points.Add(u);
        }
        return new BadsStep(BadsStage.Init, [], null, 0, points, points.Select(_ => (double.NaN, double.NaN)).ToList());
    }

    /// <summary>The 2n poll points u ± Δ·b of an LTMADS basis (PyBADS's poll_mads_2n; with the default meshes a random
    /// signed permutation, i.e. the coordinate directions), without points outside the hard bounds and points already
    /// evaluated.</summary>
    private List<double[]> PollSet(BadsState s, BadsArchive archive, Rng rng)
    {
        var d = c.D;
        var nMax = Math.Max(1, (int)Math.Round(s.SearchMeshSize / s.MeshSize, MidpointRounding.ToEven));
        var m = new double[d * d];
        for (var i = 0; i < d; i++)
            for (var j = 0; j < i; j++) m[i * d + j] = 1 + rng.NextLong(2 * nMax - 1) - nMax;
        for (var i = 0; i < d; i++) m[i * d + i] = nMax * 2 * ((1 + rng.NextLong(2)) - 1.5);
        var rows = Enumerable.Range(0, d).ToArray();
        for (var i = d - 1; i > 0; i--)
        {
            var j = (int)rng.NextLong(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        var points = new List<double[]>(2 * d);
        var cells = new HashSet<BadsArchive.Cell>();
        for (var sign = 1; sign >= -1; sign -= 2)
            for (var col = 0; col < d; col++)
            {
                // direction = column col of the row-permuted matrix (the transpose's row)
                var u = new double[d];
                var inside = true;
                for (var r = 0; r < d; r++)
                {
                    u[r] = s.Incumbent[r] + sign * s.MeshSize * m[rows[r] * d + col];
                    if (u[r] < coords.Lower[r] || u[r] > coords.Upper[r]) inside = false;
                }
                if (!inside || archive.Contains(u) || !cells.Add(archive.CellOf(u))) continue;
                points.Add(u);
            }
        return points;
    }

    private int ChooseSearch(BadsState s, Rng rng)
    {
        var prob = s.HedgeProbabilities();
        var r = rng.NextDouble();
        double acc = 0;
        for (var i = 0; i < prob.Length; i++)
        {
            acc += prob[i];
            if (r < acc) return i;
        }
        return prob.Length - 1;
    }

    private static List<(double Mu, double Sd)> Predict(BadsGp? gp, List<double[]> points)
    {
        if (gp is null) return points.Select(_ => (double.NaN, double.NaN)).ToList();
        var d = points[0].Length;
        var flat = new double[points.Count * d];
        for (var k = 0; k < points.Count; k++) Array.Copy(points[k], 0, flat, k * d, d);
        var mu = new double[points.Count];
        var variance = new double[points.Count];
        gp.Predict(flat, points.Count, mu, variance);
        var noise = gp.NoiseVariance;
        return mu.Select((m, k) => (m, Math.Sqrt(variance[k] + noise))).ToList();
    }
}
