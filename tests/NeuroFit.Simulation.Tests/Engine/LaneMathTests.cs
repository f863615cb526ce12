using System.Runtime.Intrinsics;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>The engine's vector math: accurate, and strictly lane-wise (a lane's result ignores the other lanes).</summary>
public class LaneMathTests
{
    private static double Ulps(double actual, double expected)
    {
        if (actual == expected) return 0;
        if (double.IsNaN(expected)) return double.IsNaN(actual) ? 0 : double.PositiveInfinity;
        var spacing = Math.Abs(Math.BitIncrement(Math.Abs(expected)) - Math.Abs(expected));
        return Math.Abs(actual - expected) / spacing;
    }

    [Fact]
    public void ExpIsWithinTwoUlpsOfTheCLibraryIncludingSpecials()
    {
        var rnd = new Random(7);
        var worst = 0.0;
        for (var k = 0; k < 200_000; k++)
        {
            var x = (rnd.NextDouble() - 0.5) * (k % 3 == 0 ? 1500 : 60);
            worst = Math.Max(worst, Ulps(LaneMath.Exp(Vector256.Create(x))[0], Math.Exp(x)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
        foreach (var x in new[] { 0.0, -0.0, 709.78, 709.79, 710, 1e300, -745.0, -745.2, -1e300, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1e-300 })
            Assert.True(Ulps(LaneMath.Exp(Vector256.Create(x))[0], Math.Exp(x)) <= 2, $"exp({x}) = {LaneMath.Exp(Vector256.Create(x))[0]} vs {Math.Exp(x)}");
    }

    [Fact]
    public void LogIsWithinTwoUlpsOfTheCLibraryIncludingSpecials()
    {
        var rnd = new Random(8);
        var worst = 0.0;
        for (var k = 0; k < 200_000; k++)
        {
            var x = Math.Exp((rnd.NextDouble() - 0.5) * 1400);
            worst = Math.Max(worst, Ulps(LaneMath.Log(Vector256.Create(x))[0], Math.Log(x)));
        }
        Assert.True(worst <= 2, $"worst {worst} ulp");
        foreach (var x in new[] { 1.0, 0.0, -0.0, -1.0, 5e-324, 1e-310, double.Epsilon * 3, double.MaxValue, double.PositiveInfinity, double.NaN, 0.9999999999, 1.0000000001 })
        {
            var got = LaneMath.Log(Vector256.Create(x))[0];
            Assert.True(Ulps(got, Math.Log(x)) <= 2, $"log({x}) = {got} vs {Math.Log(x)}");
        }
    }

    [Fact]
    public void SinCosTwoPiIsAccurate()
    {
        var rnd = new Random(9);
        for (var k = 0; k < 100_000; k++)
        {
            var u = Math.Round((rnd.NextDouble() * 2 - 1) * (1 << 30)) / (1 << 30); // on a grid, so u + 37 is exact
            var (cos, sin) = LaneMath.SinCosTwoPi(Vector256.Create(u));
            Assert.True(Math.Abs(cos[0] - Math.Cos(2 * Math.PI * u)) < 1e-15 && Math.Abs(sin[0] - Math.Sin(2 * Math.PI * u)) < 1e-15, $"u={u}");
            // the reduction is exact: whole periods change nothing
            var (cos2, sin2) = LaneMath.SinCosTwoPi(Vector256.Create(u + 37));
            Assert.Equal(cos[0], cos2[0]);
            Assert.Equal(sin[0], sin2[0]);
        }
    }

    [Theory]
    [InlineData("Exp")]
    [InlineData("Log")]
    public void GeneratedCodeComputesExactlyWhatTheRunningCodeComputes(string name)
    {
        var x = System.Linq.Expressions.Expression.Parameter(typeof(Vector256<double>), "x");
        var ops = new NeuroFit.Simulation.Kernels.ExpressionLaneOps();
        var body = name switch
        {
            "Exp" => LaneAlgorithms.Exp<System.Linq.Expressions.Expression, NeuroFit.Simulation.Kernels.ExpressionLaneOps>(ops, x),
            _ => LaneAlgorithms.Log<System.Linq.Expressions.Expression, NeuroFit.Simulation.Kernels.ExpressionLaneOps>(ops, x),
        };
        var generated = System.Linq.Expressions.Expression.Lambda<Func<Vector256<double>, Vector256<double>>>(ops.Wrap(body), x).Compile();
        Func<Vector256<double>, Vector256<double>> running = name switch
        {
            "Exp" => LaneMath.Exp,
            _ => LaneMath.Log,
        };
        var rnd = new Random(11);
        var specials = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e-310, 709.9, -745.5, 1e300 };
        for (var k = 0; k < 50_000; k++)
        {
            double Pick() => rnd.Next(8) == 0 ? specials[rnd.Next(specials.Length)] : (rnd.NextDouble() - 0.3) * Math.Pow(10, rnd.Next(-4, 4));
            var v = Vector256.Create(Pick(), Pick(), Pick(), Pick());
            var a = generated(v);
            var b = running(v);
            for (var i = 0; i < 4; i++)
                Assert.True(BitConverter.DoubleToInt64Bits(a[i]) == BitConverter.DoubleToInt64Bits(b[i]) || (double.IsNaN(a[i]) && double.IsNaN(b[i])),
                    $"{name}({v[i]:R}): generated {a[i]:R}, running {b[i]:R}");
        }
    }

    public static TheoryData<string> Functions => ["Exp", "Log", "Sin", "Cos", "Pow", "Fmod", "Round", "FMax", "FMin", "Pos", "Clip", "Trunc", "SinCosTwoPi", "Normal"];

    [Theory]
    [MemberData(nameof(Functions))]
    public void EveryLaneIgnoresTheOtherLanes(string name)
    {
        Func<Vector256<double>, Vector256<double>, Vector256<double>> f = name switch
        {
            "Exp" => (a, _) => VMath.Exp(a),
            "Log" => (a, _) => VMath.Log(a),
            "Sin" => (a, _) => VMath.Sin(a),
            "Cos" => (a, _) => VMath.Cos(a),
            "Pow" => VMath.Pow,
            "Fmod" => VMath.Fmod,
            "Round" => (a, _) => VMath.Round(a),
            "FMax" => VMath.FMax,
            "FMin" => VMath.FMin,
            "Pos" => (a, _) => VMath.Pos(a),
            "Clip" => (a, b) => VMath.Clip(a, -b, b),
            "Trunc" => (a, _) => VMath.Trunc(a),
            "SinCosTwoPi" => (a, _) => { var (c, s) = LaneMath.SinCosTwoPi(a); return c + Vector256.Create(3.0) * s; },
            _ => (a, b) => Distributions.Normal(a.AsUInt64(), 12345, Vector256.Create(0.0), Vector256.Create(1.0)),
        };
        var specials = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 1e308, -1e308, 5e-324, 800, -800 };
        var rnd = new Random(name.Length);
        double Pick() => rnd.Next(4) == 0 ? specials[rnd.Next(specials.Length)] : (rnd.NextDouble() - 0.5) * Math.Pow(10, rnd.Next(-3, 4));
        for (var k = 0; k < 20_000; k++)
        {
            var a = Vector256.Create(Pick(), Pick(), Pick(), Pick());
            var b = Vector256.Create(Pick(), Pick(), Pick(), Pick());
            var all = f(a, b);
            for (var i = 0; i < 4; i++)
            {
                var alone = f(Vector256.Create(a[i]), Vector256.Create(b[i]))[0];
                Assert.True(BitConverter.DoubleToInt64Bits(alone) == BitConverter.DoubleToInt64Bits(all[i]),
                    $"{name}({a[i]:R}, {b[i]:R}) in lane {i}: {all[i]:R} in a vector, {alone:R} alone");
            }
        }
    }
}
