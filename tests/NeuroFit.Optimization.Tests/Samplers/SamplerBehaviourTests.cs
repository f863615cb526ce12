using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Samplers.CmaEs;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;
using static NeuroFit.Optimization.Tests.Support.TestFunctions;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>Reproducibility, batch independence and resume for every sampler (Optuna's sampler conformance idea).</summary>
public class SamplerBehaviourTests
{
    public static TheoryData<string> Methods => ["random", "sobol", "sobol-plain", "tpe-hyperopt", "tpe-optuna", "tpe-optuna-mv", "cmaes"];

    internal static SamplerSettings Settings(string method, long seed) => method switch
    {
        "random" => new RandomSettings { Seed = seed },
        "sobol" => new SobolSettings { Seed = seed },
        "sobol-plain" => new SobolSettings { Seed = seed, Scramble = false },
        "tpe-hyperopt" => TpeSettings.Hyperopt(seed),
        "tpe-optuna" => TpeSettings.Optuna(seed),
        "tpe-optuna-mv" => TpeSettings.Optuna(seed, multivariate: true),
        "cmaes" => new CmaEsSettings { Seed = seed },
        _ => throw new ArgumentException(method),
    };

    private static SearchSpace MixedSpace() => new(
        Hp.Uniform("a", -10, 10), Hp.LogUniform("tau", Math.Log(0.1), Math.Log(100)), Hp.QUniform("q", 0, 20, 0.5),
        Hp.Normal("n", 1, 2), Hp.Choice("c", "x", "y", "z"), Hp.RandInt("r", 1, 6));

    private static double Loss(Trial t) =>
        Math.Pow(t["a"] - 3, 2) + Math.Pow(Math.Log(t["tau"]) - 1, 2) + Math.Abs(t["q"] - 7) + Math.Pow(t["n"] - 1, 2) + t["c"] + t["r"];

    private static string Fingerprint(IEnumerable<Trial> trials) =>
        string.Join("|", trials.Select(t => $"{t.Number}:{string.Join(",", t.Params.OrderBy(p => p.Key).Select(p => p.Value.ToString("R")))}:{t.Loss:R}"));

    [Theory]
    [MemberData(nameof(Methods))]
    public void SameSeedSameTrialsOtherSeedOtherTrials(string method)
    {
        var a = Run(NewStudy(Settings(method, 7), MixedSpace(), 40), 4, Loss);
        var b = Run(NewStudy(Settings(method, 7), MixedSpace(), 40), 4, Loss);
        var c = Run(NewStudy(Settings(method, 8), MixedSpace(), 40), 4, Loss);
        Assert.Equal(40, a.Count);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        if (method != "sobol-plain") Assert.NotEqual(Fingerprint(a), Fingerprint(c)); // the plain sequence has no seed
        Assert.All(a, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("cmaes")]
    public void BatchSizeDoesNotChangeTheSequence(string method)
    {
        var one = Run(NewStudy(Settings(method, 3), MixedSpace(), 36), 1, Loss);
        var five = Run(NewStudy(Settings(method, 3), MixedSpace(), 36), 5, Loss);
        var big = Run(NewStudy(Settings(method, 3), MixedSpace(), 36), 36, Loss);
        Assert.Equal(Fingerprint(one), Fingerprint(five));
        Assert.Equal(Fingerprint(one), Fingerprint(big));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void ResumingInAnotherStudyObjectContinuesExactly(string method)
    {
        var uninterrupted = Run(NewStudy(Settings(method, 11), MixedSpace(), 50), 4, Loss);

        var storage = new NeuroFit.Optimization.Storage.InMemoryStudyStorage();
        using (var first = Study.Create(storage, "s", MixedSpace(), Settings(method, 11), NoHeartbeat(24)))
            Run(first, 4, Loss);
        using var resumed = Study.Load(storage, "s", NoHeartbeat(50));
        var all = Run(resumed, 4, Loss);
        Assert.Equal(Fingerprint(uninterrupted), Fingerprint(all));
    }

    [Fact]
    public void TpeStartupTrialsAreTheRandomSamplersTrials()
    {
        var tpe = Run(NewStudy(TpeSettings.Hyperopt(5), MixedSpace(), 20), 1, Loss);
        var rnd = Run(NewStudy(new RandomSettings { Seed = 5 }, MixedSpace(), 20), 1, Loss);
        Assert.Equal(Fingerprint(rnd), Fingerprint(tpe));
    }

    [Theory]
    [InlineData(TpeProfile.Hyperopt, false)]
    [InlineData(TpeProfile.Optuna, false)]
    [InlineData(TpeProfile.Optuna, true)]
    public void TpeBeatsRandomSearchOnASphere(TpeProfile profile, bool multivariate)
    {
        double Best(SamplerSettings s) => Run(NewStudy(s, Box(3), 150), 1, SphereOf).Min(t => t.Loss!.Value);
        var tpe = Enumerable.Range(0, 5).Select(seed => Best(new TpeSettings { Seed = seed, Profile = profile, Multivariate = multivariate })).Order().ToArray();
        var rnd = Enumerable.Range(0, 5).Select(seed => Best(new RandomSettings { Seed = seed })).Order().ToArray();
        Assert.True(tpe[2] < rnd[2] / 3, $"median best TPE {tpe[2]} vs random {rnd[2]}");
    }

    [Fact]
    public void ConstantLiarSpreadsABatchAndPendingTrialsCountAsWorst()
    {
        var study = NewStudy(TpeSettings.Hyperopt(2), Box(2), 200);
        Run(study, 1, SphereOf); // never mind the budget: run 30 then ask a batch
        var s2 = NewStudy(TpeSettings.Hyperopt(2), Box(2), 1000);
        for (var i = 0; i < 30; i++) { var t = s2.Ask(1)[0]; s2.Tell(t, SphereOf(t)); }
        var batch = s2.Ask(8);
        Assert.Equal(8, batch.Count);
        Assert.Equal(8, batch.Select(t => (t["x0"], t["x1"])).Distinct().Count());
        Assert.All(batch, t => Assert.Equal(batch[0].Number, t.Batch));
        Assert.All(batch, t => Assert.Equal(TrialState.Running, t.State));
    }

    [Fact]
    public void FailedTrialsCountAsWorstAndNeverStopTheRun()
    {
        var study = NewStudy(TpeSettings.Hyperopt(4), Box(2), 60);
        var n = 0;
        while (true)
        {
            var b = study.Ask(3);
            if (b.Count == 0) break;
            foreach (var t in b)
            {
                if (n++ % 4 == 0) study.TellFailed(t, "diverged");
                else study.Tell(t, t["x0"] > 0 ? double.NaN : SphereOf(t));
            }
        }
        var trials = study.GetTrials();
        Assert.Equal(60, trials.Count);
        Assert.Contains(trials, t => t.FailureReason == "loss is NaN");
        Assert.Contains(trials, t => t.FailureReason == "diverged");
        Assert.All(trials.Where(t => t.State == TrialState.Failed), t => Assert.Equal(double.PositiveInfinity, t.SamplerLoss));
        Assert.True(study.BestTrial!.Loss <= trials.Where(t => t.State == TrialState.Complete).Min(t => t.Loss));
    }

    [Fact]
    public void CmaEsHandsOutWholeGenerationsAndWaitsForThem()
    {
        var study = NewStudy(new CmaEsSettings { Seed = 1 }, Box(4), 100);
        Assert.Equal(8, study.NaturalBatchSize); // 4 + floor(3 ln 4)
        var first = study.Ask(5);
        Assert.Equal(5, first.Count);
        var rest = study.Ask(10);
        Assert.Equal(3, rest.Count); // the generation's remaining members only
        var none = study.Ask(8);
        Assert.Empty(none);
        Assert.Equal(AskStatus.Waiting, none.Status);
        foreach (var t in first.Concat(rest)) study.Tell(t, SphereOf(t));
        var next = study.Ask(8);
        Assert.Equal(8, next.Count);
        Assert.All(next, t => Assert.Equal("1", t.SystemAttrs[CmaEsSampler.GenAttr]));
    }

    [Fact]
    public void CmaEsGenerationsAreSharedByWorkersAndGiveTheSingleWorkerRun()
    {
        var single = Run(NewStudy(new CmaEsSettings { Seed = 9 }, Box(3), 70), 7, SphereOf);
        var storage = new NeuroFit.Optimization.Storage.InMemoryStudyStorage();
        var workers = Enumerable.Range(0, 3).Select(i => i == 0
            ? Study.Create(storage, "s", Box(3), new CmaEsSettings { Seed = 9 }, NoHeartbeat(70))
            : Study.Load(storage, "s", NoHeartbeat(70))).ToList();
        var held = new List<(Study Worker, Trial Trial)>();
        var rounds = 0;
        while (rounds++ < 1000)
        {
            var progressed = false;
            foreach (var w in workers)
            {
                var b = w.Ask(2);
                held.AddRange(b.Select(t => (w, t)));
                progressed |= b.Count > 0;
            }
            // tell in reverse order of asking, one worker's trials at a time
            foreach (var (w, t) in held.AsEnumerable().Reverse()) w.Tell(t, SphereOf(t));
            held.Clear();
            if (!progressed && workers[0].Ask(1) is { Count: 0, Status: AskStatus.BudgetExhausted }) break;
        }
        var shared = storage.GetTrials(workers[0].Record.Id);
        Assert.Equal(single.Select(t => (t.Number, t["x0"], t["x1"], t["x2"], t.Loss)), shared.Select(t => (t.Number, t["x0"], t["x1"], t["x2"], t.Loss)));
        Assert.True(shared.Select(t => t.WorkerId).Distinct().Count() > 1);
    }

    [Fact]
    public void CmaEsRecoversAQuadraticOptimumInTheBoxAndStopsOnConvergence()
    {
        var study = NewStudy(new CmaEsSettings { Seed = 2 }, new SearchSpace(Hp.Uniform("a", -10, 10), Hp.Uniform("b", -10, 10)), 3000);
        TrialBatch b;
        while ((b = study.Ask(6)).Count > 0)
            foreach (var t in b) study.Tell(t, Math.Pow(t["a"] - 0.8, 2) + Math.Pow(t["b"] - 2, 2));
        Assert.Equal(AskStatus.SamplerFinished, b.Status);
        Assert.NotNull(study.StopReason);
        var best = study.BestTrial!;
        Assert.Equal(0.8, best["a"], 6);
        Assert.Equal(2.0, best["b"], 6);
        Assert.True(study.CountTrials() < 3000);
    }

    [Fact]
    public void SobolUnscrambledPointsMatchTheJoeKuoSequence()
    {
        var sampler = new SobolSampler(Box(3), 0, scramble: false);
        double[][] expected =
        [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75], [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375], [0.1875, 0.3125, 0.9375], [0.6875, 0.8125, 0.4375],
        ];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], sampler.Point(i));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SobolFirst2PowMPointsStratifyEveryCoordinate(bool scramble)
    {
        var sampler = new SobolSampler(Box(32), 5, scramble);
        const int m = 6;
        for (var j = 0; j < 32; j++)
        {
            var cells = Enumerable.Range(0, 1 << m).Select(i => (int)(sampler.Point(i)[j] * (1 << m))).Distinct().Count();
            Assert.Equal(1 << m, cells);
        }
    }

    [Fact]
    public void SobolRefusesTooManyDimensions()
    {
        var e = Assert.Throws<SearchSpaceException>(() => NewStudy(new SobolSettings(), Box(33), 10));
        Assert.Contains("use the random sampler", e.Message);
    }

    [Fact]
    public void SettingsRoundTripThroughJson()
    {
        var all = new SamplerSettings[]
        {
            new RandomSettings { Seed = 3 }, new SobolSettings { Seed = 4, Scramble = false },
            new TpeSettings { Seed = 5, Profile = TpeProfile.Optuna, Multivariate = true, StartupTrials = 7, Gamma = 0.2 },
            new CmaEsSettings { Seed = 6, Sigma0 = 0.1, PopulationSize = 12, InitialMean = new Dictionary<string, double> { ["x0"] = 1 } },
        };
        foreach (var s in all) Assert.Equal(s.ToJson(), SamplerSettings.FromJson(s.ToJson()).ToJson());
    }
}
