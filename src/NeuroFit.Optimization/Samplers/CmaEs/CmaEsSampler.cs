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
/// With restarts (IPOP/BIPOP) generations are numbered across runs; a run ends on the engine's stop tolerances or the
/// <see cref="RestartRules"/>, and the next one (<see cref="RestartSchedule"/>) follows from the seed and the
/// evaluations used so far, so the replay also restarts at the same generations. Members then carry <c>cma:restart</c>
/// (run index) and <c>cma:lambda</c> as well.
/// </summary>
internal sealed class CmaEsSampler : Sampler
{
    internal const long CmaStream = 4;
    internal const string GenAttr = "cma:gen";
    internal const string MemberAttr = "cma:member";
    internal const string XAttr = "cma:x";
    internal const string RestartAttr = "cma:restart";
    internal const string LambdaAttr = "cma:lambda";

    private readonly CmaEsSettings _s;
    private readonly RestartSchedule? _schedule;
    private CmaEngine _engine;
    private RestartRules? _rules;
    private int _genOffset;          // global number of the current run's first generation
    private string? _stopReason;
    private string? _stage, _restartText, _lambdaText;

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
        if (settings.Restarts != CmaEsRestarts.None) _schedule = new RestartSchedule(settings, space.Count, mean0);
        _engine = NewEngine(mean0, _s.Sigma0, _s.PopulationSize);
        if (_schedule is not null) StartRun(_schedule.Current, 0);
    }

    private CmaEngine NewEngine(double[] mean, double sigma, int? lambda) =>
        new(mean, sigma, new double[Space.Count], Enumerable.Repeat(1.0, Space.Count).ToArray(), lambda, _s.MaxResampling);

    private void StartRun(CmaRun run, int firstGeneration)
    {
        if (run.Index > 0) _engine = NewEngine(run.Mean, run.Sigma, run.Lambda);
        _genOffset = firstGeneration;
        _rules = new RestartRules(Space.Count, run.Lambda, run.MaxGenerations);
        _restartText = run.Index.ToString(CultureInfo.InvariantCulture);
        _lambdaText = run.Lambda.ToString(CultureInfo.InvariantCulture);
        var regime = _s.Restarts == CmaEsRestarts.Bipop && run.Index > 0 ? (run.Regime == CmaRunRegime.Small ? " (small)" : " (large)") : "";
        _stage = $"restart {run.Index}{regime}, λ = {run.Lambda}";
    }

    public override bool IsGenerational => true;

    public override int NaturalBatchSize => _engine.PopulationSize;

    /// <summary>"restart k, λ = N" (BIPOP: "restart k (small|large), λ = N"); null without restarts.</summary>
    public override string? Stage => _stage;

    internal CmaEngine Engine => _engine;

    /// <summary>Global number of the generation the engine waits for.</summary>
    private int CurrentGeneration => _genOffset + _engine.Generation;

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
        if (gen < CurrentGeneration) return;
        if (!_open.TryGetValue(gen, out var members)) _open[gen] = members = new Dictionary<int, Trial>();
        members[number] = t;
    }

    /// <summary>Tells the engine every generation whose members are all finished, restarting where a run ends.</summary>
    public override void CatchUp()
    {
        while (_stopReason is null && _open.TryGetValue(CurrentGeneration, out var done) && IsComplete(done, _engine.PopulationSize))
        {
            var gen = CurrentGeneration;
            var solutions = Solutions(gen, done, _engine.PopulationSize);
            _engine.Tell(solutions);
            _open.Remove(gen);
            if (!_s.StopOnConvergence) continue;
            var reason = _engine.ShouldStop();
            if (_schedule is null)
            {
                _stopReason = reason is null ? null : $"CMA-ES converged after {_engine.Generation} generations ({reason})";
                continue;
            }
            reason = _rules!.Tell(_engine.Generation, solutions) is { } r ? reason ?? r : reason;
            if (reason is null) continue;
            var run = _schedule.Current;
            var evaluations = (long)_engine.PopulationSize * _engine.Generation;
            if (_schedule.Advance(evaluations)) StartRun(_schedule.Current, gen + 1);
            else
                _stopReason = $"CMA-ES ({_s.Restarts}) reached its limit of {_s.MaxRestarts} restarts: run {run.Index} (λ = {run.Lambda}) " +
                              $"ended after {_engine.Generation} generations ({reason}), {gen + 1} generations in all";
        }
    }

    public override GenerationStep NextGeneration(IReadOnlyList<Trial> trials)
    {
        CatchUp();
        var lambda = _engine.PopulationSize;
        if (_stopReason is not null) return new GenerationStep.Finished(_stopReason);
        var current = CurrentGeneration;
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
            var attrs = new Dictionary<string, string>(_schedule is null ? 3 : 5) { [GenAttr] = genText, [MemberAttr] = MemberText(k), [XAttr] = text };
            if (_schedule is not null)
            {
                attrs[RestartAttr] = _restartText!;
                attrs[LambdaAttr] = _lambdaText!;
            }
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
            if (_lambdaText is not null && t.SystemAttrs.TryGetValue(LambdaAttr, out var storedLambda) && !string.Equals(storedLambda, _lambdaText, StringComparison.Ordinal))
                throw new InvalidOperationException($"CMA-ES replay: trial {t.Number} of generation {gen} was stored with λ = {storedLambda}, the replay gives λ = {_lambdaText}; the study was written with other settings or another version of the restart strategy");
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
