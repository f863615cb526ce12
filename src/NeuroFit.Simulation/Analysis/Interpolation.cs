namespace NeuroFit.Simulation.Analysis;

/// <summary>Piecewise-linear interpolation of samples (x increasing).</summary>
public static class Interpolation
{
    /// <summary>
    /// Values of the polyline through (<paramref name="x"/>, <paramref name="y"/>) at <paramref name="at"/>. Outside
    /// [x₀, xₙ] the end segments are extended when <paramref name="extrapolate"/> is true (scipy's
    /// <c>fill_value="extrapolate"</c>), else the end values are held (numpy's <c>interp</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, no samples, or x not strictly increasing.</exception>
    public static double[] Linear(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> at, bool extrapolate = false)
    {
        if (x.Length != y.Length) throw new ArgumentException($"x has {x.Length} values but y has {y.Length}");
        if (x.Length == 0) throw new ArgumentException("no samples to interpolate");
        for (var i = 0; i + 1 < x.Length; i++)
            if (!(x[i + 1] > x[i]))
                throw new ArgumentException($"sample times must increase strictly (x[{i}] = {x[i]}, x[{i + 1}] = {x[i + 1]})");
        var result = new double[at.Length];
        if (x.Length == 1)
        {
            result.AsSpan().Fill(y[0]);
            return result;
        }
        var j = 0;
        for (var k = 0; k < at.Length; k++)
        {
            var t = at[k];
            if (t <= x[0] && !extrapolate) { result[k] = y[0]; continue; }
            if (t >= x[^1] && !extrapolate) { result[k] = y[^1]; continue; }
            // Find the segment [x[j], x[j+1]] holding t (walk forward for sorted queries, else search).
            if (j + 1 >= x.Length || t < x[j]) j = 0;
            if (t > x[j + 1])
            {
                var idx = x.BinarySearch(t);
                j = idx >= 0 ? idx : ~idx - 1;
            }
            j = Math.Clamp(j, 0, x.Length - 2);
            var w = (t - x[j]) / (x[j + 1] - x[j]);
            result[k] = y[j] + w * (y[j + 1] - y[j]);
        }
        return result;
    }
}
