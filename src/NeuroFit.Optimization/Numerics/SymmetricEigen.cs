namespace NeuroFit.Optimization.Numerics;

/// <summary>
/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (accurate to rounding; CMA-ES needs it
/// once per generation for n ≲ 100). Self-contained so the first generation does not pay for loading and compiling a
/// general linear-algebra provider.
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 64;

    /// <summary>Decomposes the symmetric n×n matrix <paramref name="a"/> (row-major; overwritten) into eigenvalues
    /// <paramref name="values"/> in ascending order (as LAPACK's <c>syev</c>) and orthonormal eigenvectors as the
    /// columns of <paramref name="vectors"/> (row-major n×n). Returns false if the matrix holds a NaN or infinity.</summary>
    public static bool Decompose(double[] a, int n, double[] values, double[] vectors)
    {
        for (var i = 0; i < n * n; i++) if (!double.IsFinite(a[i])) return false;
        Array.Clear(vectors, 0, n * n);
        for (var i = 0; i < n; i++) vectors[i * n + i] = 1;
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++) off += Math.Abs(a[p * n + q]);
            if (off == 0) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[p * n + q];
                    if (apq == 0) continue;
                    var app = a[p * n + p];
                    var aqq = a[q * n + q];
                    var g = 100 * Math.Abs(apq);
                    if (sweep > 3 && Math.Abs(app) + g == Math.Abs(app) && Math.Abs(aqq) + g == Math.Abs(aqq))
                    {
                        a[p * n + q] = a[q * n + p] = 0; // below rounding of both diagonal entries
                        continue;
                    }
                    var theta = (aqq - app) / (2 * apq);
                    var t = Math.Abs(theta) > 1e150 ? 0.5 / theta : Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    Rotate(a, vectors, n, p, q, c, s);
                    a[p * n + q] = a[q * n + p] = 0;
                }
        }
        for (var i = 0; i < n; i++) values[i] = a[i * n + i];
        SortAscending(values, vectors, n);
        return true;
    }

    /// <summary>A ← Jᵀ A J and V ← V J for the rotation J in the (p, q) plane.</summary>
    private static void Rotate(double[] a, double[] v, int n, int p, int q, double c, double s)
    {
        for (var k = 0; k < n; k++)
        {
            var akp = a[k * n + p];
            var akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (var k = 0; k < n; k++)
        {
            var apk = a[p * n + k];
            var aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (var k = 0; k < n; k++)
        {
            var vkp = v[k * n + p];
            var vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    /// <summary>Selection sort of the eigenpairs (n is small); equal values keep their order.</summary>
    private static void SortAscending(double[] values, double[] vectors, int n)
    {
        for (var i = 0; i < n - 1; i++)
        {
            var min = i;
            for (var j = i + 1; j < n; j++) if (values[j] < values[min]) min = j;
            if (min == i) continue;
            (values[i], values[min]) = (values[min], values[i]);
            for (var k = 0; k < n; k++) (vectors[k * n + i], vectors[k * n + min]) = (vectors[k * n + min], vectors[k * n + i]);
        }
    }
}
