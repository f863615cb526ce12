namespace NeuroFit.Optimization.Samplers.Tpe;

/// <summary>A 1-D Gaussian mixture (weights sum to 1) in reusable buffers: the Parzen estimator of one parameter.</summary>
internal sealed class ParzenMixture
{
    public double[] Weights = new double[32];
    public double[] Mus = new double[32];
    public double[] Sigmas = new double[32];
    public int Count;
    /// <summary>Position of the prior component (hyperopt keeps components sorted with the prior inserted).</summary>
    public int PriorPos;

    public void EnsureCapacity(int n)
    {
        if (Weights.Length >= n) return;
        var size = Math.Max(n, Weights.Length * 2);
        Array.Resize(ref Weights, size);
        Array.Resize(ref Mus, size);
        Array.Resize(ref Sigmas, size);
    }

    public ReadOnlySpan<double> W => Weights.AsSpan(0, Count);
    public ReadOnlySpan<double> M => Mus.AsSpan(0, Count);
    public ReadOnlySpan<double> S => Sigmas.AsSpan(0, Count);
}

/// <summary>Reusable scratch arrays so a suggestion allocates (almost) nothing.</summary>
internal sealed class TpeScratch
{
    public double[] Values = new double[64];
    public int[] Order = new int[64];
    public double[] Keys = new double[64];
    public double[] Forget = new double[64];
    public double[] Terms = new double[64];

    public void Ensure(int n)
    {
        if (Values.Length >= n) return;
        var size = Math.Max(n, Values.Length * 2);
        Values = new double[size];
        Order = new int[size];
        Keys = new double[size];
        Forget = new double[size];
        Terms = new double[size];
    }

    /// <summary>Stable argsort of <paramref name="values"/> into <see cref="Order"/> (ties keep input order).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void ArgSort(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        for (var i = 0; i < n; i++) { Keys[i] = values[i]; Order[i] = i; }
        Array.Sort(Keys, Order, 0, n);
        // Array.Sort is not stable: order equal keys by original index.
        var start = 0;
        for (var i = 1; i <= n; i++)
        {
            if (i == n || Keys[i] != Keys[start])
            {
                if (i - start > 1) Array.Sort(Order, start, i - start);
                start = i;
            }
        }
    }
}
