using FsCheck;
using FsCheck.Fluent;
using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Samplers.Bads;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Tests.Tools;
using NeuroFit.Optimization.Trials;
using static NeuroFit.Optimization.Tests.Support.TestFunctions;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>BADS: its numerics (GP likelihood gradient, Cholesky, bounded L-BFGS, ES selection), convergence on smooth
/// functions with stated budgets (PyBADS's own runtest problems among them), bounds, determinism and resume.</summary>
public class BadsTests
{
    private static IReadOnlyList<Trial> RunF(Study study, Func<double[], double> f, int batch = 0)
    {
        var d = study.Space.Count;
        return Run(study, batch > 0 ? batch : study.NaturalBatchSize, t => f(Enumerable.Range(0, d).Select(i => t[$"x{i}"]).ToArray()));
    }

    private static double Best(IEnumerable<Trial> trials) => trials.Where(t => t.State == TrialState.Complete).Min(t => t.Loss!.Value);

    private static string Fingerprint(IEnumerable<Trial> trials) =>
        string.Join("|", trials.Select(t => $"{t.Number}:{string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value.ToString("R")))}:{t.Loss:R}:{t.State}"));

    // ---- numerics ----

    [Fact]
    public void GpGradientMatchesFiniteDifferences()
    {
        Prop.ForAll(Gen.Choose(1, 1000).ToArbitrary(), seed =>
        {
            var rng = new Rng((ulong)seed);
            const int d = 3, n = 12;
            var x = Enumerable.Range(0, n * d).Select(_ => rng.Uniform(-1, 1)).ToArray();
            var y = Enumerable.Range(0, n).Select(i => Math.Sin(3 * x[i * d]) + x[i * d + 1] * x[i * d + 2]).ToArray();
            var theta = Enumerable.Range(0, d + 4).Select(_ => rng.Uniform(-1, 0.5)).ToArray();
            theta[d + 2] = -2; // σn ≈ 0.14 keeps K well conditioned
            var mean = Enumerable.Range(0, d + 4).Select(_ => rng.Uniform(-1, 1)).ToArray();
            var sd = Enumerable.Range(0, d + 4).Select(_ => rng.Uniform(0.5, 2)).ToArray();
            var g = new double[d + 4];
            BadsGp.NegLogPosterior(theta, x, y, d, mean, sd, g);
            var scratch = new double[d + 4];
            for (var p = 0; p < theta.Length; p++)
            {
                var h = 1e-6;
                var plus = (double[])theta.Clone(); plus[p] += h;
                var minus = (double[])theta.Clone(); minus[p] -= h;
                var fd = (BadsGp.NegLogPosterior(plus, x, y, d, mean, sd, scratch) - BadsGp.NegLogPosterior(minus, x, y, d, mean, sd, scratch)) / (2 * h);
                if (Math.Abs(fd - g[p]) > 1e-5 * Math.Max(1, Math.Abs(fd))) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void GpInterpolatesItsDataAndRevertsToThePriorFarAway()
    {
        const int d = 2;
        var x = new[] { 0.0, 0, 0.5, 0.1, -0.3, 0.4, 0.2, -0.5 };
        var y = new[] { 1.0, 2, 0.5, -1 };
        var theta = new[] { Math.Log(0.3), Math.Log(0.3), Math.Log(2.0), 0.0, Math.Log(1e-4), 0.7 };
        var gp = BadsGp.Create(x, y, d, theta)!;
        var mu = new double[5];
        var v = new double[5];
        gp.Predict([.. x, 1e4, 1e4], 5, mu, v);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(y[i], mu[i], 6);
            Assert.True(v[i] < 1e-6, $"variance at a training point {v[i]}");
        }
        Assert.Equal(0.7, mu[4], 6);       // the constant mean
        Assert.Equal(4.0, v[4], 6);        // σf² = e^{2·log 2}
    }

    [Fact]
    public void CholeskyInverseTimesTheMatrixIsTheIdentity()
    {
        var rng = new Rng(3);
        const int n = 17;
        var b = Enumerable.Range(0, n * n).Select(_ => rng.Uniform(-1, 1)).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = i == j ? n : 0;
                for (var k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
                a[i * n + j] = s;
            }
        var l = (double[])a.Clone();
        Assert.True(Cholesky.Factor(l, n));
        var inv = Cholesky.Inverse(l, n);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += inv[i * n + k] * a[k * n + j];
                Assert.Equal(i == j ? 1 : 0, s, 10);
            }
        Assert.False(Cholesky.Factor([1, 2, 2, 1], 2)); // indefinite
    }

    [Fact]
    public void BoundedLbfgsFindsTheConstrainedMinimumOfAQuadratic()
    {
        // f = (x0 − 3)² + 10 (x1 + 1)² + (x0 − x1)², box [−2, 2] × [0, 5]: x1 sits on its lower bound, x0 = 1.5
        BoundedLbfgs.Objective f = (x, g) =>
        {
            g[0] = 2 * (x[0] - 3) + 2 * (x[0] - x[1]);
            g[1] = 20 * (x[1] + 1) - 2 * (x[0] - x[1]);
            return Math.Pow(x[0] - 3, 2) + 10 * Math.Pow(x[1] + 1, 2) + Math.Pow(x[0] - x[1], 2);
        };
        var (x, _) = BoundedLbfgs.Minimize(f, [-2, 4], [-2, 0], [2, 5]);
        Assert.Equal(1.5, x[0], 6);
        Assert.Equal(0, x[1]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2048, 2048)]
    [InlineData(37, 2048)]
    [InlineData(500, 64)]
    public void EsSelectionMaskHasLambdaParentsRankedBest(int mu, int lambda)
    {
        var mask = BadsSearch.SelectionMask(mu, lambda);
        Assert.Equal(lambda, mask.Length);
        Assert.Equal(0, mask[0]);
        Assert.True(mask.SequenceEqual(mask.Order()), "parents in rank order");
        var counts = mask.GroupBy(k => k).Select(g => g.Count()).ToArray();
        Assert.True(counts.SequenceEqual(counts.OrderDescending()), "better ranks get at least as many offspring");
    }

    // ---- convergence ----

    [Fact]
    public void ReachesPyBadsRuntestTolerancesOnTheEllipsoid()
    {
        // MATLAB BADS runtest.m / PyBADS test_ellipsoid_opt: 3-D, x0 = 4, bounds ±100, plausible [−8, 12],
        // 100 evaluations, |f − 0| < 1e-3; and the 60-D version within 200 evaluations, error < 1
        for (var seed = 0; seed < 3; seed++)
        {
            var (_, best3, count3, _) = BadsBench.RunOne(3, -100, 100, BadsBench.Ellipsoid, 0, 100, seed, BadsBench.RuntestSettings(3, seed));
            Assert.True(best3 < 1e-3, $"3-D seed {seed}: {best3} after {count3}");
        }
        var (_, best60, count60, _) = BadsBench.RunOne(60, -100, 100, BadsBench.Ellipsoid, 0, 200, 0, BadsBench.RuntestSettings(60, 0));
        Assert.Equal(200, count60);
        Assert.True(best60 < 1, $"60-D: {best60}");
    }

    [Fact]
    public void SphereConvergesAndStopsOnTheStallCriterion()
    {
        var trials = RunF(NewStudy(new BadsSettings { Seed = 1 }, Box(2), 500), Sphere);
        Assert.True(Best(trials) < 1e-6, $"best {Best(trials)}");
        Assert.True(trials.Count < 150, $"{trials.Count} evaluations: BADS should stop on tol_fun long before the budget");
    }

    [Fact]
    public void RosenbrockConvergesWithinStatedBudgets()
    {
        // 2-D to 1e-6 within 300 evaluations; 5-D to 1e-3 within 1,000 (tol_fun lowered so that the stall criterion does
        // not end the run at the default 1e-3); 5-D Rosenbrock has a local minimum near (−1, 1, 1, 1, 1) with f ≈ 3.93
        var hits2 = 0;
        var hits5 = 0;
        for (var seed = 0; seed < 3; seed++)
        {
            var (r2, _, _, _) = BadsBench.RunOne(2, -5, 5, Rosenbrock, 1e-6, 300, seed, new BadsSettings { TolFun = 1e-9 });
            if (r2 > 0) hits2++;
            var (r5, best5, _, _) = BadsBench.RunOne(5, -5, 5, Rosenbrock, 1e-3, 1000, seed, new BadsSettings { TolFun = 1e-9 });
            if (r5 > 0) hits5++;
            else Assert.True(Math.Abs(best5 - 3.93) < 0.05, $"5-D seed {seed} neither converged nor sits in the local minimum: {best5}");
        }
        Assert.True(hits2 >= 2, $"2-D reached 1e-6 in {hits2} of 3 seeds");
        Assert.True(hits5 >= 2, $"5-D reached 1e-3 in {hits5} of 3 seeds");
    }

    [Fact]
    public void ShiftedQuadraticWithItsMinimumOutsideTheBoxEndsOnTheBound()
    {
        // minimum of Σ wᵢ(xᵢ − cᵢ)² at c = (0.3, 1.4, −0.2): inside for x0, beyond the upper bound for x1, below the
        // lower for x2; the constrained minimum is (0.3, 1, 0) with f = 2·0.16 + 3·0.04 = 0.44
        double F(double[] x) => Math.Pow(x[0] - 0.3, 2) + 2 * Math.Pow(x[1] - 1.4, 2) + 3 * Math.Pow(x[2] + 0.2, 2);
        var trials = RunF(NewStudy(new BadsSettings { Seed = 4, TolFun = 1e-9 }, Box(3, 0, 1), 400), F);
        Assert.All(trials, t => Assert.All(t.Params.Values, v => Assert.InRange(v, 0, 1)));
        var best = trials.Where(t => t.State == TrialState.Complete).MinBy(t => t.Loss!.Value)!;
        Assert.Equal(0.44, best.Loss!.Value, 5);
        Assert.Equal(0.3, best["x0"], 3);
        Assert.Equal(1, best["x1"], 6);
        Assert.Equal(0, best["x2"], 6);
    }

    [Fact]
    public void PlausibleBoxHoldsTheInitialDesignAndTheStart()
    {
        var settings = new BadsSettings
        {
            Seed = 2,
            PlausibleBounds = new Dictionary<string, PlausibleRange> { ["x0"] = new(1, 2), ["x1"] = new(-4, -3) },
        };
        var trials = RunF(NewStudy(settings, Box(2, -10, 10), 60), Sphere);
        var first = trials.Where(t => t.SystemAttrs[BadsSampler.StepAttr] == "0").ToList();
        Assert.Equal(5, first.Count); // x0 and 2^⌈log₂ 2⌉·2 = 4 Sobol points
        Assert.All(first, t => { Assert.InRange(t["x0"], 1, 2); Assert.InRange(t["x1"], -4, -3); });
        Assert.Contains(trials, t => t["x0"] < 1 || t["x1"] > -3); // the search leaves the plausible box toward 0
    }

    [Fact]
    public void NonlinearScalingSearchesAWideRangeOfPositiveValuesOnALogScale()
    {
        var space = new SearchSpace(Hp.Uniform("a", 0.01, 10), Hp.Uniform("b", -1, 1), Hp.Uniform("c", 1, 5));
        var coords = new BadsCoordinates(space, new BadsSettings());
        Assert.True(coords.IsLog(0));
        Assert.False(coords.IsLog(1)); // not positive
        Assert.False(coords.IsLog(2)); // spans a factor < 10
        Assert.Equal(Math.Sqrt(0.01 * 10), coords.FromU(0, 0), 9); // the middle of the box is the geometric mean
        Assert.Equal(0.5, coords.ToU(0, Math.Pow(10, 0.25)), 9); // log10 from −2 to 1: three quarters of the way
        Assert.False(new BadsCoordinates(space, new BadsSettings { NonlinearScaling = false }).IsLog(0));
        // a plausible range narrower than a factor 10 is searched linearly
        Assert.False(new BadsCoordinates(space, new BadsSettings { PlausibleBounds = new Dictionary<string, PlausibleRange> { ["a"] = new(1, 5) } }).IsLog(0));
    }

    // ---- the study model ----

    [Fact]
    public void SameSeedSameTrialsOtherSeedOtherTrials()
    {
        var a = RunF(NewStudy(new BadsSettings { Seed = 5 }, Box(3), 80), Sphere);
        var b = RunF(NewStudy(new BadsSettings { Seed = 5 }, Box(3), 80), Sphere);
        var c = RunF(NewStudy(new BadsSettings { Seed = 6 }, Box(3), 80), Sphere);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.NotEqual(Fingerprint(a), Fingerprint(c));
    }

    [Fact]
    public void BatchSizeDoesNotChangeTheSequence()
    {
        var one = RunF(NewStudy(new BadsSettings { Seed = 3 }, Box(3), 70), Sphere, batch: 1);
        var natural = RunF(NewStudy(new BadsSettings { Seed = 3 }, Box(3), 70), Sphere);
        var big = RunF(NewStudy(new BadsSettings { Seed = 3 }, Box(3), 70), Sphere, batch: 50);
        Assert.Equal(Fingerprint(one), Fingerprint(natural));
        Assert.Equal(Fingerprint(one), Fingerprint(big));
    }

    [Fact]
    public void PollsAreBatchesAndSearchesSinglePoints()
    {
        using var study = NewStudy(new BadsSettings { Seed = 8 }, Box(4), 200);
        var trials = RunF(study, Sphere);
        var steps = trials.GroupBy(t => t.SystemAttrs[BadsSampler.StepAttr]).ToList();
        Assert.All(steps, g => Assert.Single(g.Select(t => t.Batch).Distinct())); // a step is one batch
        var kinds = steps.Select(g => BadsStep.ParsePlan(g.First().SystemAttrs[BadsSampler.PlanAttr])).ToList();
        Assert.Equal(BadsStage.Init, kinds[0].Kind);
        Assert.Equal(BadsStage.Poll, kinds[1].Kind); // the first iteration polls
        Assert.All(kinds.Where(k => k.Kind == BadsStage.Search), k => Assert.Equal(1, k.Count));
        Assert.All(kinds.Where(k => k.Kind == BadsStage.Poll), k => Assert.InRange(k.Count, 1, 8));
        Assert.Contains(kinds, k => k.Kind == BadsStage.Search);
        Assert.Contains(kinds, k => k.Refit is not null);
    }

    [Theory]
    [InlineData("init")]   // cut inside the initial design: the resumed study tops the step up
    [InlineData("poll")]   // cut inside a later poll
    [InlineData("search")] // cut right after a search
    public void ResumingOnSqliteInAnotherStudyObjectContinuesExactly(string where)
    {
        var uninterrupted = RunF(NewStudy(new BadsSettings { Seed = 11 }, Box(3), 120), Rosenbrock);
        var steps = uninterrupted.GroupBy(t => t.SystemAttrs[BadsSampler.StepAttr])
            .Select(g => (Kind: BadsStep.ParsePlan(g.First().SystemAttrs[BadsSampler.PlanAttr]).Kind, First: g.Min(t => t.Number), Count: g.Count())).ToList();
        var firstBudget = where switch
        {
            "init" => 3,
            "poll" => steps.Skip(3).First(st => st.Kind == BadsStage.Poll && st.Count > 2).First + 2,
            _ => steps.Skip(3).First(st => st.Kind == BadsStage.Search).First + 1,
        };
        var path = Path.Combine(Path.GetTempPath(), $"bads-resume-{Guid.NewGuid():N}.db");
        try
        {
            using (var storage = new SqliteStudyStorage(path))
            using (var first = Study.Create(storage, "s", Box(3), new BadsSettings { Seed = 11 }, NoHeartbeat(firstBudget)))
                RunF(first, Rosenbrock);
            IReadOnlyList<Trial> all;
            using (var storage = new SqliteStudyStorage(path))
            using (var resumed = Study.Load(storage, "s", NoHeartbeat(120)))
                all = RunF(resumed, Rosenbrock);
            Assert.Equal(Fingerprint(uninterrupted), Fingerprint(all));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public void FailedTrialsCountAsWorstAndTheRunGoesOn()
    {
        using var study = NewStudy(new BadsSettings { Seed = 9 }, Box(2), 150);
        while (true)
        {
            var batch = study.Ask(study.NaturalBatchSize);
            if (batch.Count == 0) break;
            foreach (var t in batch)
            {
                if (t["x0"] < 0) study.TellFailed(t, "diverged");
                else study.Tell(t, Math.Pow(t["x0"] - 1, 2) + Math.Pow(t["x1"] - 1, 2));
            }
        }
        var trials = study.GetTrials();
        Assert.Contains(trials, t => t.State == TrialState.Failed);
        Assert.True(study.BestTrial!.Loss < 1e-4, $"best {study.BestTrial.Loss}");
    }

    [Fact]
    public void SettingsRoundTripThroughJsonAndBadOnesAreRefused()
    {
        var s = new BadsSettings
        {
            Seed = 7, TolFun = 1e-6, TolMesh = 1e-8, TolStallIters = 9, MaxIterations = 50, SearchCandidates = 512, SearchTries = 3,
            NonlinearScaling = false, RandomInitialPointInBounds = true, AccelerateMesh = false, StopOnConvergence = false,
            PlausibleBounds = new Dictionary<string, PlausibleRange> { ["x1"] = new(-1, 2.5) },
            InitialPoint = new Dictionary<string, double> { ["x0"] = 0.5, ["x1"] = 1 },
        };
        Assert.Equal(s.ToJson(), SamplerSettings.FromJson(s.ToJson()).ToJson());
        Assert.Equal(new BadsSettings().ToJson(), SamplerSettings.FromJson(new BadsSettings().ToJson()).ToJson());

        var outside = Assert.Throws<SearchSpaceException>(() => NewStudy(new BadsSettings { PlausibleBounds = new Dictionary<string, PlausibleRange> { ["x0"] = new(-6, 1) } }, Box(2), 10));
        Assert.Contains("inside the parameter's bounds", outside.Message);
        Assert.Contains("x0", outside.Message);
        var unknown = Assert.Throws<SearchSpaceException>(() => NewStudy(new BadsSettings { PlausibleBounds = new Dictionary<string, PlausibleRange> { ["y"] = new(0, 1) } }, Box(2), 10));
        Assert.Contains("not in the search space", unknown.Message);
        var reversed = Assert.Throws<SearchSpaceException>(() => NewStudy(new BadsSettings { PlausibleBounds = new Dictionary<string, PlausibleRange> { ["x1"] = new(1, 0) } }, Box(2), 10));
        Assert.Contains("low < high", reversed.Message);
        var partial = Assert.Throws<SearchSpaceException>(() => NewStudy(new BadsSettings { InitialPoint = new Dictionary<string, double> { ["x0"] = 0 } }, Box(2), 10));
        Assert.Contains("every parameter", partial.Message);
        Assert.Throws<ArgumentException>(() => NewStudy(new BadsSettings { TolFun = 0 }, Box(2), 10));
    }
}
