using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Tests.Numerics;

public class GemmTests
{
    private static double[] RandomMatrix(Random rng, int size) => Enumerable.Range(0, size).Select(_ => rng.NextDouble() * 2 - 1).ToArray();

    [Property(MaxTest = 60)]
    public Property SimdProductEqualsTheTripleLoop() => Prop.ForAll(
        Gen.Choose(1, 37).Three().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(),
        (shape, seed) =>
        {
            var (m, k, n) = shape;
            var rng = new Random(seed);
            var a = RandomMatrix(rng, m * k);
            var b = RandomMatrix(rng, k * n);
            var c0 = RandomMatrix(rng, m * n);
            var expected = (double[])c0.Clone();
            var actual = (double[])c0.Clone();
            Gemm.MultiplyScalar(a, b, expected, m, k, n, accumulate: true);
            Gemm.Multiply(a, b, actual, m, k, n, accumulate: true);
            return expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * (1 + Math.Abs(p.First)));
        });

    [Property(MaxTest = 60)]
    public Property TransposedProductEqualsProductWithTheTranspose() => Prop.ForAll(
        Gen.Choose(1, 37).Three().ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(),
        (shape, seed) =>
        {
            var (m, k, n) = shape;
            var rng = new Random(seed);
            var aT = RandomMatrix(rng, k * m); // A is m×k, stored transposed
            var b = RandomMatrix(rng, k * n);
            var a = new double[m * k];
            Gemm.Transpose(aT, k, m, a);
            var expected = new double[m * n];
            var actual = new double[m * n];
            Gemm.MultiplyScalar(a, b, expected, m, k, n, accumulate: false);
            Gemm.MultiplyTransposedA(aT, b, actual, m, k, n, accumulate: false);
            return expected.Zip(actual).All(p => Math.Abs(p.First - p.Second) <= 1e-12 * (1 + Math.Abs(p.First)));
        });

    [Fact]
    public void VectorTanhMatchesMathTanh()
    {
        var values = Enumerable.Range(-4000, 8001).Select(i => i * 0.01).Append(1e-9).Append(-50).Append(50).ToArray();
        var expected = values.Select(Math.Tanh).ToArray();
        Elementwise.Tanh(values);
        for (var i = 0; i < values.Length; i++) Assert.True(Math.Abs(values[i] - expected[i]) < 1e-15, $"tanh at {i}: {values[i]} vs {expected[i]}");
    }

    [Fact]
    public void OverwriteIgnoresOldContents()
    {
        double[] a = [1, 2, 3, 4]; // 2×2
        double[] b = [5, 6, 7, 8]; // 2×2
        var c = new double[] { 100, 100, 100, 100 };
        Gemm.Multiply(a, b, c, 2, 2, 2, accumulate: false);
        Assert.Equal([19, 22, 43, 50], c);
    }

    [Fact]
    public void TransposeSwapsIndices()
    {
        double[] a = [1, 2, 3, 4, 5, 6]; // 2×3
        var at = new double[6];
        Gemm.Transpose(a, 2, 3, at);
        Assert.Equal([1, 4, 2, 5, 3, 6], at);
    }
}
