using System.Globalization;
using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers.CmaEs;

/// <summary>
/// Generational sampler around <see cref="CmaEngine"/>. Generation g's members carry system attributes
/// <c>cma:gen</c>, <c>cma:member</c> and <c>cma:x</c> (the raw unit-cube vector, exact round-trip), so the state is
/// rebuilt from stored trials by replay. Member k of generation g draws from the stream (seed, g, k).
/// The replayed engine is cached per instance; finished trials never change, so the cache cannot change results.
/// </summary>
internal sealed class CmaEsSampler : Sampler
{
    internal const long CmaStream = 4;
    internal const string GenAttr = "cma:gen";
    internal const string MemberAttr = "cma:member";
    internal const string XAttr = "cma:x";

    private readonly CmaEsSettings _s;
    private readonly double[] _mean0;
    private CmaEngine _engine;
    private string? _stopReason;

    public CmaEsSampler(SearchSpace space, CmaEsSettings settings) : base(space, settings.Seed)
    {
        _s = settings;
        _mean0 = new double[space.Count];
        var rng = Rng.For(settings.Seed, CmaStream, -1);
        for (var i = 0; i < space.Count; i++)
        {
            var p = space.Parameters[i];
            if (settings.InitialMean is { } m && m.TryGetValue(p.Name, out var v)) _mean0[i] = p.Distribution.ToUnit(v);
            else _mean0[i] = settings.RandomInitialMean ? rng.NextDouble() : 0.5;
        }
        _engine = NewEngine();
    }

    private CmaEngine NewEngine() =>
        new(_mean0, _s.Sigma0, Enumerable.Repeat(0.0, Space.Count).ToArray(), Enumerable.Repeat(1.0, Space.Count).ToArray(),
            _s.PopulationSize, _s.MaxResampling);

    public override bool IsGenerational => true;

    public override int NaturalBatchSize => _engine.PopulationSize;

    internal CmaEngine Engine => _engine;

    public override GenerationStep NextGeneration(IReadOnlyList<Trial> trials)
    {
        var lambda = _engine.PopulationSize;
        var byGen = new Dictionary<int, List<Trial>>();
        foreach (var t in trials)
        {
            if (!t.SystemAttrs.TryGetValue(GenAttr, out var g)) continue;
            var genOf = int.Parse(g, CultureInfo.InvariantCulture);
            if (!byGen.TryGetValue(genOf, out var list)) byGen[genOf] = list = new List<Trial>();
            list.Add(t);
        }
        if (_engine.Generation > 0 && !byGen.ContainsKey(_engine.Generation - 1))
        {
            // the study no longer holds what the cache replayed (should not happen); rebuild from scratch
            _engine = NewEngine();
            _stopReason = null;
        }

        while (_stopReason is null && byGen.TryGetValue(_engine.Generation, out var members) && IsComplete(members, lambda))
        {
            var solutions = new List<(double[] X, double F)>(lambda);
            foreach (var group in members.GroupBy(Member).OrderBy(g => g.Key))
            {
                var m = group.OrderBy(t => t.State == TrialState.Complete ? 0 : 1).ThenByDescending(t => t.Number).First();
                solutions.Add((ParseX(m.SystemAttrs[XAttr]), m.SamplerLoss));
            }
            _engine.Tell(solutions);
            if (_s.StopOnConvergence) _stopReason = _engine.ShouldStop();
        }
        if (_stopReason is not null)
            return new GenerationStep.Finished($"CMA-ES converged after {_engine.Generation} generations ({_stopReason})");
        var gen = _engine.Generation;
        var present = byGen.TryGetValue(gen, out var current) ? current.Select(Member).ToHashSet() : new HashSet<int>();
        // a generation cut short by an earlier budget is topped up with the same deterministic members
        var missing = Enumerable.Range(0, lambda).Where(k => !present.Contains(k)).ToList();
        if (missing.Count == 0) return new GenerationStep.Wait();

        var newTrials = new List<NewTrial>(missing.Count);
        foreach (var k in missing)
        {
            var x = _engine.Ask(Rng.For(Seed, CmaStream, gen, k));
            var ps = new Dictionary<string, double>(Space.Count, StringComparer.Ordinal);
            for (var i = 0; i < Space.Count; i++) ps[Space.Parameters[i].Name] = Space.Parameters[i].Distribution.FromUnit(x[i]);
            var attrs = new Dictionary<string, string>
            {
                [GenAttr] = gen.ToString(CultureInfo.InvariantCulture),
                [MemberAttr] = k.ToString(CultureInfo.InvariantCulture),
                [XAttr] = FormatX(x),
            };
            newTrials.Add(new NewTrial(TrialState.Waiting, ps, null, null, attrs));
        }
        return new GenerationStep.Enqueue(present.Count == 0 ? $"cma:{gen}" : $"cma:{gen}:from{missing[0]}", newTrials);
    }

    /// <summary>All λ members present and finished. A member may appear more than once only through an explicit
    /// duplicate; the latest finished copy counts.</summary>
    private static bool IsComplete(List<Trial> members, int lambda)
    {
        var seen = new HashSet<int>();
        foreach (var m in members)
        {
            if (!m.State.IsFinished()) return false;
            seen.Add(Member(m));
        }
        return seen.Count == lambda;
    }

    private static int Member(Trial t) => int.Parse(t.SystemAttrs[MemberAttr], CultureInfo.InvariantCulture);

    internal static string FormatX(double[] x) => string.Join(",", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    internal static double[] ParseX(string s) => s.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
