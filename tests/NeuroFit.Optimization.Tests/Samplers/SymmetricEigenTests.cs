using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;
using NeuroFit.Optimization.Numerics;

namespace NeuroFit.Optimization.Tests.Samplers;

public class SymmetricEigenTests
{
    private static double[] RandomSymmetric(int n, int seed, double scale)
    {
        var r = new Random(seed);
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                a[i * n + j] = a[j * n + i] = (r.NextDouble() * 2 - 1) * scale;
        return a;
    }

    /// <summary>A v = λ v for every pair, V orthonormal, λ ascending and equal to MathNet's symmetric EVD.</summary>
    [Property(MaxTest = 200)]
    public Property DecomposesLikeAReferenceSolver() =>
        Prop.ForAll(Gen.Choose(1, 12).ToArbitrary(), Gen.Choose(0, 1_000_000).ToArbitrary(), Gen.Elements(1e-6, 1.0, 1e6).ToArbitrary(), (n, seed, scale) =>
        {
            var a = RandomSymmetric(n, seed, scale);
            var work = (double[])a.Clone();
            var values = new double[n];
            var vectors = new double[n * n];
            Assert.True(SymmetricEigen.Decompose(work, n, values, vectors));
            var norm = a.Max(Math.Abs);
            var tol = 1e-12 * n * Math.Max(norm, 1e-300);
            for (var k = 0; k < n; k++)
            {
                if (k > 0) Assert.True(values[k - 1] <= values[k]);
                for (var r = 0; r < n; r++)
                {
                    double av = 0;
                    for (var c = 0; c < n; c++) av += a[r * n + c] * vectors[c * n + k];
                    Assert.True(Math.Abs(av - values[k] * vectors[r * n + k]) <= tol, $"residual {av - values[k] * vectors[r * n + k]:E3} (n {n}, scale {scale})");
                }
                for (var j = 0; j < n; j++)
                {
                    double dot = 0;
                    for (var r = 0; r < n; r++) dot += vectors[r * n + k] * vectors[r * n + j];
                    Assert.Equal(k == j ? 1.0 : 0.0, dot, 12);
                }
            }
            var reference = Matrix<double>.Build.Dense(n, n, (i, j) => a[i * n + j]).Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).Order().ToArray();
            for (var k = 0; k < n; k++) Assert.True(Math.Abs(reference[k] - values[k]) <= tol, $"eigenvalue {k}: {values[k]} vs {reference[k]}");
            return true;
        });

    [Fact]
    public void DiagonalAndRepeatedEigenvaluesAndNonFiniteInput()
    {
        var values = new double[3];
        var vectors = new double[9];
        Assert.True(SymmetricEigen.Decompose([3, 0, 0, 0, 1, 0, 0, 0, 2], 3, values, vectors));
        Assert.Equal([1.0, 2.0, 3.0], values);
        Assert.Equal([0.0, 0, 1, 1, 0, 0, 0, 1, 0], vectors); // columns are the unit vectors of the sorted values
        Assert.True(SymmetricEigen.Decompose([2, 0, 0, 0, 2, 0, 0, 0, 2], 3, values, vectors));
        Assert.Equal([2.0, 2.0, 2.0], values);
        Assert.False(SymmetricEigen.Decompose([1, double.NaN, double.NaN, 1], 2, values, vectors));
    }
}
