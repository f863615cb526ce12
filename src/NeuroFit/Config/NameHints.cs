namespace NeuroFit.Config;

/// <summary>"Did you mean" hints for misspelt names (config keys, methods, loss kinds, models, parameters).</summary>
internal static class NameHints
{
    /// <summary>
    /// <c>" (did you mean 'X'?)"</c> for the candidate equal to <paramref name="name"/> up to case, else the closest one
    /// within edit distance 2 (1 for names of up to 3 characters); empty when nothing is close.
    /// </summary>
    public static string DidYouMean(string name, IEnumerable<string> candidates) =>
        Closest(name, candidates) is { } match ? $" (did you mean '{match}'?)" : "";

    /// <summary>The candidate <see cref="DidYouMean"/> would name, or null.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        var list = candidates.Distinct().Where(c => c != name).ToList();
        if (list.FirstOrDefault(c => c.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } sameLetters) return sameLetters;
        var limit = name.Length <= 3 ? 1 : 2;
        return list.Select(c => (Candidate: c, Distance: Distance(name.ToLowerInvariant(), c.ToLowerInvariant())))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }
}
