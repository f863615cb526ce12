using System.Globalization;
using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers.CmaEs;

/// <summary>
/// Generational sampler around <see cref="CmaEngine"/>. Generation g's members carry system attributes
/// <c>cma:gen</c>, <c>cma:member</c> and <c>cma:x</c> (the raw unit-cube vector, exact round-trip), so the state is
/// rebuilt from stored trials by replay. Member k of generation g draws from the stream (seed, g, k).
/// The engine lives in the sampler: observed trials of generations not yet told are kept per generation, and a
/// generation is told once all its members are finished. A new study object (a resume, another worker) replays the
/// stored generations the same way, so every copy of the engine goes through the same states.
/// </summary>
internal sealed class CmaEsSampler : Sampler
{
    internal const long CmaStream = 4;
    internal const string GenAttr = "cma:gen";
    internal const string MemberAttr = "cma:member";
    internal const string XAttr = "cma:x";

    private readonly CmaEsSettings _s;
    private readonly CmaEngine _engine;
    private string? _stopReason;

    // generations not yet told: the latest record of each member trial, by trial number
    private readonly Dictionary<int, Dictionary<int, Trial>> _open = new();
    // per trial number, parsed once: generation + 1 and member (0 = not known yet)
    private int[] _genOf = new int[256];
    private int[] _memberOf = new int[256];
    // the vectors this object drew for generation _drawnGen, by member: the attribute text stored with the trial and its values
    private int _drawnGen = -1;
    private string?[] _drawnText = [];
    private double[]?[] _drawnX = [];
    private bool[] _seen = new bool[8];

    public CmaEsSampler(SearchSpace space, CmaEsSettings settings) : base(space, settings.Seed)
    {
        _s = settings;
        var mean0 = new double[space.Count];
        var rng = Rng.For(settings.Seed, CmaStream, -1);
        for (var i = 0; i < space.Count; i++)
        {
            var p = space.Parameters[i];
            if (settings.InitialMean is { } m && m.TryGetValue(p.Name, out var v)) mean0[i] = p.Distribution.ToUnit(v);
            else mean0[i] = settings.RandomInitialMean ? rng.NextDouble() : 0.5;
        }
        _engine = new CmaEngine(mean0, _s.Sigma0, new double[space.Count], Enumerable.Repeat(1.0, space.Count).ToArray(),
            _s.PopulationSize, _s.MaxResampling);
    }

    public override bool IsGenerational => true;

    public override int NaturalBatchSize => _engine.PopulationSize;

    internal CmaEngine Engine => _engine;

    public override void Observe(Trial t)
    {
        var number = t.Number;
        if (number >= _genOf.Length)
        {
            var size = Math.Max(number + 1, _genOf.Length * 2);
            Array.Resize(ref _genOf, size);
            Array.Resize(ref _memberOf, size);
        }
        var gen = _genOf[number] - 1;
        if (gen < 0)
        {
            if (!t.SystemAttrs.TryGetValue(GenAttr, out var g) || !t.SystemAttrs.TryGetValue(MemberAttr, out var k)) return; // not a CMA-ES trial
            gen = int.Parse(g, CultureInfo.InvariantCulture);
            _genOf[number] = gen + 1;
            _memberOf[number] = int.Parse(k, CultureInfo.InvariantCulture);
        }
        if (gen < _engine.Generation) return;
        if (!_open.TryGetValue(gen, out var members)) _open[gen] = members = new Dictionary<int, Trial>();
        members[number] = t;
    }

    public override GenerationStep NextGeneration(IReadOnlyList<Trial> trials)
    {
        var lambda = _engine.PopulationSize;
        while (_stopReason is null && _open.TryGetValue(_engine.Generation, out var done) && IsComplete(done, lambda))
        {
            var gen = _engine.Generation;
            _engine.Tell(Solutions(gen, done, lambda));
            _open.Remove(gen);
            if (_s.StopOnConvergence) _stopReason = _engine.ShouldStop();
        }
        if (_stopReason is not null)
            return new GenerationStep.Finished($"CMA-ES converged after {_engine.Generation} generations ({_stopReason})");
        var current = _engine.Generation;
        EnsureSeen(lambda);
        var presentCount = 0;
        if (_open.TryGetValue(current, out var members))
            foreach (var number in members.Keys)
                if (!_seen[_memberOf[number]]) { _seen[_memberOf[number]] = true; presentCount++; }
        // a generation cut short by an earlier budget is topped up with the same deterministic members
        if (presentCount == lambda) return new GenerationStep.Wait();

        var newTrials = new List<NewTrial>(lambda - presentCount);
        var genText = current.ToString(CultureInfo.InvariantCulture);
        var firstMissing = -1;
        for (var k = 0; k < lambda; k++)
        {
            if (_seen[k]) continue;
            if (firstMissing < 0) firstMissing = k;
            var x = _engine.Ask(Rng.For(Seed, CmaStream, current, k));
            var ps = new Dictionary<string, double>(Space.Count, StringComparer.Ordinal);
            for (var i = 0; i < Space.Count; i++) ps[Space.Parameters[i].Name] = Space.Parameters[i].Distribution.FromUnit(x[i]);
            var text = FormatX(x);
            if (_drawnGen != current)
            {
                _drawnGen = current;
                _drawnText = new string?[lambda];
                _drawnX = new double[]?[lambda];
            }
            _drawnText[k] = text;
            _drawnX[k] = x;
            var attrs = new Dictionary<string, string>(3) { [GenAttr] = genText, [MemberAttr] = MemberText(k), [XAttr] = text };
            newTrials.Add(new NewTrial(TrialState.Waiting, ps, null, null, attrs));
        }
        return new GenerationStep.Enqueue(presentCount == 0 ? $"cma:{current}" : $"cma:{current}:from{firstMissing}", newTrials);
    }

    private string[] _memberTexts = [];

    private string MemberText(int k)
    {
        if (_memberTexts.Length <= k)
        {
            var texts = new string[k + 1];
            for (var i = 0; i <= k; i++) texts[i] = i.ToString(CultureInfo.InvariantCulture);
            _memberTexts = texts;
        }
        return _memberTexts[k];
    }

    private void EnsureSeen(int lambda)
    {
        if (_seen.Length < lambda) _seen = new bool[lambda];
        Array.Clear(_seen, 0, lambda);
    }

    /// <summary>All λ members present and finished. A member may appear more than once only through an explicit
    /// duplicate; the latest finished copy counts.</summary>
    private bool IsComplete(Dictionary<int, Trial> members, int lambda)
    {
        EnsureSeen(lambda);
        var distinct = 0;
        foreach (var (number, t) in members)
        {
            if (!t.State.IsFinished()) return false;
            var k = _memberOf[number];
            if (k < lambda && !_seen[k]) { _seen[k] = true; distinct++; }
        }
        return distinct == lambda;
    }

    /// <summary>(x, loss) per member in member order; for a member with several trials, a Complete one before a failed
    /// one, then the latest.</summary>
    private List<(double[] X, double F)> Solutions(int gen, Dictionary<int, Trial> members, int lambda)
    {
        var chosen = new Trial?[lambda];
        foreach (var (number, t) in members)
        {
            var k = _memberOf[number];
            if (k >= lambda) continue;
            var c = chosen[k];
            bool better;
            if (c is null) better = true;
            else if ((t.State == TrialState.Complete) != (c.State == TrialState.Complete)) better = t.State == TrialState.Complete;
            else better = t.Number > c.Number;
            if (better) chosen[k] = t;
        }
        var solutions = new List<(double[] X, double F)>(lambda);
        for (var k = 0; k < lambda; k++)
        {
            var t = chosen[k]!;
            var text = t.SystemAttrs[XAttr];
            var x = gen == _drawnGen && string.Equals(_drawnText[k], text, StringComparison.Ordinal) ? _drawnX[k]! : ParseX(text);
            solutions.Add((x, t.SamplerLoss));
        }
        return solutions;
    }

    /// <summary>Comma-separated round-trip ("R") text of the vector.</summary>
    internal static string FormatX(double[] x)
    {
        Span<char> buffer = stackalloc char[32];
        var text = new System.Text.StringBuilder(x.Length * 24);
        for (var i = 0; i < x.Length; i++)
        {
            if (i > 0) text.Append(',');
            if (!x[i].TryFormat(buffer, out var written, "R", CultureInfo.InvariantCulture)) throw new InvalidOperationException("number text too long");
            text.Append(buffer[..written]);
        }
        return text.ToString();
    }

    internal static double[] ParseX(string s) => s.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
}
