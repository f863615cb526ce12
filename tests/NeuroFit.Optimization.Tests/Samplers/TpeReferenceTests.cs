using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Samplers.Tpe;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Tests.Samplers;

/// <summary>
/// The TPE sampler keeps a sorted index across suggestions and selects the good trials without sorting; this law
/// checks it against a plain transcription of hyperopt's <c>suggest</c> (full stable argsort split, estimators
/// built from unsorted observations) on random histories with ties, pending and failed trials.
/// </summary>
public class TpeReferenceTests
{
    private static readonly SearchSpace Space = new(
        Hp.Uniform("u", -3, 3), Hp.QUniform("q", 0, 10, 1), Hp.LogUniform("l", -2, 2), Hp.Normal("n", 0, 1), Hp.Choice("c", 1, 2, 3), Hp.RandInt("r", 2, 6));

    private static IReadOnlyList<Trial> History(int n, int seed)
    {
        var rng = new Rng((ulong)seed);
        var list = new List<Trial>();
        for (var i = 0; i < n; i++)
        {
            var ps = Space.Parameters.ToDictionary(p => p.Name, p => p.Distribution.SamplePrior(rng));
            ps["u"] = Math.Round(ps["u"], 1); // ties
            var u = rng.NextDouble();
            var state = u < 0.1 ? TrialState.Running : u < 0.15 ? TrialState.Failed : TrialState.Complete;
            double? loss = state == TrialState.Complete ? Math.Round(ps["u"] * ps["u"] + ps["q"] * 0.1, 2) : null; // ties in losses too
            list.Add(new Trial(i + 1, 1, i, state, ps, loss, null, null, "w", i, 1, null, null, null, new Dictionary<string, string>()));
        }
        return list;
    }

    private static Dictionary<string, double> Reference(TpeSettings s, IReadOnlyList<Trial> docs, int number)
    {
        var n = docs.Count;
        if (n < 20) return new Dictionary<string, double>(RandomSampler.SamplePrior(Space, s.Seed, number)); // hyperopt: rand.suggest below n_startup_jobs
        var losses = docs.Select(t => t.SamplerLoss).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => losses[i]).ThenBy(i => i).ToArray();
        var below = new bool[n];
        foreach (var i in order.Take(s.BelowCount(n))) below[i] = true;
        var rng = Rng.For(s.Seed, number, TpeSampler.TpeStream);
        var result = new Dictionary<string, double>();
        var scratch = new TpeScratch();
        foreach (var p in Space.Parameters)
        {
            var rule = TpeSampler.HyperoptRule.For(p.Distribution);
            var b = docs.Where((_, i) => below[i]).Select(t => rule.Observe(t[p.Name])).ToArray();
            var a = docs.Where((_, i) => !below[i]).Select(t => rule.Observe(t[p.Name])).ToArray();
            if (rule.Categories > 0)
            {
                var pb = new double[rule.Categories];
                var pa = new double[rule.Categories];
                HyperoptParzen.CategoricalProbabilities(b, rule.Categories, s.PriorWeight, s.Forgetting, pb, scratch);
                HyperoptParzen.CategoricalProbabilities(a, rule.Categories, s.PriorWeight, s.Forgetting, pa, scratch);
                int best = -1; double bestScore = 0;
                for (var c = 0; c < s.EiCandidates; c++)
                {
                    var k = rng.Categorical(pb, 1.0);
                    var score = Math.Log(pb[k]) - Math.Log(pa[k]);
                    if (best < 0 || score > bestScore) { best = k; bestScore = score; }
                }
                result[p.Name] = rule.Offset + best;
                continue;
            }
            var mb = new ParzenMixture();
            var ma = new ParzenMixture();
            HyperoptParzen.AdaptiveParzenNormal(b, s.PriorWeight, rule.PriorMu, rule.PriorSigma, s.Forgetting, mb, scratch);
            HyperoptParzen.AdaptiveParzenNormal(a, s.PriorWeight, rule.PriorMu, rule.PriorSigma, s.Forgetting, ma, scratch);
            var cb = new HyperoptParzen.LpdfCache();
            var ca = new HyperoptParzen.LpdfCache();
            cb.Prepare(mb, rule.Low, rule.High, rule.Log);
            ca.Prepare(ma, rule.Low, rule.High, rule.Log);
            var terms = new double[n + 2];
            var xs = Enumerable.Range(0, s.EiCandidates).Select(_ => HyperoptParzen.Sample(mb, rule.Low, rule.High, rule.Q, rule.Log, rng)).ToArray();
            var bestX = xs[0];
            var bestS = double.NaN;
            for (var c = 0; c < xs.Length; c++)
            {
                var score = HyperoptParzen.Lpdf(xs[c], mb, cb, rule.Low, rule.High, rule.Q, rule.Log, terms)
                            - HyperoptParzen.Lpdf(xs[c], ma, ca, rule.Low, rule.High, rule.Q, rule.Log, terms);
                if (c == 0 || score > bestS) { bestX = xs[c]; bestS = score; }
            }
            result[p.Name] = bestX;
        }
        return result;
    }

    [Property(MaxTest = 25)]
    public Property SamplerEqualsThePlainTranscription() =>
        Prop.ForAll(Gen.Choose(20, 260).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (n, seed) =>
        {
            var settings = TpeSettings.Hyperopt(seed);
            var sampler = new TpeSampler(Space, settings);
            var history = History(n, seed);
            // two suggestions in a row: the second reuses the sorted index built by the first
            var first = sampler.SampleTrial(history.Take(n - 5).ToList(), n);
            var second = sampler.SampleTrial(history, n + 1);
            var ok1 = Space.Names.All(k => first[k].Equals(Reference(settings, history.Take(n - 5).ToList(), n)[k]));
            var ok2 = Space.Names.All(k => second[k].Equals(Reference(settings, history, n + 1)[k]));
            return ok1 && ok2;
        });

    /// <summary>Large histories, where the "above" mixtures are evaluated over a window of components: the choice must
    /// still be the plain transcription's, suggestion after suggestion.</summary>
    [Property(MaxTest = 8)]
    public Property LargeHistoriesEqualThePlainTranscription() =>
        Prop.ForAll(Gen.Choose(300, 1200).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), (n, seed) =>
        {
            var settings = TpeSettings.Hyperopt(seed);
            var sampler = new TpeSampler(Space, settings);
            var history = History(n, seed);
            for (var k = 0; k < 3; k++)
            {
                var got = sampler.SampleTrial(history, n + k);
                var want = Reference(settings, history, n + k);
                if (!Space.Names.All(name => got[name].Equals(want[name]))) return false;
            }
            return true;
        });
}
