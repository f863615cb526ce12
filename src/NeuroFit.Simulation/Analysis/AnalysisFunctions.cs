using System.Globalization;

namespace NeuroFit.Simulation.Analysis;

/// <summary>
/// CompNeuroPy's small analysis functions (<c>analysis_functions.py</c>), C#-cased: error measures between traces,
/// nan-aware minimum and maximum, and the number of decimals of a time step.
/// </summary>
public static class AnalysisFunctions
{
    /// <summary>Root-mean-square error <c>sqrt(mean((a - b)²))</c> (CompNeuroPy <c>rmse</c>). NaN in either input
    /// gives NaN, as in numpy.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the inputs are empty.</exception>
    public static double Rmse(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckPair(a, b);
        return Math.Sqrt(SumOfSquares(a, b) / a.Length);
    }

    /// <summary>Root-sum-square error <c>sqrt(sum((a - b)²))</c> (CompNeuroPy <c>rsse</c>).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Rsse(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw LengthMismatch(a.Length, b.Length);
        return Math.Sqrt(SumOfSquares(a, b));
    }

    /// <summary>Mean squared error <c>mean((a - b)²)</c>.</summary>
    /// <exception cref="ArgumentException">The lengths differ or the inputs are empty.</exception>
    public static double Mse(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckPair(a, b);
        return SumOfSquares(a, b) / a.Length;
    }

    /// <summary>The value itself (CompNeuroPy <c>get_minimum</c> of a scalar).</summary>
    public static double GetMinimum(double value) => value;

    /// <summary>Smallest non-NaN value (numpy <c>nanmin</c>); NaN when every value is NaN.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double GetMinimum(IEnumerable<double> values) => NanReduce(values, Math.Min, "GetMinimum");

    /// <summary>Smallest non-NaN value of all inner values: one nesting level is flattened, as in CompNeuroPy.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double GetMinimum(IEnumerable<IEnumerable<double>> values) => GetMinimum(values.SelectMany(v => v));

    /// <summary>The value itself (CompNeuroPy <c>get_maximum</c> of a scalar).</summary>
    public static double GetMaximum(double value) => value;

    /// <summary>Largest non-NaN value (numpy <c>nanmax</c>); NaN when every value is NaN.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double GetMaximum(IEnumerable<double> values) => NanReduce(values, Math.Max, "GetMaximum");

    /// <summary>Largest non-NaN value of all inner values: one nesting level is flattened, as in CompNeuroPy.</summary>
    /// <exception cref="ArgumentException">No values.</exception>
    public static double GetMaximum(IEnumerable<IEnumerable<double>> values) => GetMaximum(values.SelectMany(v => v));

    /// <summary>Number of digits after the decimal point in the shortest text of <paramref name="value"/>
    /// (CompNeuroPy <c>get_number_of_decimals</c>): 5 → 0, 5.1 → 1, 0.0101 → 4, 1e-5 → 5.</summary>
    public static int GetNumberOfDecimals(double value)
    {
        if (!double.IsFinite(value) || value == Math.Floor(value)) return 0;
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var fraction = dot < 0 ? 0 : text.Length - dot - 1;
        return Math.Max(0, fraction - exponent);
    }

    /// <summary>Rounds <paramref name="value"/> to the number of decimals of <paramref name="timeStep"/>, which removes
    /// floating-point noise from times computed as multiples of the step.</summary>
    public static double RoundToStep(double value, double timeStep) =>
        Math.Round(value, Math.Min(15, GetNumberOfDecimals(timeStep)), MidpointRounding.ToEven);

    private static double NanReduce(IEnumerable<double> values, Func<double, double, double> pick, string name)
    {
        ArgumentNullException.ThrowIfNull(values);
        var any = false;
        var result = double.NaN;
        foreach (var v in values)
        {
            any = true;
            if (double.IsNaN(v)) continue;
            result = double.IsNaN(result) ? v : pick(result, v);
        }
        if (!any) throw new ArgumentException($"{name} needs at least one value", nameof(values));
        return result;
    }

    // Four independent partial sums (lanes of a Vector256) break the dependency chain of one running sum.
    private static double SumOfSquares(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var acc = System.Runtime.Intrinsics.Vector256<double>.Zero;
        for (; i <= a.Length - 4; i += 4)
        {
            var d = System.Runtime.Intrinsics.Vector256.Create(a.Slice(i, 4)) - System.Runtime.Intrinsics.Vector256.Create(b.Slice(i, 4));
            acc += d * d;
        }
        var sum = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        for (; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    private static void CheckPair(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw LengthMismatch(a.Length, b.Length);
        if (a.Length == 0) throw new ArgumentException("the traces are empty");
    }

    private static ArgumentException LengthMismatch(int a, int b) =>
        new($"the traces have different lengths ({a} and {b} samples)");
}
