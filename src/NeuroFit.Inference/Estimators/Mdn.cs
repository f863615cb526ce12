using NeuroFit.Inference.Networks;
using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Estimators;

/// <summary>
/// Mixture density network: an MLP of x gives, per component k, a logit, a mean μₖ and an upper-triangular precision
/// factor Uₖ (diagonal softplus(u) + 10⁻⁴, off-diagonal free; diagonal only when full covariance is off), so
/// Σₖ⁻¹ = UₖᵀUₖ and log N(θ; μₖ, Σₖ) = −d/2·log 2π + Σᵢ log Uₖ,ᵢᵢ − ½‖Uₖ(θ − μₖ)‖². Unlike sbi (which adds
/// 10⁻⁴·I to UᵀU) the floor sits on U's diagonal, so the log-determinant stays a plain sum.
/// </summary>
internal sealed class Mdn : ConditionalDensityEstimator
{
    private const double DiagonalFloor = 1e-4;
    private const double InitStd = 1e-4;
    private readonly MdnSettings _settings;
    private readonly DenseLayer[] _hidden;
    private readonly DenseLayer _output;
    private readonly int _d, _k, _h, _components, _upper, _outputs;
    private readonly bool _relu;

    private sealed class MdnWorkspace : Workspace
    {
        public required double[][] H;
        public required double[] X, O, LogPi, Resp, Y, Delta, DO, DA, DB, Scratch;
    }

    public Mdn(ThetaStandardiser thetaScore, ZScore xScore, MdnSettings settings) : base(thetaScore, xScore, CountParameters(thetaScore.Dimension, xScore.Dimension, settings))
    {
        _settings = settings;
        _d = thetaScore.Dimension;
        _k = xScore.Dimension;
        _h = settings.HiddenFeatures;
        _components = settings.Components;
        _upper = settings.FullCovariance ? _d * (_d - 1) / 2 : 0;
        _outputs = _components * (1 + 2 * _d + _upper);
        _relu = settings.Activation == HiddenActivation.Relu;
        (_hidden, _output) = BuildLayers(new ParameterLayout(), _d, _k, settings);
    }

    public override string Kind => "mdn";

    private static int CountParameters(int d, int k, MdnSettings s)
    {
        var layout = new ParameterLayout();
        BuildLayers(layout, d, k, s);
        return layout.Count;
    }

    private static (DenseLayer[] Hidden, DenseLayer Output) BuildLayers(ParameterLayout layout, int d, int k, MdnSettings s)
    {
        var hidden = new DenseLayer[s.HiddenLayers];
        for (var l = 0; l < hidden.Length; l++) hidden[l] = new DenseLayer(layout, l == 0 ? k : s.HiddenFeatures, s.HiddenFeatures);
        var upper = s.FullCovariance ? d * (d - 1) / 2 : 0;
        var output = new DenseLayer(layout, s.HiddenFeatures, s.Components * (1 + 2 * d + upper));
        return (hidden, output);
    }

    // Column blocks of the output layer.
    private int LogitColumn(int c) => c;
    private int MeanColumn(int c, int i) => _components + c * _d + i;
    private int DiagonalColumn(int c, int i) => _components * (1 + _d) + c * _d + i;
    private int UpperColumn(int c, int index) => _components * (1 + 2 * _d) + c * _upper + index;

    /// <summary>sbi's custom initialisation: near-uniform weights, near-identity precision, default-initialised means.</summary>
    internal override void Initialize(Random rng)
    {
        foreach (var layer in _hidden) layer.InitializeDefault(Parameters, rng);
        _output.InitializeDefault(Parameters, rng);
        var p = Parameters;
        var diagonalBias = Elementwise.InverseSoftplus(1 - DiagonalFloor);
        void Column(int col, double bias, bool randomBias)
        {
            for (var i = 0; i < _h; i++) p[_output.WeightOffset + i * _outputs + col] = InitStd * Gaussian.Next(rng);
            p[_output.BiasOffset + col] = randomBias ? InitStd * Gaussian.Next(rng) : bias;
        }
        for (var c = 0; c < _components; c++)
        {
            Column(LogitColumn(c), 0, randomBias: true);
            for (var i = 0; i < _d; i++) Column(DiagonalColumn(c, i), diagonalBias, randomBias: false);
            for (var u = 0; u < _upper; u++) Column(UpperColumn(c, u), 0, randomBias: false);
        }
    }

    internal override ConditionalDensityEstimator Clone()
    {
        var copy = new Mdn(Theta, XScore, _settings) { MaxThreads = MaxThreads };
        Parameters.CopyTo(copy.Parameters, 0);
        return copy;
    }

    internal override Workspace CreateWorkspace(int maxRows)
    {
        var r = maxRows;
        var scratch = _hidden.Append(_output).Max(l => l.ScratchSize(r));
        return new MdnWorkspace
        {
            H = _hidden.Select(_ => new double[r * _h]).ToArray(),
            X = new double[r * _k], O = new double[r * _outputs], LogPi = new double[r * _components], Resp = new double[r * _components],
            Y = new double[r * _components * _d], Delta = new double[r * _components * _d], DO = new double[r * _outputs],
            DA = new double[r * _h], DB = new double[r * _h], Scratch = new double[scratch],
        };
    }

    private void Network(MdnWorkspace ws, int rows)
    {
        for (var l = 0; l < _hidden.Length; l++)
        {
            var h = ws.H[l].AsSpan(0, rows * _h);
            _hidden[l].Forward(Parameters, l == 0 ? ws.X : ws.H[l - 1], rows, h);
            if (_relu) Elementwise.Relu(h); else Elementwise.Tanh(h);
        }
        _output.Forward(Parameters, ws.H[^1], rows, ws.O);
    }

    private double U(ReadOnlySpan<double> o, int c, int i, int j)
    {
        if (i == j) return Elementwise.Softplus(o[DiagonalColumn(c, i)]) + DiagonalFloor;
        if (j < i || _upper == 0) return 0;
        return o[UpperColumn(c, UpperIndex(i, j))];
    }

    // Row-major index of (i, j), i < j, among the strictly upper entries.
    private int UpperIndex(int i, int j) => i * (2 * _d - i - 1) / 2 + (j - i - 1);

    private void LogWeights(ReadOnlySpan<double> o, Span<double> logPi)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < _components; c++) max = Math.Max(max, o[LogitColumn(c)]);
        double sum = 0;
        for (var c = 0; c < _components; c++) sum += Math.Exp(o[LogitColumn(c)] - max);
        var log = max + Math.Log(sum);
        for (var c = 0; c < _components; c++) logPi[c] = o[LogitColumn(c)] - log;
    }

    internal override void ForwardZ(Workspace workspace, ReadOnlySpan<double> thetaZ, ReadOnlySpan<double> xZ, int rows, Span<double> logProbZ)
    {
        var ws = (MdnWorkspace)workspace;
        xZ[..(rows * _k)].CopyTo(ws.X);
        Network(ws, rows);
        Span<double> a = stackalloc double[_components];
        for (var r = 0; r < rows; r++)
        {
            var o = ws.O.AsSpan(r * _outputs, _outputs);
            var logPi = ws.LogPi.AsSpan(r * _components, _components);
            LogWeights(o, logPi);
            for (var c = 0; c < _components; c++)
            {
                var delta = ws.Delta.AsSpan((r * _components + c) * _d, _d);
                var y = ws.Y.AsSpan((r * _components + c) * _d, _d);
                for (var i = 0; i < _d; i++) delta[i] = thetaZ[r * _d + i] - o[MeanColumn(c, i)];
                double logDet = 0, ss = 0;
                for (var i = 0; i < _d; i++)
                {
                    var uii = U(o, c, i, i);
                    logDet += Math.Log(uii);
                    var yi = uii * delta[i];
                    for (var j = i + 1; j < _d && _upper > 0; j++) yi += U(o, c, i, j) * delta[j];
                    y[i] = yi;
                    ss += yi * yi;
                }
                a[c] = logPi[c] - 0.5 * _d * Gaussian.Log2Pi + logDet - 0.5 * ss;
            }
            var max = double.NegativeInfinity;
            foreach (var v in a) max = Math.Max(max, v);
            double sum = 0;
            foreach (var v in a) sum += Math.Exp(v - max);
            var logq = max + Math.Log(sum);
            logProbZ[r] = logq;
            for (var c = 0; c < _components; c++) ws.Resp[r * _components + c] = Math.Exp(a[c] - logq);
        }
    }

    internal override void BackwardZ(Workspace workspace, int rows, Span<double> gradParameters, Span<double> gradThetaZ)
    {
        var ws = (MdnWorkspace)workspace;
        var dO = ws.DO.AsSpan(0, rows * _outputs);
        dO.Clear();
        if (!gradThetaZ.IsEmpty) gradThetaZ[..(rows * _d)].Clear();
        Span<double> uty = stackalloc double[_d];
        for (var r = 0; r < rows; r++)
        {
            var o = ws.O.AsSpan(r * _outputs, _outputs);
            var g = dO.Slice(r * _outputs, _outputs);
            for (var c = 0; c < _components; c++)
            {
                var resp = ws.Resp[r * _components + c];
                g[LogitColumn(c)] = resp - Math.Exp(ws.LogPi[r * _components + c]);
                var delta = ws.Delta.AsSpan((r * _components + c) * _d, _d);
                var y = ws.Y.AsSpan((r * _components + c) * _d, _d);
                for (var j = 0; j < _d; j++)
                {
                    double s = 0;
                    for (var i = 0; i <= j; i++) s += U(o, c, i, j) * y[i];
                    uty[j] = s;
                }
                for (var j = 0; j < _d; j++)
                {
                    g[MeanColumn(c, j)] = resp * uty[j];
                    if (!gradThetaZ.IsEmpty) gradThetaZ[r * _d + j] -= resp * uty[j];
                }
                for (var i = 0; i < _d; i++)
                {
                    var u = o[DiagonalColumn(c, i)];
                    var uii = Elementwise.Softplus(u) + DiagonalFloor;
                    g[DiagonalColumn(c, i)] = resp * (1 / uii - y[i] * delta[i]) * Elementwise.Sigmoid(u);
                    for (var j = i + 1; j < _d && _upper > 0; j++) g[UpperColumn(c, UpperIndex(i, j))] = -resp * y[i] * delta[j];
                }
            }
        }
        if (gradParameters.IsEmpty) return;
        var rh = rows * _h;
        var dCur = ws.DA.AsSpan(0, rh);
        var dPrev = ws.DB.AsSpan(0, rh);
        _output.Backward(Parameters, gradParameters, ws.H[^1], dO, rows, dCur, accumulateDx: false, ws.Scratch);
        for (var l = _hidden.Length - 1; l >= 0; l--)
        {
            var h = ws.H[l].AsSpan(0, rh);
            if (_relu) Elementwise.MultiplyByReluDerivative(dCur, h); else Elementwise.MultiplyByTanhDerivative(dCur, h);
            var input = l == 0 ? ws.X : ws.H[l - 1];
            _hidden[l].Backward(Parameters, gradParameters, input, dCur, rows, l == 0 ? Span<double>.Empty : dPrev, accumulateDx: false, ws.Scratch);
            var swap = dCur; dCur = dPrev; dPrev = swap;
        }
    }

    internal override int RandomsPerSample => 1 + _d;

    internal override void FillRandoms(Random rng, Span<double> randoms)
    {
        var per = RandomsPerSample;
        for (var s = 0; s + per <= randoms.Length; s += per)
        {
            randoms[s] = rng.NextDouble();
            Gaussian.Fill(rng, randoms.Slice(s + 1, _d));
        }
    }

    internal override void SampleZ(Workspace workspace, ReadOnlySpan<double> randoms, ReadOnlySpan<double> xZ, int rows, Span<double> thetaZ)
    {
        var ws = (MdnWorkspace)workspace;
        xZ[..(rows * _k)].CopyTo(ws.X);
        Network(ws, rows);
        Span<double> logPi = stackalloc double[_components];
        var per = RandomsPerSample;
        for (var r = 0; r < rows; r++)
        {
            var o = ws.O.AsSpan(r * _outputs, _outputs);
            LogWeights(o, logPi);
            var uniform = randoms[r * per];
            var c = 0;
            double cumulative = 0;
            for (; c < _components - 1; c++)
            {
                cumulative += Math.Exp(logPi[c]);
                if (uniform < cumulative) break;
            }
            var eps = randoms.Slice(r * per + 1, _d);
            var theta = thetaZ.Slice(r * _d, _d);
            // Solve U·δ = ε by back substitution; θ = μ + δ.
            for (var i = _d - 1; i >= 0; i--)
            {
                var s = eps[i];
                for (var j = i + 1; j < _d && _upper > 0; j++) s -= U(o, c, i, j) * theta[j];
                theta[i] = s / U(o, c, i, i);
            }
            for (var i = 0; i < _d; i++) theta[i] += o[MeanColumn(c, i)];
        }
    }
}
