namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// A recorded variable shaped [time, neuron] as CompNeuroPy's <c>rec["pop;v"]</c>. Each neuron's trace is stored
/// contiguously, so <see cref="Neuron"/> (the trace of one neuron) and <see cref="SelectNeuron"/> (a one-neuron view,
/// what a per-candidate results object holds) cost nothing: no data is copied.
/// </summary>
public sealed class TraceMatrix
{
    private readonly double[] _data;
    private readonly int _offset;

    /// <summary>Wraps neuron-major data: <c>data[n * timeSteps + t]</c>.</summary>
    public TraceMatrix(double[] neuronMajor, int timeSteps, int neurons)
        : this(neuronMajor, 0, timeSteps, neurons)
    {
        if (neuronMajor.Length != timeSteps * neurons)
            throw new ArgumentException($"data has {neuronMajor.Length} values, expected {timeSteps} x {neurons}", nameof(neuronMajor));
    }

    private TraceMatrix(double[] data, int offset, int timeSteps, int neurons)
    {
        _data = data;
        _offset = offset;
        TimeSteps = timeSteps;
        Neurons = neurons;
    }

    /// <summary>Copies a [time, neuron] array.</summary>
    public static TraceMatrix FromTimeMajor(double[,] values)
    {
        int steps = values.GetLength(0), neurons = values.GetLength(1);
        var data = new double[steps * neurons];
        for (var t = 0; t < steps; t++)
            for (var n = 0; n < neurons; n++)
                data[n * steps + t] = values[t, n];
        return new TraceMatrix(data, steps, neurons);
    }

    /// <summary>A single-neuron trace.</summary>
    public static TraceMatrix FromTrace(double[] trace) => new(trace, trace.Length, 1);

    /// <summary>Number of recorded samples (rows).</summary>
    public int TimeSteps { get; }

    /// <summary>Number of neurons (columns).</summary>
    public int Neurons { get; }

    /// <summary>Value of neuron <paramref name="neuron"/> at row <paramref name="t"/>.</summary>
    public double this[int t, int neuron]
    {
        get
        {
            if ((uint)t >= (uint)TimeSteps) throw new IndexOutOfRangeException($"row {t} outside 0..{TimeSteps - 1}");
            if ((uint)neuron >= (uint)Neurons) throw new IndexOutOfRangeException($"neuron {neuron} outside 0..{Neurons - 1}");
            return _data[_offset + neuron * TimeSteps + t];
        }
    }

    /// <summary>The whole trace of one neuron (<c>rec["pop;v"][:, n]</c>), without copying.</summary>
    public ReadOnlySpan<double> Neuron(int neuron)
    {
        if ((uint)neuron >= (uint)Neurons)
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"neuron {neuron} outside 0..{Neurons - 1} (the recording has {Neurons} neuron(s))");
        return new ReadOnlySpan<double>(_data, _offset + neuron * TimeSteps, TimeSteps);
    }

    /// <summary>A [time, 1] view of one neuron sharing this matrix's data.</summary>
    public TraceMatrix SelectNeuron(int neuron)
    {
        if ((uint)neuron >= (uint)Neurons)
            throw new ArgumentOutOfRangeException(nameof(neuron), neuron, $"neuron {neuron} outside 0..{Neurons - 1} (the recording has {Neurons} neuron(s))");
        return new TraceMatrix(_data, _offset + neuron * TimeSteps, TimeSteps, 1);
    }

    /// <summary>Copy as a [time, neuron] array.</summary>
    public double[,] ToArray()
    {
        var result = new double[TimeSteps, Neurons];
        for (var n = 0; n < Neurons; n++)
        {
            var trace = Neuron(n);
            for (var t = 0; t < TimeSteps; t++) result[t, n] = trace[t];
        }
        return result;
    }

    /// <summary>Copy of the values in neuron-major order (what NPY calls Fortran order for a [time, neuron] array).</summary>
    public double[] ToNeuronMajorArray() => new ReadOnlySpan<double>(_data, _offset, TimeSteps * Neurons).ToArray();
}
