namespace NeuroFit.Models.Analysis;

/// <summary>
/// The built-in functions of the model language evaluated with the .NET math library (double precision). Used where
/// an expression is evaluated outside the simulation kernels (bound expressions); the engine keeps its own lane-wise
/// versions so that scalar and SIMD results stay bit-identical.
/// </summary>
public static class MathFunctions
{
    /// <summary>Applies <paramref name="function"/> to <paramref name="a"/> (argument count as the language allows).</summary>
    public static double Apply(MathFunction function, ReadOnlySpan<double> a) => function switch
    {
        MathFunction.Exp => Math.Exp(a[0]),
        MathFunction.Log => Math.Log(a[0]),
        MathFunction.Log10 => Math.Log10(a[0]),
        MathFunction.Sqrt => Math.Sqrt(a[0]),
        MathFunction.Sin => Math.Sin(a[0]),
        MathFunction.Cos => Math.Cos(a[0]),
        MathFunction.Tan => Math.Tan(a[0]),
        MathFunction.Asin => Math.Asin(a[0]),
        MathFunction.Acos => Math.Acos(a[0]),
        MathFunction.Atan => Math.Atan(a[0]),
        MathFunction.Sinh => Math.Sinh(a[0]),
        MathFunction.Cosh => Math.Cosh(a[0]),
        MathFunction.Tanh => Math.Tanh(a[0]),
        MathFunction.Floor => Math.Floor(a[0]),
        MathFunction.Ceil => Math.Ceiling(a[0]),
        MathFunction.Abs => Math.Abs(a[0]),
        MathFunction.Pos => a[0] > 0 ? a[0] : 0,
        MathFunction.Neg => a[0] < 0 ? a[0] : 0,
        MathFunction.Clip => a[0] < a[1] ? a[1] : a[0] > a[2] ? a[2] : a[0],
        MathFunction.IntModulo => (long)a[0] % (long)a[1],
        MathFunction.IntPower => IntPower(a[0], (int)a[1]),
        MathFunction.Round => Math.Round(a[0], MidpointRounding.AwayFromZero),
        MathFunction.Max => Fold(a, Math.Max),
        MathFunction.Min => Fold(a, Math.Min),
        MathFunction.IsFinite => double.IsFinite(a[0]) ? 1 : 0,
        MathFunction.IsNaN => double.IsNaN(a[0]) ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(function), function, "unknown function"),
    };

    // ANNarchy's power(x, n): repeated multiplication (n ≥ 1 in valid models).
    private static double IntPower(double x, int n)
    {
        var result = 1.0;
        for (var i = 0; i < n; i++) result *= x;
        return result;
    }

    private static double Fold(ReadOnlySpan<double> a, Func<double, double, double> f)
    {
        var result = a[0];
        for (var i = 1; i < a.Length; i++) result = f(result, a[i]);
        return result;
    }
}
