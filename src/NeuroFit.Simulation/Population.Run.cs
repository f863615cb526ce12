using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Kernels;
using NeuroFit.Simulation.Reference;

namespace NeuroFit.Simulation;

public sealed partial class Population
{
    private const long RecordScratchBytes = 32L << 20;
    private const long MinWorkPerThread = 1 << 16;

    private double[]?[] _scratch = [];
    private double[] _trace = [];
    private int[] _recordRow = [];
    private SpikeLog? _spikeLog;

    /// <summary>Runs <paramref name="steps"/> steps starting at step <paramref name="step0"/>.</summary>
    internal void Run(long step0, int steps)
    {
        if (steps <= 0) return;
        var lowered = _compiled.Lowered;
        var active = _recorders.Where(r => r.IsActive).ToList();
        var sampling = active.Where(r => r.VariableIndices.Length > 0).ToList();
        var recordedLocal = new bool[Model.Variables.Length];
        foreach (var r in sampling)
            foreach (var j in r.VariableIndices)
                if (Model.Variables[j].Locality == Locality.Local) recordedLocal[j] = true;
        var recordLocal = recordedLocal.Any(x => x);
        var recordSpikes = active.Any(r => r.RecordsSpikes);
        var refractory = lowered.HasRefractory && RefractoryMayActivate();
        var stepMajor = lowered.GlobalOps.Length > 0;
        // One sampling recorder: the kernel writes straight into its buffers. Several: into a shared scratch, then copied.
        var direct = sampling.Count == 1;

        int block;
        if (stepMajor) block = 1;
        else if (recordLocal && !direct)
        {
            var perStep = (long)Size * 8 * recordedLocal.Count(x => x);
            block = (int)Math.Clamp(RecordScratchBytes / perStep, 1, steps);
        }
        else block = steps;
        if (direct) sampling[0].Reserve(sampling[0].CountSamples(step0, steps));

        if (recordSpikes)
        {
            _spikeLog ??= new SpikeLog(Size);
            _spikeLog.Clear();
        }
        _args.SpikeLog = recordSpikes ? _spikeLog : null;
        var main = _compiled.Local(new KernelVariant(_compiled.MainUnroll, recordLocal, refractory));
        var tail = _compiled.Local(new KernelVariant(1, recordLocal, refractory));
        var global = _compiled.Global;

        for (var done = 0; done < steps; done += block)
        {
            var len = Math.Min(block, steps - done);
            var blockStep0 = step0 + done;
            _args.Step0 = blockStep0;
            _args.Steps = len;
            if (global is not null)
            {
                var stride = Model.Variables.Length;
                if (_trace.Length < len * stride) _trace = new double[len * stride];
                _args.GlobalTrace = _trace;
                _args.GlobalTraceStride = stride;
                global(_args);
            }
            else
            {
                _args.GlobalTrace = _globalVars;
                _args.GlobalTraceStride = 0;
            }
            if (recordLocal) PrepareRecording(sampling, direct, recordedLocal, blockStep0, len);
            RunLanes(main, tail, len);
            if (sampling.Count > 0) CollectSamples(sampling, direct, blockStep0, len);
            if (stepMajor) UpdateGlobalOps();
        }
        if (recordSpikes)
            foreach (var r in active)
                if (r.RecordsSpikes) r.AppendSpikes(_spikeLog!);
        CheckDivergence();
    }

    /// <summary>Generates the kernels a plain run needs now (so that compilation can be timed apart from running).</summary>
    public void WarmKernels() => _compiled.Warm(_compiled.Lowered.HasRefractory && RefractoryMayActivate());

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private bool RefractoryMayActivate()
    {
        for (var i = 0; i < Size; i++)
            if (_refractory[i] > 0) return true;
        var dt = Network.Dt;
        switch (_compiled.Lowered.Refractory)
        {
            case ConstEx c:
                return Math.Truncate(c.Value / dt) > 0;
            case ParameterEx p when _pars[p.Index] is { } lanes:
                for (var i = 0; i < Size; i++)
                    if (!(Math.Truncate(lanes[i] / dt) <= 0)) return true;
                return false;
            case ParameterEx p:
                return !(Math.Truncate(_globalPars[p.Index] / dt) <= 0);
            default:
                return true;
        }
    }

    /// <summary>Row of each step of the block in the record buffers, and the buffers the kernel writes.</summary>
    private void PrepareRecording(List<Recorder> sampling, bool direct, bool[] recordedLocal, long step0, int len)
    {
        if (_recordRow.Length < len) _recordRow = new int[len];
        var buffers = new double[]?[recordedLocal.Length];
        var strides = new int[recordedLocal.Length];
        if (direct)
        {
            var r = sampling[0];
            var (first, count) = r.Sampled(step0, len);
            Array.Fill(_recordRow, -1, 0, len);
            for (var q = 0; q < count; q++) _recordRow[first + q * r.PeriodSteps] = r.SampleCount + q;
            for (var k = 0; k < r.VariableIndices.Length; k++)
            {
                var j = r.VariableIndices[k];
                if (!recordedLocal[j]) continue;
                buffers[j] = r.Buffer(k).Data;
                strides[j] = r.Buffer(k).Capacity;
            }
        }
        else
        {
            Array.Fill(_recordRow, -1, 0, len);
            foreach (var r in sampling)
            {
                var (first, count) = r.Sampled(step0, len);
                for (var q = 0; q < count; q++) _recordRow[first + q * r.PeriodSteps] = 0;
            }
            var rows = 0;
            for (var s = 0; s < len; s++)
                if (_recordRow[s] == 0) _recordRow[s] = rows++;
            if (_scratch.Length != recordedLocal.Length) _scratch = new double[]?[recordedLocal.Length];
            for (var j = 0; j < recordedLocal.Length; j++)
            {
                if (!recordedLocal[j] || rows == 0) continue;
                var need = rows * Size;
                if (_scratch[j] is null || _scratch[j]!.Length < need) _scratch[j] = GC.AllocateUninitializedArray<double>(need);
                buffers[j] = _scratch[j];
                strides[j] = rows;
            }
        }
        _args.RecordRow = _recordRow;
        _args.RecordBuffers = buffers;
        _args.RecordStrides = strides;
    }

    /// <summary>Registers the block's samples in each recorder (copying from the scratch when several recorders sample).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void CollectSamples(List<Recorder> sampling, bool direct, long step0, int len)
    {
        var unionRows = _args.RecordStrides.FirstOrDefault(x => x > 0);
        foreach (var r in sampling)
        {
            var (firstStep, count) = r.Sampled(step0, len);
            if (count == 0) continue;
            var period = r.PeriodSteps;
            if (!direct) r.Reserve(count);
            var first = r.SampleCount;
            for (var k = 0; k < r.VariableIndices.Length; k++)
            {
                var j = r.VariableIndices[k];
                var buffer = r.Buffer(k);
                if (Model.Variables[j].Locality == Locality.Global)
                {
                    for (var q = 0; q < count; q++)
                        buffer.Data[first + q] = _args.GlobalTrace[(firstStep + q * period) * _args.GlobalTraceStride + j];
                    continue;
                }
                if (direct) continue;
                var scratch = _scratch[j]!;
                var contiguous = count == unionRows;
                for (var n = 0; n < Size; n++)
                {
                    var dst = n * buffer.Capacity + first;
                    var src = n * unionRows;
                    if (contiguous) Array.Copy(scratch, src, buffer.Data, dst, count);
                    else
                        for (var q = 0; q < count; q++) buffer.Data[dst + q] = scratch[src + _recordRow[firstStep + q * period]];
                }
            }
            r.AddSamples(step0, firstStep, count);
        }
    }

    private void RunLanes(Action<KernelArgs, int, int> main, Action<KernelArgs, int, int> tail, int steps)
    {
        var groupLanes = _compiled.MainUnroll * _compiled.Lanes;
        var mainLanes = _lanes / groupLanes * groupLanes;
        var threads = Network.Threads;
        var groups = mainLanes / groupLanes;
        var useThreads = threads > 1 && groups >= 2 && (long)_lanes * steps >= MinWorkPerThread * 2;
        if (!useThreads)
        {
            if (mainLanes > 0) main(_args, 0, mainLanes);
            if (mainLanes < _lanes) tail(_args, mainLanes, _lanes);
            return;
        }
        // Chunks of whole groups; a neuron's result never depends on which chunk or thread ran it.
        var chunks = Math.Min(groups, threads * 4);
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Parallel.For(0, chunks + 1, options, c =>
        {
            if (c == chunks)
            {
                if (mainLanes < _lanes) tail(_args, mainLanes, _lanes);
                return;
            }
            var lo = (int)((long)groups * c / chunks) * groupLanes;
            var hi = (int)((long)groups * (c + 1) / chunks) * groupLanes;
            if (hi > lo) main(_args, lo, hi);
        });
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void UpdateGlobalOps()
    {
        var slots = _compiled.Lowered.GlobalOps;
        for (var k = 0; k < slots.Length; k++)
            _globalOpValues[k] = ReferenceSimulator.Reduce(slots[k], _vars[slots[k].Variable]!.AsSpan(0, Size));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void CheckDivergence()
    {
        for (var j = 0; j < Model.Variables.Length; j++)
        {
            if (_vars[j] is { } lanes)
            {
                for (var i = 0; i < Size; i++)
                    if (!double.IsFinite(lanes[i])) _diverged[i] = true;
            }
            else if (!double.IsFinite(_globalVars[j]))
                Array.Fill(_diverged, true);
        }
    }
}
