using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuroFit.Inference.Networks;

/// <summary>Adam (Kingma &amp; Ba) with PyTorch's defaults β = (0.9, 0.999), ε = 1e-8 and bias correction.</summary>
internal sealed class Adam(int parameterCount, double learningRate)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _m = new double[parameterCount];
    private readonly double[] _v = new double[parameterCount];
    private int _step;

    public double LearningRate { get; } = learningRate;

    /// <summary>One descent step on <paramref name="parameters"/> along <paramref name="gradient"/>.</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _step++;
        var c1 = 1 - Math.Pow(Beta1, _step);
        var c2 = 1 - Math.Pow(Beta2, _step);
        var stepSize = LearningRate / c1;
        var sqrtC2 = Math.Sqrt(c2);
        var start = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var p = MemoryMarshal.Cast<double, Vector256<double>>(parameters);
            var gv = MemoryMarshal.Cast<double, Vector256<double>>(gradient);
            var mv = MemoryMarshal.Cast<double, Vector256<double>>(_m.AsSpan());
            var vv = MemoryMarshal.Cast<double, Vector256<double>>(_v.AsSpan());
            Vector256<double> b1 = Vector256.Create(Beta1), b1c = Vector256.Create(1 - Beta1), b2 = Vector256.Create(Beta2),
                b2c = Vector256.Create(1 - Beta2), step = Vector256.Create(stepSize), inverseSqrtC2 = Vector256.Create(1 / sqrtC2),
                eps = Vector256.Create(Epsilon);
            for (var i = 0; i < p.Length; i++)
            {
                var g = gv[i];
                var m = mv[i] = b1 * mv[i] + b1c * g;
                var v = vv[i] = b2 * vv[i] + b2c * g * g;
                p[i] -= step * m / (Vector256.Sqrt(v) * inverseSqrtC2 + eps);
            }
            start = p.Length * Vector256<double>.Count;
        }
        for (var i = start; i < parameters.Length; i++)
        {
            var g = gradient[i];
            var m = _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            var v = _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            parameters[i] -= stepSize * m / (Math.Sqrt(v) * (1 / sqrtC2) + Epsilon);
        }
    }

    /// <summary>Scales <paramref name="gradient"/> so its Euclidean norm is at most <paramref name="maxNorm"/>
    /// (PyTorch's clip_grad_norm_: factor maxNorm / (norm + 1e-6) when below 1); returns the norm before clipping.</summary>
    public static double ClipNorm(Span<double> gradient, double maxNorm)
    {
        var norm = TensorPrimitives.Norm((ReadOnlySpan<double>)gradient);
        var factor = maxNorm / (norm + 1e-6);
        if (factor < 1) TensorPrimitives.Multiply(gradient, factor, gradient);
        return norm;
    }
}
