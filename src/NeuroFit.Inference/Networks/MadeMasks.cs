namespace NeuroFit.Inference.Networks;

/// <summary>
/// MADE connectivity (Germain et al. 2015) with nflows' deterministic degrees: inputs have degrees 1..D, hidden
/// unit j has degree j mod max(1, D−1) + min(1, D−1), output unit o has the degree of feature o mod D (outputs come
/// in blocks of D: all first parameters, then all second parameters). Hidden units see inputs of degree ≤ theirs; outputs see hidden units of strictly smaller degree,
/// so output i depends on inputs 1..i−1 only.
/// </summary>
internal static class MadeMasks
{
    public static int[] InputDegrees(int features) => Enumerable.Range(1, features).ToArray();

    public static int[] HiddenDegrees(int features, int hidden)
    {
        var max = Math.Max(1, features - 1);
        var min = Math.Min(1, features - 1);
        return Enumerable.Range(0, hidden).Select(j => j % max + min).ToArray();
    }

    public static int[] OutputDegrees(int features, int multiplier) =>
        Enumerable.Range(0, features * multiplier).Select(o => o % features + 1).ToArray();

    /// <summary>Mask [in × out] for a hidden layer: connected when outDegree ≥ inDegree.</summary>
    public static double[] Hidden(int[] inDegrees, int[] outDegrees) => Build(inDegrees, outDegrees, (i, o) => o >= i);

    /// <summary>Mask [in × out] for the output layer: connected when outDegree &gt; inDegree.</summary>
    public static double[] Output(int[] inDegrees, int[] outDegrees) => Build(inDegrees, outDegrees, (i, o) => o > i);

    private static double[] Build(int[] inDegrees, int[] outDegrees, Func<int, int, bool> connected)
    {
        var mask = new double[inDegrees.Length * outDegrees.Length];
        for (var i = 0; i < inDegrees.Length; i++)
            for (var o = 0; o < outDegrees.Length; o++)
                mask[i * outDegrees.Length + o] = connected(inDegrees[i], outDegrees[o]) ? 1 : 0;
        return mask;
    }
}
