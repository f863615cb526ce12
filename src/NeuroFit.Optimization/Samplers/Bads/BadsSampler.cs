using System.Globalization;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers.Bads;

/// <summary>
/// Generational sampler running BADS. Step k (the initial design, a poll or a search) is one batch whose trials carry
/// <c>bads:step</c>, <c>bads:member</c>, <c>bads:u</c> (the point in BADS coordinates, exact round trip),
/// <c>bads:pred</c> (the GP's mean and SD there) and <c>bads:plan</c> (the step's decisions, see
/// <see cref="BadsStep"/>). Once every member of the current step is finished (failed members count as +∞), the
/// state advances by replaying the stored step — never by re-running the GP — so every study object that sees the same
/// trials, a resumed one included, goes through the same states and proposes the same steps.
/// </summary>
internal sealed class BadsSampler : Sampler
{
    internal const string StepAttr = "bads:step";
    internal const string MemberAttr = "bads:member";
    internal const string UAttr = "bads:u";
    internal const string PredAttr = "bads:pred";
    internal const string PlanAttr = "bads:plan";

    private readonly BadsConstants _c;
    private readonly BadsCoordinates _coords;
    private readonly BadsProposer _proposer;
    private readonly BadsState _state;
    private readonly BadsArchive _archive;
    private readonly Dictionary<int, Dictionary<int, Trial>> _open = new();
    private (int Step, BadsStep? Proposal, string? Finished)? _cached;

    public BadsSampler(SearchSpace space, BadsSettings settings) : base(space, settings.Seed)
    {
        if (space.Count == 0) throw new SearchSpaceException("BADS needs at least one parameter to optimise", "");
        if (settings.InitialPoint is { } x0)
        {
            foreach (var key in x0.Keys)
                if (!space.Contains(key)) throw new SearchSpaceException($"the BADS initial point names a parameter that is not in the search space (known: {string.Join(", ", space.Names)})", key);
            foreach (var p in space.Parameters)
            {
                if (!x0.TryGetValue(p.Name, out var v)) throw new SearchSpaceException("the BADS initial point must give every parameter", p.Name);
                if (!p.Distribution.Contains(v)) throw new SearchSpaceException($"the BADS initial point {v} is outside the parameter's bounds", p.Name);
            }
        }
        _c = new BadsConstants(settings, space.Count);
        _coords = new BadsCoordinates(space, settings);
        _proposer = new BadsProposer(space, settings, _coords, _c);
        _state = BadsState.Start(_c, space.Count);
        _archive = new BadsArchive(space.Count, _c.TolMesh);
    }

    public override bool IsGenerational => true;

    /// <summary>A poll's 2n points, or the initial design if larger.</summary>
    public override int NaturalBatchSize => Math.Max(2 * Space.Count, 1 + _c.InitialDesign);

    internal BadsState State => _state;
    internal BadsCoordinates Coordinates => _coords;

    public override void Observe(Trial t)
    {
        if (!t.SystemAttrs.TryGetValue(StepAttr, out var stepText) || !t.SystemAttrs.ContainsKey(MemberAttr)) return;
        var step = int.Parse(stepText, CultureInfo.InvariantCulture);
        if (step < _state.Steps) return;
        if (!_open.TryGetValue(step, out var members)) _open[step] = members = new Dictionary<int, Trial>();
        members[t.Number] = t;
    }

    public override GenerationStep NextGeneration(IReadOnlyList<Trial> trials)
    {
        while (_state.Stage != BadsStage.Finished && _open.TryGetValue(_state.Steps, out var done) && Complete(done) is { } chosen)
        {
            Tell(chosen);
            _open.Remove(_state.Steps - 1);
        }
        var (proposal, finished) = Proposal();
        if (proposal is null) return new GenerationStep.Finished(finished ?? "BADS stopped");

        var step = _state.Steps;
        var present = new bool[proposal.Points.Count];
        var presentCount = 0;
        if (_open.TryGetValue(step, out var members))
            foreach (var t in members.Values)
            {
                var k = Member(t);
                if (k < present.Length && !present[k]) { present[k] = true; presentCount++; }
            }
        // a step cut short by an earlier budget is topped up with the same deterministic members
        if (presentCount == present.Length) return new GenerationStep.Wait();
        var plan = proposal.PlanJson();
        var stepText = step.ToString(CultureInfo.InvariantCulture);
        var newTrials = new List<NewTrial>(present.Length - presentCount);
        var firstMissing = -1;
        for (var k = 0; k < present.Length; k++)
        {
            if (present[k]) continue;
            if (firstMissing < 0) firstMissing = k;
            var u = proposal.Points[k];
            var (mu, sd) = proposal.Predictions[k];
            var attrs = new Dictionary<string, string>(5)
            {
                [StepAttr] = stepText,
                [MemberAttr] = k.ToString(CultureInfo.InvariantCulture),
                [UAttr] = BadsStep.Format(u),
                [PredAttr] = BadsStep.Format([mu, sd]),
                [PlanAttr] = plan,
            };
            newTrials.Add(new NewTrial(TrialState.Waiting, _coords.Values(u), null, null, attrs));
        }
        return new GenerationStep.Enqueue(presentCount == 0 ? $"bads:{step}" : $"bads:{step}:from{firstMissing}", newTrials);
    }

    private (BadsStep? Proposal, string? Finished) Proposal()
    {
        if (_state.Stage == BadsStage.Finished) return (null, _state.FinishReason);
        if (_cached is { } c && c.Step == _state.Steps) return (c.Proposal, c.Finished);
        var (proposal, finished) = _proposer.Propose(_state, _archive);
        _cached = (_state.Steps, proposal, finished);
        return (proposal, finished);
    }

    /// <summary>Advances the state by one stored step: its zero-evaluation events, its refit, its results.</summary>
    private void Tell(Trial[] members)
    {
        var (kind, _, choice, refit, before) = BadsStep.ParsePlan(members[0].SystemAttrs[PlanAttr]);
        foreach (var e in before)
        {
            if (e.Refit is { } er) _state.ApplyRefit(er);
            if (e.Kind == BadsStage.Poll) _state.ApplyPoll(_archive, []);
            else _state.ApplySearch(_archive, null, 0);
        }
        if (refit is { } r) _state.ApplyRefit(r);
        var points = members.Select(t =>
        {
            var pred = BadsStep.Parse(t.SystemAttrs[PredAttr]);
            return (U: BadsStep.Parse(t.SystemAttrs[UAttr]), Y: t.SamplerLoss, Mu: pred[0], Sd: pred[1]);
        }).ToList();
        switch (kind)
        {
            case BadsStage.Init: _state.ApplyInit(_archive, points.Select(p => (p.U, p.Y)).ToList()); break;
            case BadsStage.Poll: _state.ApplyPoll(_archive, points); break;
            default: _state.ApplySearch(_archive, points[0], choice); break;
        }
        _state.Steps++;
        _cached = null;
    }

    /// <summary>The finished member trials in member order once every member is present and finished (for a member
    /// with several trials, a Complete one before a failed one, then the latest); null before.</summary>
    private static Trial[]? Complete(Dictionary<int, Trial> members)
    {
        Trial? any = null;
        foreach (var t in members.Values) { any = t; break; }
        if (any is null) return null;
        var n = BadsStep.ParsePlan(any.SystemAttrs[PlanAttr]).Count;
        var chosen = new Trial?[n];
        foreach (var t in members.Values)
        {
            if (!t.State.IsFinished()) return null;
            var k = Member(t);
            if (k >= n) continue;
            var c = chosen[k];
            bool better;
            if (c is null) better = true;
            else if ((t.State == TrialState.Complete) != (c.State == TrialState.Complete)) better = t.State == TrialState.Complete;
            else better = t.Number > c.Number;
            if (better) chosen[k] = t;
        }
        foreach (var c in chosen) if (c is null) return null;
        return chosen!;
    }

    private static int Member(Trial t) => int.Parse(t.SystemAttrs[MemberAttr], CultureInfo.InvariantCulture);
}
