using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroFit.Inference.Numerics;

/// <summary>
/// Dense row-major matrix products for the small networks of this library (tens to hundreds of rows, ~50 columns).
/// The SIMD kernel keeps a 4×8 block of C in registers and streams rows of B, so every B row is read once per
/// four rows of A; all three matrices of a 50-hidden layer fit in L1.
/// </summary>
internal static class Gemm
{
    /// <summary>C[m×n] = (accumulate ? C : 0) + A[m×k]·B[k×n].</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException("matrix spans are smaller than the given shapes");
        if (!accumulate) c[..(m * n)].Clear();
        if (m == 0 || n == 0 || k == 0) return;
        if (!Vector256.IsHardwareAccelerated) { MultiplyAccumulateScalar(a, b, c, m, k, n); return; }
        unsafe
        {
            fixed (double* pa = a, pb = b, pc = c) MultiplyAccumulateSimd(pa, k, 1, pb, pc, m, k, n);
        }
    }

    /// <summary>C[m×n] = (accumulate ? C : 0) + Aᵀ·B for a row-major A[k×m] and B[k×n] (the weight gradient
    /// xᵀ·dy), without materialising Aᵀ.</summary>
    public static void MultiplyTransposedA(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
            throw new ArgumentException("matrix spans are smaller than the given shapes");
        if (!accumulate) c[..(m * n)].Clear();
        if (m == 0 || n == 0 || k == 0) return;
        if (!Vector256.IsHardwareAccelerated)
        {
            for (var p = 0; p < k; p++)
                for (var i = 0; i < m; i++)
                    for (var j = 0; j < n; j++) c[i * n + j] += a[p * m + i] * b[p * n + j];
            return;
        }
        unsafe
        {
            fixed (double* pa = a, pb = b, pc = c) MultiplyAccumulateSimd(pa, 1, m, pb, pc, m, k, n);
        }
    }

    /// <summary>The plain triple loop (i, p, j order): reference for tests and the benchmark baseline.</summary>
    public static void MultiplyScalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n, bool accumulate)
    {
        if (!accumulate) c[..(m * n)].Clear();
        MultiplyAccumulateScalar(a, b, c, m, k, n);
    }

    /// <summary>AT[cols×rows] = Aᵀ for a row-major A[rows×cols] (8×8 tiles).</summary>
    public static void Transpose(ReadOnlySpan<double> a, int rows, int cols, Span<double> at)
    {
        if (a.Length < rows * cols || at.Length < rows * cols) throw new ArgumentException("matrix spans are smaller than the given shape");
        unsafe
        {
            fixed (double* pa = a, pt = at)
            {
                const int tile = 8;
                for (var i0 = 0; i0 < rows; i0 += tile)
                {
                    var i1 = Math.Min(i0 + tile, rows);
                    for (var j0 = 0; j0 < cols; j0 += tile)
                    {
                        var j1 = Math.Min(j0 + tile, cols);
                        for (var i = i0; i < i1; i++)
                        {
                            var src = pa + i * cols;
                            for (var j = j0; j < j1; j++) pt[j * rows + i] = src[j];
                        }
                    }
                }
            }
        }
    }

    private static void MultiplyAccumulateScalar(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n)
    {
        for (var i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            for (var p = 0; p < k; p++)
            {
                var aip = a[i * k + p];
                if (aip == 0) continue;
                var bp = b.Slice(p * n, n);
                for (var j = 0; j < n; j++) ci[j] += aip * bp[j];
            }
        }
    }

    // A element (i, p) sits at a[i·si + p·sp]: (k, 1) for A, (1, m) for a transposed A.
    private static unsafe void MultiplyAccumulateSimd(double* a, int si, int sp, double* b, double* c, int m, int k, int n)
    {
        var i = 0;
        for (; i + 4 <= m; i += 4)
        {
            var j = 0;
            for (; j + 8 <= n; j += 8) Kernel4x8(a + i * si, si, sp, b + j, c + i * n + j, k, n);
            for (; j + 4 <= n; j += 4) Kernel4x4(a + i * si, si, sp, b + j, c + i * n + j, k, n);
            for (; j + 2 <= n; j += 2) Kernel4x2(a + i * si, si, sp, b + j, c + i * n + j, k, n);
            for (; j < n; j++)
                for (var r = 0; r < 4; r++) c[(i + r) * n + j] += Dot(a + (i + r) * si, sp, b + j, k, n);
        }
        for (; i < m; i++)
        {
            var j = 0;
            for (; j + 8 <= n; j += 8) Kernel1x8(a + i * si, sp, b + j, c + i * n + j, k, n);
            for (; j < n; j++) c[i * n + j] += Dot(a + i * si, sp, b + j, k, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double Dot(double* aRow, int sp, double* bColumn, int k, int n)
    {
        var s = 0.0;
        for (var p = 0; p < k; p++) s += aRow[p * sp] * bColumn[p * n];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> x, Vector256<double> y, Vector256<double> acc) =>
        Vector256.FusedMultiplyAdd(x, y, acc);

    private static unsafe void Kernel4x8(double* a, int si, int sp, double* b, double* c, int k, int n)
    {
        var c00 = Vector256.Load(c); var c01 = Vector256.Load(c + 4);
        var c10 = Vector256.Load(c + n); var c11 = Vector256.Load(c + n + 4);
        var c20 = Vector256.Load(c + 2 * n); var c21 = Vector256.Load(c + 2 * n + 4);
        var c30 = Vector256.Load(c + 3 * n); var c31 = Vector256.Load(c + 3 * n + 4);
        for (var p = 0; p < k; p++)
        {
            var bp = b + p * n;
            var ap = a + p * sp;
            var b0 = Vector256.Load(bp); var b1 = Vector256.Load(bp + 4);
            var x = Vector256.Create(ap[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(ap[si]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(ap[2 * si]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(ap[3 * si]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
        }
        c00.Store(c); c01.Store(c + 4);
        c10.Store(c + n); c11.Store(c + n + 4);
        c20.Store(c + 2 * n); c21.Store(c + 2 * n + 4);
        c30.Store(c + 3 * n); c31.Store(c + 3 * n + 4);
    }

    private static unsafe void Kernel4x4(double* a, int si, int sp, double* b, double* c, int k, int n)
    {
        var c0 = Vector256.Load(c); var c1 = Vector256.Load(c + n);
        var c2 = Vector256.Load(c + 2 * n); var c3 = Vector256.Load(c + 3 * n);
        for (var p = 0; p < k; p++)
        {
            var b0 = Vector256.Load(b + p * n);
            var ap = a + p * sp;
            c0 = Fma(Vector256.Create(ap[0]), b0, c0);
            c1 = Fma(Vector256.Create(ap[si]), b0, c1);
            c2 = Fma(Vector256.Create(ap[2 * si]), b0, c2);
            c3 = Fma(Vector256.Create(ap[3 * si]), b0, c3);
        }
        c0.Store(c); c1.Store(c + n); c2.Store(c + 2 * n); c3.Store(c + 3 * n);
    }

    private static unsafe void Kernel4x2(double* a, int si, int sp, double* b, double* c, int k, int n)
    {
        var c0 = Vector128.Load(c); var c1 = Vector128.Load(c + n);
        var c2 = Vector128.Load(c + 2 * n); var c3 = Vector128.Load(c + 3 * n);
        for (var p = 0; p < k; p++)
        {
            var b0 = Vector128.Load(b + p * n);
            var ap = a + p * sp;
            c0 = Vector128.FusedMultiplyAdd(Vector128.Create(ap[0]), b0, c0);
            c1 = Vector128.FusedMultiplyAdd(Vector128.Create(ap[si]), b0, c1);
            c2 = Vector128.FusedMultiplyAdd(Vector128.Create(ap[2 * si]), b0, c2);
            c3 = Vector128.FusedMultiplyAdd(Vector128.Create(ap[3 * si]), b0, c3);
        }
        c0.Store(c); c1.Store(c + n); c2.Store(c + 2 * n); c3.Store(c + 3 * n);
    }

    private static unsafe void Kernel1x8(double* a, int sp, double* b, double* c, int k, int n)
    {
        var c0 = Vector256.Load(c); var c1 = Vector256.Load(c + 4);
        for (var p = 0; p < k; p++)
        {
            var x = Vector256.Create(a[p * sp]);
            c0 = Fma(x, Vector256.Load(b + p * n), c0);
            c1 = Fma(x, Vector256.Load(b + p * n + 4), c1);
        }
        c0.Store(c); c1.Store(c + 4);
    }
}
