namespace NeuroFit.Simulation.Kernels;

/// <summary>
/// Everything a generated kernel reads and writes for one call. Arrays of local attributes hold one value per lane
/// (the population size rounded up to whole vectors); global attributes live in the scalar arrays.
/// </summary>
internal sealed class KernelArgs
{
    public double[]?[] Variables = [];
    public double[]?[] Parameters = [];
    public double[] GlobalParameters = [];
    public double[][] Inputs = [];
    public double[] GlobalVariables = [];
    /// <summary>Global variables after each step's global update: <c>[step * GlobalTraceStride + variable]</c> (stride 0: constant).</summary>
    public double[] GlobalTrace = [];
    public int GlobalTraceStride;
    public double[] GlobalOpValues = [];
    public double[] Refractory = [];
    public double[] LastSpike = [];
    public int[] SpikeCounts = [];
    public SpikeLog? SpikeLog;
    public ulong[] Keys = [];
    public ulong Seed;
    public double Dt;
    public long Step0;
    public int Steps;
    public int Size;
    /// <summary>Row of each step of the call in the record buffers, or −1 when no recorder samples it.</summary>
    public int[] RecordRow = [];
    /// <summary>Per variable: neuron-major record buffer <c>[neuron * RecordStrides[j] + row]</c>, or null when not recorded.</summary>
    public double[]?[] RecordBuffers = [];
    public int[] RecordStrides = [];
}

/// <summary>Per-neuron spike step lists of the current run (only kept while a recorder records spikes).</summary>
internal sealed class SpikeLog
{
    private readonly int[][] _steps;
    private readonly int[] _counts;

    public SpikeLog(int size)
    {
        _steps = new int[size][];
        _counts = new int[size];
        for (var i = 0; i < size; i++) _steps[i] = [];
    }

    public int Size => _counts.Length;

    public void Add(int neuron, int step)
    {
        ref var list = ref _steps[neuron];
        var count = _counts[neuron];
        if (count == list.Length) Array.Resize(ref list, Math.Max(8, count * 2));
        list[count] = step;
        _counts[neuron] = count + 1;
    }

    public ReadOnlySpan<int> Of(int neuron) => _steps[neuron].AsSpan(0, _counts[neuron]);

    public void Clear() => Array.Clear(_counts);
}

/// <summary>Calls made by generated kernels outside the hot path.</summary>
internal static class KernelRuntime
{
    /// <summary>Steps run between two calls out of the kernel (noise pre-drawing, spike bookkeeping).</summary>
    public const int ChunkSteps = 64;

    /// <summary>Encodes a spike event: step, vector within the group, lane bits (up to 8 lanes).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static void Record(long[] events, int index, long step, int vector, uint bits) =>
        System.Runtime.CompilerServices.Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(events), index) =
            (step << 16) | ((long)vector << 8) | bits;

    /// <summary>Applies buffered spike events of the group starting at <paramref name="lane"/> (vectors of <paramref name="lanes"/> neurons).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Flush(KernelArgs args, long[] events, int count, int lane, int lanes)
    {
        for (var k = 0; k < count; k++)
        {
            var e = events[k];
            OnSpike(args, lane + lanes * (int)((e >> 8) & 0xFF), (uint)(e & 0xFF), e >> 16);
        }
    }

    /// <summary>Spike bookkeeping for the lanes set in <paramref name="bits"/> of the vector starting at <paramref name="lane0"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void OnSpike(KernelArgs args, int lane0, uint bits, long step)
    {
        while (bits != 0)
        {
            var lane = lane0 + System.Numerics.BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
            if (lane >= args.Size) continue;
            args.SpikeCounts[lane]++;
            args.LastSpike[lane] = step;
            args.SpikeLog?.Add(lane, checked((int)step));
        }
    }
}
