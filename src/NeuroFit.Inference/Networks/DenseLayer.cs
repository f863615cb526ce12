using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Networks;

/// <summary>
/// An affine layer y = x·W + b whose weights live in a flat parameter vector (so one optimiser, one gradient
/// buffer and one copy for "best weights" cover the whole network). W is stored [in × out] row-major. An optional
/// 0/1 mask (MADE) keeps masked weights at zero: they start at zero and their gradient is masked.
/// </summary>
internal sealed class DenseLayer
{
    public int In { get; }
    public int Out { get; }
    public int WeightOffset { get; }
    public int BiasOffset { get; }
    public double[]? Mask { get; }

    public DenseLayer(ParameterLayout layout, int inFeatures, int outFeatures, double[]? mask = null)
    {
        if (mask is not null && mask.Length != inFeatures * outFeatures) throw new ArgumentException("mask size must be in × out");
        In = inFeatures;
        Out = outFeatures;
        Mask = mask;
        WeightOffset = layout.Reserve(inFeatures * outFeatures);
        BiasOffset = layout.Reserve(outFeatures);
    }

    public int ScratchSize(int rows) => In * Out;

    public Span<double> Weights(Span<double> p) => p.Slice(WeightOffset, In * Out);
    public ReadOnlySpan<double> Weights(ReadOnlySpan<double> p) => p.Slice(WeightOffset, In * Out);
    public Span<double> Bias(Span<double> p) => p.Slice(BiasOffset, Out);
    public ReadOnlySpan<double> Bias(ReadOnlySpan<double> p) => p.Slice(BiasOffset, Out);

    /// <summary>PyTorch's default for nn.Linear: weights and bias uniform in ±1/√in; masked weights set to 0.</summary>
    public void InitializeDefault(Span<double> p, Random rng)
    {
        var bound = 1 / Math.Sqrt(In);
        var w = Weights(p);
        for (var i = 0; i < w.Length; i++) w[i] = (2 * rng.NextDouble() - 1) * bound;
        var b = Bias(p);
        for (var i = 0; i < b.Length; i++) b[i] = (2 * rng.NextDouble() - 1) * bound;
        ApplyMask(w);
    }

    public void ApplyMask(Span<double> weightsOrGradient)
    {
        if (Mask is null) return;
        var target = weightsOrGradient[..Mask.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(target, Mask, target);
    }

    /// <summary>y[rows × out] = x·W + b, or y += x·W + b when <paramref name="accumulate"/>.</summary>
    public void Forward(ReadOnlySpan<double> p, ReadOnlySpan<double> x, int rows, Span<double> y, bool accumulate = false)
    {
        if (accumulate)
        {
            var b = Bias(p);
            for (var r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.Add(y.Slice(r * Out, Out), b, y.Slice(r * Out, Out));
        }
        else Elementwise.BroadcastRows(Bias(p), y, rows);
        Gemm.Multiply(x, Weights(p), y, rows, In, Out, accumulate: true);
    }

    /// <summary>
    /// Back-propagates dy (= ∂L/∂y). Adds ∂L/∂W and ∂L/∂b to <paramref name="grad"/> (skipped when empty) and writes
    /// (or adds, when <paramref name="accumulateDx"/>) ∂L/∂x to <paramref name="dx"/> (skipped when empty).
    /// </summary>
    public void Backward(ReadOnlySpan<double> p, Span<double> grad, ReadOnlySpan<double> x, ReadOnlySpan<double> dy, int rows,
        Span<double> dx, bool accumulateDx, Span<double> scratch)
    {
        if (!grad.IsEmpty)
        {
            var gw = Weights(grad);
            Gemm.MultiplyTransposedA(x, dy, gw, In, rows, Out, accumulate: true);
            ApplyMask(gw);
            Elementwise.AccumulateColumnSums(dy, rows, Bias(grad));
        }
        if (!dx.IsEmpty)
        {
            var wt = scratch[..(In * Out)];
            Gemm.Transpose(Weights(p), In, Out, wt);
            Gemm.Multiply(dy, wt, dx, rows, Out, In, accumulateDx);
        }
    }
}

/// <summary>Hands out consecutive slices of one flat parameter vector.</summary>
internal sealed class ParameterLayout
{
    public int Count { get; private set; }

    public int Reserve(int size)
    {
        var offset = Count;
        Count += size;
        return offset;
    }
}
