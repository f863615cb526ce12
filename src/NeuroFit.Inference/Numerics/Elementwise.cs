using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuroFit.Inference.Numerics;

/// <summary>Row-wise and element-wise helpers used by the network layers (vectorised where it pays).</summary>
internal static class Elementwise
{
    /// <summary>Writes <paramref name="bias"/> into every row of the row-major matrix <paramref name="matrix"/>.</summary>
    public static void BroadcastRows(ReadOnlySpan<double> bias, Span<double> matrix, int rows)
    {
        var n = bias.Length;
        for (var r = 0; r < rows; r++) bias.CopyTo(matrix.Slice(r * n, n));
    }

    /// <summary>sums[j] += Σ_r matrix[r, j].</summary>
    public static void AccumulateColumnSums(ReadOnlySpan<double> matrix, int rows, Span<double> sums)
    {
        var n = sums.Length;
        for (var r = 0; r < rows; r++) TensorPrimitives.Add(sums, matrix.Slice(r * n, n), sums);
    }

    /// <summary>In place: values = tanh(values), as 1 − 2/(e^{2v} + 1) with a vector exp (TensorPrimitives.Tanh is
    /// scalar for double); absolute error ~1e-16. Large |v| saturate correctly (e^{2v} = ∞ gives 1, 0 gives −1).</summary>
    public static void Tanh(Span<double> values)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var v = MemoryMarshal.Cast<double, Vector256<double>>(values);
            var one = Vector256.Create(1.0);
            var two = Vector256.Create(2.0);
            for (var j = 0; j < v.Length; j++)
            {
                var x = v[j];
                v[j] = one - two / (Vector256.Exp(x + x) + one);
            }
            i = v.Length * Vector256<double>.Count;
        }
        for (; i < values.Length; i++) values[i] = Math.Tanh(values[i]);
    }

    /// <summary>In place: values = max(values, 0).</summary>
    public static void Relu(Span<double> values) => TensorPrimitives.Max(values, 0.0, values);

    /// <summary>In place: grad *= 1 − a² (the derivative of tanh written through its output a).</summary>
    public static void MultiplyByTanhDerivative(Span<double> grad, ReadOnlySpan<double> activation)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var g = MemoryMarshal.Cast<double, Vector256<double>>(grad);
            var a = MemoryMarshal.Cast<double, Vector256<double>>(activation[..grad.Length]);
            var one = Vector256.Create(1.0);
            for (var v = 0; v < g.Length; v++) g[v] *= one - a[v] * a[v];
            i = g.Length * Vector256<double>.Count;
        }
        for (; i < grad.Length; i++) grad[i] *= 1 - activation[i] * activation[i];
    }

    /// <summary>In place: grad = 0 where the ReLU output is 0.</summary>
    public static void MultiplyByReluDerivative(Span<double> grad, ReadOnlySpan<double> activation)
    {
        for (var i = 0; i < grad.Length; i++) if (activation[i] <= 0) grad[i] = 0;
    }

    /// <summary>
    /// For every u: scale = softplus(u) + ε, logScale = log(scale), sigmoid = σ(u) (= d scale / du), computed from
    /// e = exp(−|u|) as softplus = max(u, 0) + log(1 + e), σ = 1/(1 + e) or e/(1 + e).
    /// </summary>
    public static void SoftplusScale(ReadOnlySpan<double> u, double epsilon, Span<double> scale, Span<double> logScale, Span<double> sigmoid)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var count = Vector256<double>.Count;
            var one = Vector256.Create(1.0);
            var eps = Vector256.Create(epsilon);
            for (; i + count <= u.Length; i += count)
            {
                var x = Vector256.Create(u.Slice(i, count));
                var e = Vector256.Exp(-Vector256.Abs(x));
                var onePlusE = one + e;
                var softplus = Vector256.Max(x, Vector256<double>.Zero) + Vector256.Log(onePlusE);
                var s = softplus + eps;
                s.CopyTo(scale.Slice(i, count));
                Vector256.Log(s).CopyTo(logScale.Slice(i, count));
                var positive = Vector256.GreaterThanOrEqual(x, Vector256<double>.Zero);
                (Vector256.ConditionalSelect(positive, one, e) / onePlusE).CopyTo(sigmoid.Slice(i, count));
            }
        }
        for (; i < u.Length; i++)
        {
            var s = Softplus(u[i]) + epsilon;
            scale[i] = s;
            logScale[i] = Math.Log(s);
            sigmoid[i] = Sigmoid(u[i]);
        }
    }

    /// <summary>log(1 + eᵘ) without overflow.</summary>
    public static double Softplus(double u) => u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u));

    /// <summary>1 / (1 + e⁻ᵘ) without overflow.</summary>
    public static double Sigmoid(double u)
    {
        if (u >= 0) return 1 / (1 + Math.Exp(-u));
        var e = Math.Exp(u);
        return e / (1 + e);
    }

    /// <summary>The inverse of <see cref="Softplus"/> for y &gt; 0.</summary>
    public static double InverseSoftplus(double y) => y + Math.Log(1 - Math.Exp(-y));
}
