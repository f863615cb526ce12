namespace NeuroFit.Simulation.IO;

/// <summary>
/// An n-dimensional array as stored in a .npy file: element type, shape and the elements in C (row-major) order.
/// The array wraps the given data without copying; do not change the data while a writer uses it.
/// </summary>
public sealed class NpyArray
{
    private readonly int[] _shape;

    /// <summary>Wraps <paramref name="data"/> (a <c>double[]</c>, <c>float[]</c>, <c>long[]</c>, <c>int[]</c> or
    /// <c>bool[]</c> in C order) with the given shape. An empty shape means a 0-d (scalar) array of one element.</summary>
    /// <exception cref="ArgumentException">Unsupported element type, negative dimension, or the shape's product differs
    /// from the data length.</exception>
    public NpyArray(Array data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Rank != 1)
            throw new ArgumentException("data must be a one-dimensional array in C order; use FromMatrix for T[,]", nameof(data));
        DType = NpyDTypes.FromElementType(data.GetType().GetElementType()!)
            ?? throw new ArgumentException(
                $"element type {data.GetType().GetElementType()!.Name} is not supported; use double, float, long, int or bool",
                nameof(data));
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"negative dimension {d} in shape ({string.Join(", ", shape)})", nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException(
                $"shape ({string.Join(", ", shape)}) holds {count} elements but data has {data.Length}", nameof(shape));
        Data = data;
        _shape = (int[])shape.Clone();
    }

    /// <summary>Element type.</summary>
    public NpyDType DType { get; }

    /// <summary>Dimensions, outermost first (numpy's <c>shape</c>). Empty for a 0-d array.</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>The elements in C order; the runtime type matches <see cref="DType"/>.</summary>
    public Array Data { get; }

    /// <summary>A 1-D array of the given elements.</summary>
    public static NpyArray FromVector<T>(T[] data) where T : struct => new(data, data.Length);

    /// <summary>A 0-d array holding one value (numpy scalar, shape <c>()</c>).</summary>
    public static NpyArray Scalar<T>(T value) where T : struct => new(new[] { value });

    /// <summary>A 2-D array copied from a .NET matrix ([row, column] becomes shape (rows, columns)).</summary>
    public static NpyArray FromMatrix<T>(T[,] matrix) where T : struct
    {
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        var flat = new T[rows * cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                flat[i * cols + j] = matrix[i, j];
        return new NpyArray(flat, rows, cols);
    }

    /// <summary>The elements as <typeparamref name="T"/>[] (no copy).</summary>
    /// <exception cref="InvalidOperationException">The element type is not <typeparamref name="T"/>.</exception>
    public T[] As<T>() where T : struct =>
        Data as T[] ?? throw new InvalidOperationException(
            $"array holds {DType} elements, not {typeof(T).Name}; use ToDoubles() to convert");

    /// <summary>The elements converted to double in C order (booleans become 0 and 1; a copy, except for float64
    /// where the stored array is returned).</summary>
    public double[] ToDoubles()
    {
        switch (Data)
        {
            case double[] d: return d;
            case float[] f: return Array.ConvertAll(f, x => (double)x);
            case long[] l: return Array.ConvertAll(l, x => (double)x);
            case int[] i: return Array.ConvertAll(i, x => (double)x);
            case bool[] b: return Array.ConvertAll(b, x => x ? 1.0 : 0.0);
            default: throw new InvalidOperationException("unreachable: unsupported element type");
        }
    }

    /// <summary>The array as a [row, column] matrix of doubles. A 1-D array of length n becomes an n×1 column.</summary>
    /// <exception cref="InvalidOperationException">The array has more than two dimensions or is 0-d.</exception>
    public double[,] ToDoubleMatrix()
    {
        if (Rank is 0 or > 2)
            throw new InvalidOperationException($"array of shape ({string.Join(", ", _shape)}) is not 1-D or 2-D");
        int rows = _shape[0], cols = Rank == 2 ? _shape[1] : 1;
        var values = ToDoubles();
        var m = new double[rows, cols];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                m[i, j] = values[i * cols + j];
        return m;
    }

    /// <summary>Shape written as numpy prints it, e.g. <c>(3, 4)</c> or <c>(5,)</c>.</summary>
    public string ShapeText => _shape.Length == 1 ? $"({_shape[0]},)" : $"({string.Join(", ", _shape)})";

    /// <inheritdoc />
    public override string ToString() => $"NpyArray {DType} {ShapeText}";
}
