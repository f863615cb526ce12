namespace NeuroFit.Inference.Numerics;

/// <summary>Standard normal draws from a seeded <see cref="Random"/> (Marsaglia's polar method, pairs used in order).</summary>
internal static class Gaussian
{
    /// <summary>log(2π).</summary>
    public const double Log2Pi = 1.8378770664093453;

    /// <summary>Fills <paramref name="destination"/> with independent N(0, 1) values.</summary>
    public static void Fill(Random rng, Span<double> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            double u, v, s;
            do
            {
                u = 2 * rng.NextDouble() - 1;
                v = 2 * rng.NextDouble() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            var f = Math.Sqrt(-2 * Math.Log(s) / s);
            destination[i++] = u * f;
            if (i < destination.Length) destination[i++] = v * f;
        }
    }

    /// <summary>One N(0, 1) value.</summary>
    public static double Next(Random rng)
    {
        Span<double> one = stackalloc double[1];
        Fill(rng, one);
        return one[0];
    }
}
