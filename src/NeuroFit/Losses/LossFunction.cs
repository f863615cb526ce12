namespace NeuroFit.Losses;

/// <summary>One entry of a loss: a term, its weight, and the chunk it applies to (null = every chunk, summed).</summary>
/// <param name="Term">The loss term.</param>
/// <param name="Weight">Multiplier (≥ 0).</param>
/// <param name="Chunk">0-based chunk index, or null for all chunks.</param>
public sealed record WeightedTerm(ILossTerm Term, double Weight = 1, int? Chunk = null);

/// <summary>The value of each entry of a loss for one candidate (already weighted), and their sum.</summary>
/// <param name="Terms">Weighted value per entry, in the loss's order.</param>
/// <param name="Total">Sum of <paramref name="Terms"/>.</param>
public sealed record LossBreakdown(IReadOnlyList<double> Terms, double Total);

/// <summary>
/// A weighted sum of loss terms over the chunks of an experiment:
/// <c>loss = Σ_entries weight · Σ_{chunks c of the entry} term(target[c], candidate[c])</c>. Every term value is
/// finite, so the sum is finite.
/// </summary>
public sealed class LossFunction
{
    private readonly WeightedTerm[] _entries;

    /// <summary>Creates the loss.</summary>
    /// <exception cref="LossException">No entries, or a negative or non-finite weight.</exception>
    public LossFunction(IEnumerable<WeightedTerm> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries.ToArray();
        if (_entries.Length == 0) throw new LossException("the loss has no terms; add at least one (e.g. {rmse: v})");
        for (var i = 0; i < _entries.Length; i++)
            if (!(_entries[i].Weight >= 0) || !double.IsFinite(_entries[i].Weight))
                throw new LossException($"loss term {i} ('{_entries[i].Term.Name}'): weight must be a finite number ≥ 0 (got {_entries[i].Weight})");
    }

    /// <summary>The entries.</summary>
    public IReadOnlyList<WeightedTerm> Entries => _entries;

    /// <summary>Binds every term to the target chunks (precomputing target-side values) for evaluating many candidates.</summary>
    /// <exception cref="LossException">An entry selects a chunk that does not exist.</exception>
    public BoundLossFunction Bind(IReadOnlyList<SweepData> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var bound = new List<(int Entry, int Chunk, IBoundLossTerm Term)>();
        for (var i = 0; i < _entries.Length; i++)
        {
            var e = _entries[i];
            if (e.Chunk is { } c && (c < 0 || c >= target.Count))
                throw new LossException($"loss term {i} ('{e.Term.Name}') selects chunk {c}, but the experiment has {target.Count} chunk(s) (0 … {target.Count - 1})");
            var chunks = e.Chunk is { } only ? [only] : Enumerable.Range(0, target.Count);
            foreach (var chunk in chunks) bound.Add((i, chunk, e.Term.Bind(target[chunk])));
        }
        return new BoundLossFunction(_entries, target.Count, bound);
    }

    /// <summary>The loss of one candidate (binds the target each call; use <see cref="Bind"/> for many).</summary>
    public double Compute(IReadOnlyList<SweepData> target, IReadOnlyList<SweepData> candidate) => Bind(target).Compute(candidate);
}

/// <summary>A <see cref="LossFunction"/> bound to its target chunks.</summary>
public sealed class BoundLossFunction
{
    private readonly WeightedTerm[] _entries;
    private readonly int _chunks;
    private readonly List<(int Entry, int Chunk, IBoundLossTerm Term)> _bound;

    internal BoundLossFunction(WeightedTerm[] entries, int chunks, List<(int, int, IBoundLossTerm)> bound)
    {
        _entries = entries;
        _chunks = chunks;
        _bound = bound;
        ProvidesResiduals = bound.Any(b => entries[b.Item1].Weight > 0) && bound.All(b => entries[b.Item1].Weight == 0 || b.Item3.HasResiduals);
    }

    /// <summary>The weighted sum for one candidate.</summary>
    /// <exception cref="LossException">The candidate has a different number of chunks than the target.</exception>
    public double Compute(IReadOnlyList<SweepData> candidate) => Breakdown(candidate).Total;

    /// <summary>The weighted value of every entry for one candidate.</summary>
    /// <exception cref="LossException">The candidate has a different number of chunks than the target.</exception>
    public LossBreakdown Breakdown(IReadOnlyList<SweepData> candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Count != _chunks)
            throw new LossException($"the simulation produced {candidate.Count} chunk(s) but the target has {_chunks}");
        var values = new double[_entries.Length];
        foreach (var (entry, chunk, term) in _bound)
            values[entry] += _entries[entry].Weight * term.Compute(candidate[chunk]);
        return new LossBreakdown(values, values.Sum());
    }

    /// <summary>Whether every entry with a positive weight is a term with residuals (rmse, mse), so that
    /// <see cref="Residuals"/> can give them.</summary>
    public bool ProvidesResiduals { get; }

    /// <summary>
    /// The residual vector of one candidate: for each entry (weight w > 0) and chunk, √w times the term's residuals,
    /// concatenated, so that Σr² = Σ_entries w · Σ_chunks (mse of an mse term, rmse² of an rmse term). Null when an
    /// entry has no residuals or none for this candidate (see <see cref="IBoundLossTerm.Residuals"/>).
    /// </summary>
    /// <exception cref="LossException">The candidate has a different number of chunks than the target.</exception>
    public double[]? Residuals(IReadOnlyList<SweepData> candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Count != _chunks)
            throw new LossException($"the simulation produced {candidate.Count} chunk(s) but the target has {_chunks}");
        var parts = new List<double[]>(_bound.Count);
        var length = 0;
        foreach (var (entry, chunk, term) in _bound)
        {
            var weight = _entries[entry].Weight;
            if (weight == 0) continue;
            if (term.Residuals(candidate[chunk]) is not { } r) return null;
            if (weight != 1)
            {
                var scale = Math.Sqrt(weight);
                for (var i = 0; i < r.Length; i++) r[i] *= scale;
            }
            parts.Add(r);
            length += r.Length;
        }
        if (parts.Count == 1) return parts[0];
        var all = new double[length];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, at);
            at += part.Length;
        }
        return all;
    }
}
