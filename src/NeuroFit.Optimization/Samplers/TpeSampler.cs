using NeuroFit.Optimization.Numerics;
using NeuroFit.Optimization.Samplers.Tpe;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Optimization.Samplers;

/// <summary>TPE (see <see cref="TpeSettings"/>). The per-suggestion work is O(N) in the number of trials after the
/// first suggestion: each numeric parameter's observations are kept sorted across suggestions (new trials are inserted
/// by binary search), the good trials are selected without sorting, and the 24 candidate densities of the large
/// "above" mixture read only a window of its components; all buffers are reused between suggestions.</summary>
internal sealed class TpeSampler : Sampler
{
    internal const long TpeStream = 2;

    private readonly TpeSettings _s;
    private readonly HyperoptRule[] _rules;
    private readonly OptunaMap?[] _optunaMaps;
    private readonly int[] _jointParams; // Optuna multivariate: parameters in the joint estimator
    private readonly OptunaEstimator?[] _uniEstimators;
    private readonly OptunaEstimator? _jointBelow, _jointAbove;
    private readonly OptunaEstimator?[] _uniAbove;

    // scratch, reused (a sampler is used by one study under its lock)
    // the current suggestion's documents (trials with parameters, self excluded), as plain arrays in number order
    private int _n;
    private int[] _docNumber = new int[64];
    private bool[] _docFinished = new bool[64];
    private readonly TpeScratch _scratch = new();
    private double[] _losses = new double[64];
    private bool[] _below = new bool[64];
    private double[] _bVals = new double[64], _aVals = new double[64], _terms = new double[64];
    private readonly ParzenMixture _mixB = new(), _mixA = new();
    private readonly HyperoptParzen.LpdfCache _cacheB = new(), _cacheA = new();
    private readonly double[] _candidates;

    // Caches that never change results: a trial's parameters are fixed once set, so rows (raw and hyperopt-transformed)
    // are kept by trial number, and each numeric parameter keeps its trials sorted by (transformed value, number).
    private double[] _rawFlat = new double[256];   // [number * d + p], raw internal values
    private double[] _obsFlat = new double[256];   // [number * d + p], hyperopt-transformed observations
    private bool[] _hasRow = new bool[64];
    private readonly List<int>[] _sortedByParam;
    private int[] _docIndex = new int[64];
    private int[] _belowBefore = new int[64];
    private double[] _sortedVals = new double[64];
    private int[] _sortedRanks = new int[64];

    public TpeSampler(SearchSpace space, TpeSettings settings) : base(space, settings.Seed)
    {
        _s = settings;
        _rules = space.Parameters.Select(p => HyperoptRule.For(p.Distribution)).ToArray();
        _candidates = new double[settings.EiCandidates];
        _sortedByParam = space.Parameters.Select(_ => new List<int>()).ToArray();
        _optunaMaps = new OptunaMap?[space.Count];
        _uniEstimators = new OptunaEstimator?[space.Count];
        _uniAbove = new OptunaEstimator?[space.Count];
        var joint = new List<int>();
        if (settings.Profile == TpeProfile.Optuna)
        {
            for (var i = 0; i < space.Count; i++)
            {
                _optunaMaps[i] = OptunaMap.For(space.Parameters[i].Distribution);
                if (_optunaMaps[i] is { } m)
                {
                    if (settings.Multivariate) joint.Add(i);
                    else
                    {
                        _uniEstimators[i] = new OptunaEstimator([m.Dim]);
                        _uniAbove[i] = new OptunaEstimator([m.Dim]);
                    }
                }
            }
            if (joint.Count > 0)
            {
                var dims = joint.Select(i => _optunaMaps[i]!.Dim).ToArray();
                _jointBelow = new OptunaEstimator(dims);
                _jointAbove = new OptunaEstimator(dims);
            }
        }
        _jointParams = joint.ToArray();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public override IReadOnlyDictionary<string, double> SampleTrial(IReadOnlyList<Trial> others, int number)
    {
        var d = Space.Count;
        EnsureDocs(others.Count);
        _n = 0;
        var finished = 0;
        for (var i = 0; i < others.Count; i++)
        {
            var t = others[i];
            var num = t.Number;
            if (num == number) continue;
            var known = num < _hasRow.Length && _hasRow[num];
            if (!known)
            {
                if (!t.HasParams) continue;
                AddRow(t);
            }
            var fin = t.State.IsFinished();
            _docNumber[_n] = num;
            _docFinished[_n] = fin;
            _losses[_n] = t.SamplerLoss;
            _n++;
            if (fin) finished++;
        }
        var n = _n;
        var observed = _s.Profile == TpeProfile.Hyperopt ? n : finished;
        if (observed < _s.EffectiveStartup) return RandomSampler.SamplePrior(Space, Seed, number);

        IndexDocs();
        Split(n, finished);
        var rng = Rng.For(Seed, number, TpeStream);
        var result = new Dictionary<string, double>(Space.Count, StringComparer.Ordinal);
        if (_jointParams.Length > 0) SampleJoint(rng, result);
        for (var i = 0; i < Space.Count; i++)
        {
            if (result.ContainsKey(Space.Parameters[i].Name)) continue;
            var value = _uniEstimators[i] is { } est ? SampleOptunaUnivariate(i, est, _uniAbove[i]!, rng) : SampleHyperopt(i, rng);
            result[Space.Parameters[i].Name] = value;
        }
        return result;
    }

    private void EnsureDocs(int n)
    {
        if (_docNumber.Length >= n) return;
        var size = Math.Max(n, _docNumber.Length * 2);
        _docNumber = new int[size];
        _docFinished = new bool[size];
        _losses = new double[size];
        _below = new bool[size];
    }

    /// <summary>Stores a trial's values (raw and transformed) by number and inserts it into each numeric
    /// parameter's sorted index. A trial's parameters never change once set, so this happens once per trial.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void AddRow(Trial t)
    {
        var d = Space.Count;
        var num = t.Number;
        if (_hasRow.Length <= num) Array.Resize(ref _hasRow, Math.Max(num + 1, _hasRow.Length * 2));
        if (_rawFlat.Length < (num + 1) * d)
        {
            var size = Math.Max((num + 1) * d, _rawFlat.Length * 2);
            Array.Resize(ref _rawFlat, size);
            Array.Resize(ref _obsFlat, size);
        }
        for (var p = 0; p < d; p++)
        {
            var raw = t.Params[Space.Parameters[p].Name];
            _rawFlat[num * d + p] = raw;
            _obsFlat[num * d + p] = _rules[p].Observe(raw);
        }
        _hasRow[num] = true;
        for (var p = 0; p < d; p++)
        {
            if (_rules[p].Categories > 0) continue;
            var list = _sortedByParam[p];
            var key = _obsFlat[num * d + p];
            // binary search for the first entry greater than (key, number)
            int lo = 0, hi = list.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                var other = list[mid];
                var ov = _obsFlat[other * d + p];
                if (ov < key || (ov == key && other < num)) lo = mid + 1; else hi = mid;
            }
            list.Insert(lo, num);
        }
    }

    /// <summary>Maps trial numbers to document positions for this suggestion (−1 = not a document).</summary>
    private void IndexDocs()
    {
        var size = _hasRow.Length;
        if (_docIndex.Length < size) _docIndex = new int[size];
        Array.Fill(_docIndex, -1, 0, size);
        for (var i = 0; i < _n; i++) _docIndex[_docNumber[i]] = i;
    }

    /// <summary>Marks the "good" trials in <see cref="_below"/>: the n_below smallest (loss, position) — the same set a
    /// stable argsort gives, found by selection in O(N·n_below) instead of sorting.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Split(int n, int finished)
    {
        Array.Clear(_below, 0, n);
        // hyperopt: n_below = min(ceil(γ√N), LF) over every doc (pending and failed are +∞);
        // Optuna: n counts finished trials and pending trials always go above
        var hyperopt = _s.Profile == TpeProfile.Hyperopt;
        var nBelow = Math.Min(_s.BelowCount(hyperopt ? n : finished), hyperopt ? n : finished);
        if (nBelow <= 0) return;
        var chosen = new int[nBelow];
        var count = 0;
        for (var i = 0; i < n; i++)
        {
            if (!hyperopt && !_docFinished[i]) continue;
            var l = _losses[i];
            if (count == nBelow && !(l < _losses[chosen[count - 1]])) continue; // ties keep the earlier position
            var pos = count == nBelow ? count - 1 : count++;
            while (pos > 0 && l < _losses[chosen[pos - 1]]) { chosen[pos] = chosen[pos - 1]; pos--; }
            chosen[pos] = i;
        }
        for (var r = 0; r < count; r++) _below[chosen[r]] = true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Gather(int paramIndex, out int nb, out int na)
    {
        var n = _n;
        var d = Space.Count;
        if (_bVals.Length < n) { _bVals = new double[Math.Max(n, _bVals.Length * 2)]; _aVals = new double[_bVals.Length]; }
        nb = 0; na = 0;
        for (var i = 0; i < n; i++)
        {
            var v = _obsFlat[_docNumber[i] * d + paramIndex];
            if (_below[i]) _bVals[nb++] = v; else _aVals[na++] = v;
        }
    }

    /// <summary>The "above" observations of a numeric parameter in ascending order with their trial-order ranks,
    /// read from the maintained sorted index (O(N), no sort).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int SortedAbove(int paramIndex)
    {
        var n = _n;
        var d = Space.Count;
        if (_belowBefore.Length < n + 1) _belowBefore = new int[Math.Max(n + 1, _belowBefore.Length * 2)];
        _belowBefore[0] = 0;
        for (var i = 0; i < n; i++) _belowBefore[i + 1] = _belowBefore[i] + (_below[i] ? 1 : 0);
        if (_sortedVals.Length < n) { _sortedVals = new double[Math.Max(n, _sortedVals.Length * 2)]; _sortedRanks = new int[_sortedVals.Length]; }
        var m = 0;
        var list = _sortedByParam[paramIndex];
        for (var j = 0; j < list.Count; j++)
        {
            var number = list[j];
            if (number >= _docIndex.Length) continue;
            var di = _docIndex[number];
            if (di < 0 || _below[di]) continue;
            _sortedVals[m] = _obsFlat[number * d + paramIndex];
            _sortedRanks[m] = di - _belowBefore[di];
            m++;
        }
        return m;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double SampleHyperopt(int i, Rng rng)
    {
        var rule = _rules[i];
        Gather(i, out var nb, out var na);
        var below = _bVals.AsSpan(0, nb);
        var above = _aVals.AsSpan(0, na);
        if (rule.Categories > 0)
        {
            var pb = new double[rule.Categories];
            var pa = new double[rule.Categories];
            HyperoptParzen.CategoricalProbabilities(below, rule.Categories, _s.PriorWeight, _s.Forgetting, pb, _scratch);
            HyperoptParzen.CategoricalProbabilities(above, rule.Categories, _s.PriorWeight, _s.Forgetting, pa, _scratch);
            var best = -1; var bestScore = double.NaN;
            for (var c = 0; c < _candidates.Length; c++)
            {
                var k = rng.Categorical(pb, 1.0);
                var score = Math.Log(pb[k]) - Math.Log(pa[k]);
                if (best < 0 || score > bestScore) { best = k; bestScore = score; }
            }
            return rule.Offset + best;
        }

        HyperoptParzen.AdaptiveParzenNormal(below, _s.PriorWeight, rule.PriorMu, rule.PriorSigma, _s.Forgetting, _mixB, _scratch);
        var m = SortedAbove(i);
        if (m != na) throw new InvalidOperationException($"TPE sorted index out of step ({m} vs {na} observations)");
        HyperoptParzen.AdaptiveParzenNormalSorted(_sortedVals.AsSpan(0, m), _sortedRanks.AsSpan(0, m), _s.PriorWeight, rule.PriorMu, rule.PriorSigma,
            _s.Forgetting, _mixA, _scratch);
        _cacheB.Prepare(_mixB, rule.Low, rule.High, rule.Log);
        _cacheA.Prepare(_mixA, rule.Low, rule.High, rule.Log);
        var need = Math.Max(_mixA.Count, _mixB.Count);
        if (_terms.Length < need) _terms = new double[Math.Max(need, _terms.Length * 2)];
        for (var c = 0; c < _candidates.Length; c++) _candidates[c] = HyperoptParzen.Sample(_mixB, rule.Low, rule.High, rule.Q, rule.Log, rng);
        var bestX = _candidates[0];
        var bestS = double.NaN;
        for (var c = 0; c < _candidates.Length; c++)
        {
            var x = _candidates[c];
            var lb = HyperoptParzen.Lpdf(x, _mixB, _cacheB, rule.Low, rule.High, rule.Q, rule.Log, _terms);
            var la = HyperoptParzen.Lpdf(x, _mixA, _cacheA, rule.Low, rule.High, rule.Q, rule.Log, _terms);
            var score = lb - la;
            if (c == 0 || score > bestS || (double.IsNaN(score) && !double.IsNaN(bestS))) { bestX = x; bestS = score; }
        }
        return bestX;
    }

    private double SampleOptunaUnivariate(int i, OptunaEstimator below, OptunaEstimator above, Rng rng)
    {
        var map = _optunaMaps[i]!;
        var (rowsB, rowsA) = RowsMulti(raw => [map.ToT(raw[i])]);
        below.Fit(rowsB, _s.PriorWeight, false, _s.Forgetting, _scratch);
        above.Fit(rowsA, _s.PriorWeight, false, _s.Forgetting, _scratch);
        var x = BestCandidate(below, above, 1, rng);
        return map.FromT(x[0]);
    }

    private void SampleJoint(Rng rng, Dictionary<string, double> result)
    {
        var d = _jointParams.Length;
        var maps = _jointParams.Select(i => _optunaMaps[i]!).ToArray();
        var names = _jointParams.Select(i => Space.Parameters[i].Name).ToArray();
        var (rowsB, rowsA) = RowsMulti(raw =>
        {
            var row = new double[d];
            for (var j = 0; j < d; j++) row[j] = maps[j].ToT(raw[_jointParams[j]]);
            return row;
        });
        _jointBelow!.Fit(rowsB, _s.PriorWeight, true, _s.Forgetting, _scratch);
        _jointAbove!.Fit(rowsA, _s.PriorWeight, true, _s.Forgetting, _scratch);
        var x = BestCandidate(_jointBelow, _jointAbove, d, rng);
        for (var j = 0; j < d; j++) result[names[j]] = maps[j].FromT(x[j]);
    }

    private (List<double[]> Below, List<double[]> Above) RowsMulti(Func<double[], double[]> f)
    {
        var b = new List<double[]>();
        var a = new List<double[]>();
        var d = Space.Count;
        for (var i = 0; i < _n; i++) (_below[i] ? b : a).Add(f(_rawFlat.AsSpan(_docNumber[i] * d, d).ToArray()));
        return (b, a);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private double[] BestCandidate(OptunaEstimator below, OptunaEstimator above, int d, Rng rng)
    {
        var need = Math.Max(below.Kernels, above.Kernels);
        if (_terms.Length < need) _terms = new double[Math.Max(need, _terms.Length * 2)];
        var cand = new double[_candidates.Length][];
        for (var c = 0; c < cand.Length; c++) { cand[c] = new double[d]; below.Sample(rng, cand[c]); }
        var best = cand[0];
        var bestS = double.NaN;
        for (var c = 0; c < cand.Length; c++)
        {
            var score = below.LogPdf(cand[c], _terms) - above.LogPdf(cand[c], _terms);
            if (c == 0 || score > bestS) { best = cand[c]; bestS = score; }
        }
        return best;
    }

    /// <summary>How hyperopt's <c>ap_*_sampler</c> treats one distribution.</summary>
    internal sealed record HyperoptRule(int Categories, long Offset, double Low, double High, double? Q, bool Log,
        double PriorMu, double PriorSigma, Func<double, double> Observe)
    {
        public static HyperoptRule For(Distribution d) => d switch
        {
            UniformDistribution u => Numeric(u.Low, u.High, null, false),
            QUniformDistribution u => Numeric(u.Low, u.High, u.Q, false),
            LogUniformDistribution u => Numeric(u.LogLow, u.LogHigh, null, true),
            QLogUniformDistribution u => new(0, 0, u.LogLow, u.LogHigh, u.Q, true, 0.5 * (u.LogHigh + u.LogLow), u.LogHigh - u.LogLow,
                x => Math.Log(Math.Max(x, Math.Max(HyperoptParzen.Eps, Math.Exp(u.LogLow))))),
            NormalDistribution n => new(0, 0, double.NegativeInfinity, double.PositiveInfinity, null, false, n.Mu, n.Sigma, x => x),
            QNormalDistribution n => new(0, 0, double.NegativeInfinity, double.PositiveInfinity, n.Q, false, n.Mu, n.Sigma, x => x),
            LogNormalDistribution n => new(0, 0, double.NegativeInfinity, double.PositiveInfinity, null, true, n.Mu, n.Sigma, Math.Log),
            QLogNormalDistribution n => new(0, 0, double.NegativeInfinity, double.PositiveInfinity, n.Q, true, n.Mu, n.Sigma,
                x => Math.Log(Math.Max(x, HyperoptParzen.Eps))),
            RandIntDistribution r => new((int)r.Count, r.Low, 0, 0, null, false, 0, 0, x => x - r.Low),
            ChoiceDistribution c => new(c.Options.Count, 0, 0, 0, null, false, 0, 0, x => x),
            _ => throw new NotSupportedException($"TPE does not know distribution {d.Kind}"),
        };

        private static HyperoptRule Numeric(double low, double high, double? q, bool log) =>
            new(0, 0, low, high, q, log, 0.5 * (high + low), 1.0 * (high - low), log ? Math.Log : x => x);
    }

    /// <summary>How the Optuna profile maps a bounded distribution to an estimator dimension; null = use hyperopt's
    /// rule (unbounded normal kinds, degenerate ranges).</summary>
    internal sealed record OptunaMap(OptunaDim Dim, Func<double, double> ToT, Func<double, double> FromT)
    {
        public static OptunaMap? For(Distribution d)
        {
            switch (d)
            {
                case UniformDistribution u:
                    return new(new OptunaDim(u.Low, u.High, 0, 0), x => x, x => x);
                case LogUniformDistribution u:
                    return new(new OptunaDim(u.LogLow, u.LogHigh, 0, 0), Math.Log, Math.Exp);
                case QLogUniformDistribution u:
                    return new(new OptunaDim(u.LogLow, u.LogHigh, 0, 0), x => Math.Log(Math.Max(x, Math.Exp(u.LogLow))),
                        x => Distribution.Quantize(Math.Exp(x), u.Q));
                case QUniformDistribution u:
                {
                    var g0 = Distribution.Quantize(u.Low, u.Q);
                    var g1 = Distribution.Quantize(u.High, u.Q);
                    if (g1 <= g0) return null;
                    return new(new OptunaDim(g0, g1, u.Q, 0), x => x, x => Distribution.Quantize(x, u.Q));
                }
                case RandIntDistribution r when r.Count >= 2:
                    return new(new OptunaDim(r.Low, r.High - 1, 1, 0), x => x, Math.Round);
                case ChoiceDistribution c:
                    return new(new OptunaDim(0, 0, 0, c.Options.Count), x => x, x => x);
                default:
                    return null;
            }
        }
    }
}
