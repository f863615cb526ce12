namespace NeuroFit.Optimization.Samplers.CmaEs;

/// <summary>
/// The termination rules a restart strategy adds to the engine's stop tolerances (Hansen 2009's BIPOP criteria):
/// a run that is no longer worth its evaluations ends even though it has not converged to 1e-12.
/// <list type="bullet">
/// <item>MaxIter: 100 + 50·(n+3)²/√λ generations.</item>
/// <item>Stagnation: over the last 120 + 30n/λ + 20 % of the generations (at most 20,000), neither the best nor the
/// median loss of the most recent 30 % is better (by median) than those of the oldest 30 %.</item>
/// <item>Flat fitness (EqualFunVals): in more than a third of the last max(n, 10) generations the best loss equals
/// the k-th best, k = 1 + ⌈0.1 + λ/4⌉ — the distribution sits on a plateau (or most members failed).</item>
/// <item>Budget: BIPOP's small runs stop after their generation allowance.</item>
/// </list>
/// One object per run; it sees each generation's losses once, in order.
/// </summary>
internal sealed class RestartRules
{
    private const int MaxHistory = 20_000;

    private readonly int _maxIter;
    private readonly int? _maxGenerations;
    private readonly int _stagnationBase;
    private readonly int _flatWindow;
    private readonly int _kth;
    private readonly List<double> _best = new(), _median = new();
    private readonly bool[] _flat;
    private int _flatCount;
    private double[] _sorted = [];
    private double[] _scratch = [];

    public RestartRules(int dimension, int lambda, int? maxGenerations)
    {
        _maxIter = (int)Math.Min(int.MaxValue, 100 + 50.0 * (dimension + 3) * (dimension + 3) / Math.Sqrt(lambda));
        _maxGenerations = maxGenerations;
        _stagnationBase = 120 + (int)Math.Ceiling(30.0 * dimension / lambda);
        _flatWindow = Math.Max(dimension, 10);
        _flat = new bool[_flatWindow];
        _kth = Math.Min(lambda - 1, (int)Math.Ceiling(0.1 + lambda / 4.0)); // 0-based index of the k-th best
    }

    /// <summary>Takes in generation <paramref name="generation"/> (1-based: the number told so far)'s losses; returns
    /// why the run should end, or null.</summary>
    public string? Tell(int generation, IReadOnlyList<(double[] X, double F)> solutions)
    {
        var lambda = solutions.Count;
        if (_sorted.Length != lambda) _sorted = new double[lambda];
        for (var k = 0; k < lambda; k++) _sorted[k] = solutions[k].F;
        Array.Sort(_sorted);
        _best.Add(_sorted[0]);
        _median.Add(lambda % 2 == 1 ? _sorted[lambda / 2] : (_sorted[lambda / 2 - 1] + _sorted[lambda / 2]) / 2);

        var slot = (generation - 1) % _flatWindow;
        if (_flat[slot]) _flatCount--;
        _flat[slot] = _sorted[0] == _sorted[_kth];
        if (_flat[slot]) _flatCount++;

        if (_maxGenerations is { } g && generation >= g) return $"small-run budget of {g} generations used";
        if (generation >= _maxIter) return $"maxiter: {_maxIter} generations (100 + 50(n+3)²/√λ)";
        if (generation >= _flatWindow && _flatCount * 3 > _flatWindow)
            return $"flat fitness: the best and the {_kth + 1}-th best loss were equal in {_flatCount} of the last {_flatWindow} generations";
        var window = Math.Min(MaxHistory, _stagnationBase + (int)Math.Ceiling(0.2 * generation));
        if (generation > window && Stagnated(_best, window) && Stagnated(_median, window))
            return $"stagnation: no improvement of the best and median loss over the last {window} generations";
        return null;
    }

    /// <summary>The median of the most recent 30 % of the window is not below the median of its oldest 30 %.</summary>
    private bool Stagnated(List<double> history, int window)
    {
        var part = Math.Max(1, (int)Math.Ceiling(0.3 * window));
        var start = history.Count - window;
        return Median(history, history.Count - part, part) >= Median(history, start, part);
    }

    private double Median(List<double> values, int start, int count)
    {
        if (_scratch.Length < count) _scratch = new double[Math.Max(count, _scratch.Length * 2)];
        for (var i = 0; i < count; i++) _scratch[i] = values[start + i];
        Array.Sort(_scratch, 0, count);
        return count % 2 == 1 ? _scratch[count / 2] : (_scratch[count / 2 - 1] + _scratch[count / 2]) / 2;
    }
}
