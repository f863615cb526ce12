using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace NeuroFit.Optimization.Numerics;

/// <summary>
/// Cholesky factorisation A = L·Lᵀ of a small dense symmetric positive-definite matrix (row-major, lower triangle),
/// with the triangular solves a Gaussian process needs. Self-contained and allocation-free in the solves, because the
/// BADS search predicts thousands of candidates per step.
/// </summary>
internal static class Cholesky
{
    /// <summary>Overwrites the lower triangle of the n×n matrix <paramref name="a"/> with L (the strict upper triangle
    /// is zeroed). Returns false when a pivot is not positive and finite (the matrix is not positive definite).</summary>
    public static bool Factor(double[] a, int n)
    {
        for (var j = 0; j < n; j++)
        {
            var rowJ = a.AsSpan(j * n, j);
            var d = a[j * n + j] - Dot(rowJ, rowJ);
            if (!(d > 0) || !double.IsFinite(d)) return false;
            var ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (var i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - Dot(a.AsSpan(i * n, j), rowJ)) / ljj;
        }
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) a[i * n + j] = 0;
        return true;
    }

    /// <summary>Solves L·x = b in place (<paramref name="b"/> becomes x).</summary>
    public static void SolveLower(double[] l, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
            b[i] = (b[i] - Dot(l.AsSpan(i * n, i), b[..i])) / l[i * n + i];
    }

    /// <summary>Solves Lᵀ·x = b in place.</summary>
    public static void SolveUpper(double[] l, int n, Span<double> b)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves (L·Lᵀ)·x = b in place.</summary>
    public static void Solve(double[] l, int n, Span<double> b)
    {
        SolveLower(l, n, b);
        SolveUpper(l, n, b);
    }

    /// <summary>(L·Lᵀ)⁻¹ as a full symmetric n×n matrix.</summary>
    public static double[] Inverse(double[] l, int n)
    {
        // X = L⁻¹ row by row (X_i = (e_i − Σ_{k<i} L_ik X_k)/L_ii, lower triangular), then A⁻¹ = Xᵀ·X
        var x = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            var row = x.AsSpan(i * n, i + 1);
            row[i] = 1;
            for (var k = 0; k < i; k++)
            {
                var lik = l[i * n + k];
                if (lik != 0) TensorPrimitives.MultiplyAdd(x.AsSpan(k * n, k + 1), -lik, row[..(k + 1)], row[..(k + 1)]);
            }
            TensorPrimitives.Multiply(row, 1 / l[i * n + i], row);
        }
        // Xᵀ as rows (U = Xᵀ, upper triangular): (A⁻¹)_ij = Σ_{k ≥ max(i,j)} U_ik U_jk
        var u = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k <= i; k++) u[k * n + i] = x[i * n + k];
        var result = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
            {
                var v = Dot(u.AsSpan(i * n + i, n - i), u.AsSpan(j * n + i, n - i));
                result[i * n + j] = v;
                result[j * n + i] = v;
            }
        return result;
    }

    /// <summary>Σ xᵢyᵢ with SIMD where available.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var n = x.Length;
        var i = 0;
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= 2 * Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y[..n]);
            var acc = Vector<double>.Zero;
            for (var k = 0; k < vx.Length; k++) acc += vx[k] * vy[k];
            s = Vector.Sum(acc);
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < n; i++) s += x[i] * y[i];
        return s;
    }
}
