namespace NeuroFit.Simulation;

/// <summary>
/// Samples of one variable for <c>Width</c> neurons, neuron-major (<c>Data[neuron * Capacity + row]</c>), growing by
/// whole-buffer reallocation. Reserved exactly when empty, so one run per drain hands its array out without a copy.
/// </summary>
internal sealed class TraceBuffer(int width)
{
    public int Width { get; } = width;
    public double[] Data { get; private set; } = [];
    public int Capacity { get; private set; }
    public int Count { get; set; }

    public void Reserve(int extraRows)
    {
        var need = Count + extraRows;
        if (need <= Capacity) return;
        var capacity = Count == 0 ? need : Math.Max(need, Capacity * 2);
        var data = GC.AllocateUninitializedArray<double>(checked(Width * capacity));
        for (var n = 0; n < Width && Count > 0; n++) Array.Copy(Data, n * Capacity, data, n * capacity, Count);
        Data = data;
        Capacity = capacity;
    }

    /// <summary>The samples as an exact [neuron * Count + row] array (the buffer itself when full); the buffer is emptied.</summary>
    public double[] Take()
    {
        double[] result;
        if (Count == Capacity) result = Data;
        else
        {
            result = GC.AllocateUninitializedArray<double>(Width * Count);
            for (var n = 0; n < Width; n++) Array.Copy(Data, n * Capacity, result, n * Count, Count);
        }
        Data = [];
        Capacity = 0;
        Count = 0;
        return result;
    }

    public void Clear() => Count = 0;
}
