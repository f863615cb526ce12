using NeuroFit.Inference.Networks;
using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Estimators;

/// <summary>
/// Conditional masked autoregressive flow as built by sbi (nflows' MaskedAffineAutoregressiveTransform without
/// residual blocks): per transform, a MADE maps (θ-in, x) to a scale s = softplus(u) + 10⁻³ and a shift m per feature
/// (outputs [u₁…u_D, m₁…m_D]),
/// z = s·θ + m; the feature order is reversed between transforms; the last z is scored under N(0, I). The context x
/// enters every MADE through tanh(x·W_c + b_c) added to the first hidden layer.
/// </summary>
internal sealed class Maf : ConditionalDensityEstimator
{
    private const double ScaleEpsilon = 1e-3;
    private readonly MafSettings _settings;
    private readonly Made[] _made;
    private readonly int _d, _k, _h, _blocks;

    private sealed class Made(DenseLayer context, DenseLayer input, DenseLayer[] hidden, DenseLayer output)
    {
        public DenseLayer Context { get; } = context;
        public DenseLayer Input { get; } = input;
        public DenseLayer[] Hidden { get; } = hidden;
        public DenseLayer Output { get; } = output;
        public IEnumerable<DenseLayer> Layers => [Context, Input, .. Hidden, Output];
    }

    private sealed class MafWorkspace : Workspace
    {
        public required double[][] In, Ctx, Out, Scale, Sigmoid;
        public required double[][][] A;
        public required double[] X, Z, LogDet, DZ, DIn, DOut, DA, DB, Target, U, LogScale, Scratch;
    }

    public Maf(ThetaStandardiser thetaScore, ZScore xScore, MafSettings settings) : base(thetaScore, xScore, CountParameters(thetaScore.Dimension, xScore.Dimension, settings))
    {
        _settings = settings;
        _d = thetaScore.Dimension;
        _k = xScore.Dimension;
        _h = settings.HiddenFeatures;
        _blocks = settings.Blocks;
        _made = BuildLayers(new ParameterLayout(), _d, _k, settings);
    }

    public override string Kind => "maf";

    private static int CountParameters(int d, int k, MafSettings s)
    {
        var layout = new ParameterLayout();
        BuildLayers(layout, d, k, s);
        return layout.Count;
    }

    private static Made[] BuildLayers(ParameterLayout layout, int d, int k, MafSettings s)
    {
        var inDeg = MadeMasks.InputDegrees(d);
        var hidDeg = MadeMasks.HiddenDegrees(d, s.HiddenFeatures);
        var outDeg = MadeMasks.OutputDegrees(d, 2);
        var made = new Made[s.Transforms];
        for (var t = 0; t < s.Transforms; t++)
        {
            var context = new DenseLayer(layout, k, s.HiddenFeatures);
            var input = new DenseLayer(layout, d, s.HiddenFeatures, MadeMasks.Hidden(inDeg, hidDeg));
            var hidden = Enumerable.Range(0, s.Blocks)
                .Select(_ => new DenseLayer(layout, s.HiddenFeatures, s.HiddenFeatures, MadeMasks.Hidden(hidDeg, hidDeg))).ToArray();
            var output = new DenseLayer(layout, s.HiddenFeatures, 2 * d, MadeMasks.Output(hidDeg, outDeg));
            made[t] = new Made(context, input, hidden, output);
        }
        return made;
    }

    internal override void Initialize(Random rng)
    {
        foreach (var layer in _made.SelectMany(m => m.Layers)) layer.InitializeDefault(Parameters, rng);
    }

    internal override IEnumerable<int> MaskedParameters() =>
        _made.SelectMany(m => m.Layers).Where(l => l.Mask is not null)
            .SelectMany(l => Enumerable.Range(0, l.Mask!.Length).Where(i => l.Mask[i] == 0).Select(i => l.WeightOffset + i));

    internal override ConditionalDensityEstimator Clone()
    {
        var copy = new Maf(Theta, XScore, _settings) { MaxThreads = MaxThreads };
        Parameters.CopyTo(copy.Parameters, 0);
        return copy;
    }

    internal override Workspace CreateWorkspace(int maxRows)
    {
        int T = _made.Length, R = maxRows;
        double[] New(int n) => new double[n];
        var scratch = _made.SelectMany(m => m.Layers).Max(l => l.ScratchSize(R));
        return new MafWorkspace
        {
            In = Enumerable.Range(0, T).Select(_ => New(R * _d)).ToArray(),
            Ctx = Enumerable.Range(0, T).Select(_ => New(R * _h)).ToArray(),
            Out = Enumerable.Range(0, T).Select(_ => New(R * 2 * _d)).ToArray(),
            Scale = Enumerable.Range(0, T).Select(_ => New(R * _d)).ToArray(),
            Sigmoid = Enumerable.Range(0, T).Select(_ => New(R * _d)).ToArray(),
            U = New(R * _d), LogScale = New(R * _d),
            A = Enumerable.Range(0, T).Select(_ => Enumerable.Range(0, _blocks + 1).Select(_ => New(R * _h)).ToArray()).ToArray(),
            X = New(R * _k), Z = New(R * _d), LogDet = New(R), DZ = New(R * _d), DIn = New(R * _d), DOut = New(R * 2 * _d),
            DA = New(R * _h), DB = New(R * _h), Target = New(R * _d), Scratch = New(scratch),
        };
    }

    internal override void ForwardZ(Workspace workspace, ReadOnlySpan<double> thetaZ, ReadOnlySpan<double> xZ, int rows, Span<double> logProbZ)
    {
        var ws = (MafWorkspace)workspace;
        xZ[..(rows * _k)].CopyTo(ws.X);
        thetaZ[..(rows * _d)].CopyTo(ws.In[0]);
        var logDet = ws.LogDet.AsSpan(0, rows);
        logDet.Clear();
        for (var t = 0; t < _made.Length; t++)
        {
            ContextHidden(ws, t, rows);
            MadeForward(ws, t, ws.In[t], rows);
            var last = t == _made.Length - 1;
            var next = last ? ws.Z : ws.In[t + 1];
            var input = ws.In[t];
            var output = ws.Out[t];
            var scale = ws.Scale[t];
            ScaleAndLog(ws, t, rows);
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < _d; i++)
                {
                    var z = scale[r * _d + i] * input[r * _d + i] + output[r * 2 * _d + _d + i];
                    next[r * _d + (last ? i : _d - 1 - i)] = z;
                    logDet[r] += ws.LogScale[r * _d + i];
                }
            }
        }
        for (var r = 0; r < rows; r++)
        {
            double ss = 0;
            for (var i = 0; i < _d; i++) ss += ws.Z[r * _d + i] * ws.Z[r * _d + i];
            logProbZ[r] = logDet[r] - 0.5 * ss - 0.5 * _d * Gaussian.Log2Pi;
        }
    }

    internal override void BackwardZ(Workspace workspace, int rows, Span<double> gradParameters, Span<double> gradThetaZ)
    {
        var ws = (MafWorkspace)workspace;
        var p = Parameters;
        var dz = ws.DZ.AsSpan(0, rows * _d);
        for (var i = 0; i < dz.Length; i++) dz[i] = -ws.Z[i];
        var rh = rows * _h;
        for (var t = _made.Length - 1; t >= 0; t--)
        {
            var m = _made[t];
            var input = ws.In[t];
            var scale = ws.Scale[t];
            var sigmoid = ws.Sigmoid[t];
            var dOut = ws.DOut.AsSpan(0, rows * 2 * _d);
            var dIn = ws.DIn.AsSpan(0, rows * _d);
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < _d; i++)
                {
                    var g = dz[r * _d + i];
                    var s = scale[r * _d + i];
                    dOut[r * 2 * _d + i] = (g * input[r * _d + i] + 1 / s) * sigmoid[r * _d + i];
                    dOut[r * 2 * _d + _d + i] = g;
                    dIn[r * _d + i] = g * s;
                }
            }
            var a = ws.A[t];
            var dCur = ws.DA.AsSpan(0, rh);
            var dPrev = ws.DB.AsSpan(0, rh);
            m.Output.Backward(p, gradParameters, a[_blocks], dOut, rows, dCur, accumulateDx: false, ws.Scratch);
            for (var j = _blocks; j >= 1; j--)
            {
                Elementwise.MultiplyByTanhDerivative(dCur, a[j].AsSpan(0, rh));
                m.Hidden[j - 1].Backward(p, gradParameters, a[j - 1], dCur, rows, dPrev, accumulateDx: false, ws.Scratch);
                var swap = dCur; dCur = dPrev; dPrev = swap;
            }
            Elementwise.MultiplyByTanhDerivative(dCur, a[0].AsSpan(0, rh));
            var needInput = t > 0 || !gradThetaZ.IsEmpty;
            m.Input.Backward(p, gradParameters, input, dCur, rows, needInput ? dIn : Span<double>.Empty, accumulateDx: true, ws.Scratch);
            if (!gradParameters.IsEmpty)
            {
                dCur.CopyTo(dPrev);
                Elementwise.MultiplyByTanhDerivative(dPrev, ws.Ctx[t].AsSpan(0, rh));
                m.Context.Backward(p, gradParameters, ws.X, dPrev, rows, Span<double>.Empty, accumulateDx: false, ws.Scratch);
            }
            if (t > 0)
                for (var r = 0; r < rows; r++)
                    for (var i = 0; i < _d; i++) dz[r * _d + i] = dIn[r * _d + _d - 1 - i];
            else if (!gradThetaZ.IsEmpty) dIn.CopyTo(gradThetaZ);
        }
    }

    internal override int RandomsPerSample => _d;

    internal override void FillRandoms(Random rng, Span<double> randoms) => Gaussian.Fill(rng, randoms);

    internal override void SampleZ(Workspace workspace, ReadOnlySpan<double> randoms, ReadOnlySpan<double> xZ, int rows, Span<double> thetaZ)
    {
        var ws = (MafWorkspace)workspace;
        xZ[..(rows * _k)].CopyTo(ws.X);
        var target = ws.Target.AsSpan(0, rows * _d);
        randoms[..(rows * _d)].CopyTo(target);
        for (var t = _made.Length - 1; t >= 0; t--)
        {
            ContextHidden(ws, t, rows);
            var u = ws.In[t].AsSpan(0, rows * _d);
            u.Clear();
            var output = ws.Out[t];
            var scale = ws.Scale[t];
            for (var iteration = 0; iteration < _d; iteration++)
            {
                MadeForward(ws, t, ws.In[t], rows);
                ScaleAndLog(ws, t, rows);
                for (var r = 0; r < rows; r++)
                    for (var i = 0; i < _d; i++)
                        u[r * _d + i] = (target[r * _d + i] - output[r * 2 * _d + _d + i]) / scale[r * _d + i];
            }
            if (t > 0)
                for (var r = 0; r < rows; r++)
                    for (var i = 0; i < _d; i++) target[r * _d + i] = u[r * _d + _d - 1 - i];
            else u.CopyTo(thetaZ);
        }
    }

    // Scale s = softplus(u) + ε, log s and σ(u) for the first D outputs of every row (vectorised over the block).
    private void ScaleAndLog(MafWorkspace ws, int t, int rows)
    {
        var output = ws.Out[t];
        var u = ws.U.AsSpan(0, rows * _d);
        for (var r = 0; r < rows; r++) output.AsSpan(r * 2 * _d, _d).CopyTo(u.Slice(r * _d, _d));
        Elementwise.SoftplusScale(u, ScaleEpsilon, ws.Scale[t].AsSpan(0, rows * _d), ws.LogScale.AsSpan(0, rows * _d), ws.Sigmoid[t].AsSpan(0, rows * _d));
    }

    private void ContextHidden(MafWorkspace ws, int t, int rows)
    {
        var ctx = ws.Ctx[t].AsSpan(0, rows * _h);
        _made[t].Context.Forward(Parameters, ws.X, rows, ctx);
        Elementwise.Tanh(ctx);
    }

    private void MadeForward(MafWorkspace ws, int t, ReadOnlySpan<double> input, int rows)
    {
        var m = _made[t];
        var p = Parameters;
        var a = ws.A[t];
        var rh = rows * _h;
        var a0 = a[0].AsSpan(0, rh);
        ws.Ctx[t].AsSpan(0, rh).CopyTo(a0);
        m.Input.Forward(p, input, rows, a0, accumulate: true);
        Elementwise.Tanh(a0);
        for (var j = 1; j <= _blocks; j++)
        {
            var aj = a[j].AsSpan(0, rh);
            m.Hidden[j - 1].Forward(p, a[j - 1], rows, aj);
            Elementwise.Tanh(aj);
        }
        m.Output.Forward(p, a[_blocks], rows, ws.Out[t]);
    }
}
