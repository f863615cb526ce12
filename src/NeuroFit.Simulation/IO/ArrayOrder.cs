namespace NeuroFit.Simulation.IO;

/// <summary>Conversion between C (row-major) and Fortran (column-major) element order of an n-D array.</summary>
internal static class ArrayOrder
{
    /// <summary>Returns the elements of the C-ordered <paramref name="c"/> in Fortran order.</summary>
    public static T[] CToFortran<T>(T[] c, IReadOnlyList<int> shape) => Permute(c, shape, cToFortran: true);

    /// <summary>Returns the elements of the Fortran-ordered <paramref name="f"/> in C order.</summary>
    public static T[] FortranToC<T>(T[] f, IReadOnlyList<int> shape) => Permute(f, shape, cToFortran: false);

    private static T[] Permute<T>(T[] src, IReadOnlyList<int> shape, bool cToFortran)
    {
        var rank = shape.Count;
        var dst = new T[src.Length];
        if (rank <= 1 || src.Length == 0)
        {
            src.CopyTo(dst, 0);
            return dst;
        }
        // Fortran strides: the first index moves fastest.
        var fStride = new long[rank];
        fStride[0] = 1;
        for (var k = 1; k < rank; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
        var index = new int[rank];
        long f = 0;
        for (var c = 0; c < src.Length; c++)
        {
            if (cToFortran) dst[f] = src[c];
            else dst[c] = src[f];
            // C odometer: advance the last index, carry leftwards.
            for (var k = rank - 1; k >= 0; k--)
            {
                index[k]++;
                f += fStride[k];
                if (index[k] < shape[k]) break;
                f -= fStride[k] * shape[k];
                index[k] = 0;
            }
        }
        return dst;
    }
}
