using System.Diagnostics;
using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Numerics;
using NeuroFit.Inference.Networks;

namespace NeuroFit.Inference.Training;

/// <summary>
/// Fits a conditional density estimator q(θ | x) to (θ, x) pairs by maximum likelihood (the NPE loss for
/// simulations drawn from the prior). Seeded: the validation split, the initial weights and the batch order all come
/// from <c>seed</c>, and the result does not depend on the number of threads.
/// </summary>
public static class NpeTrainer
{
    /// <summary>Trains an estimator built from <paramref name="estimator"/> on the pairs (θᵣ, xᵣ).</summary>
    public static TrainingResult Train(double[,] theta, double[,] x, DensityEstimatorSettings estimator, TrainingSettings training, int seed,
        Action<TrainingEpoch>? onEpoch = null)
    {
        training.Validate();
        var n = theta.GetLength(0);
        if (x.GetLength(0) != n) throw new InferenceException($"θ has {n} rows but x has {x.GetLength(0)}; they must be row-aligned.");
        if (theta.GetLength(1) == 0 || x.GetLength(1) == 0) throw new InferenceException("θ and x need at least one column each.");
        for (var r = 0; r < n; r++)
            if (!Simulation.Rows.AllFinite(theta, r) || !Simulation.Rows.AllFinite(x, r))
                throw new InferenceException($"training pair {r} has a NaN or ±∞; pass simulations through Simulations.Run/FromPairs, which exclude and count invalid ones.");
        var validationCount = (int)(training.ValidationFraction * n);
        if (validationCount < 1 || n - validationCount < 1)
            throw new InferenceException($"{n} valid simulations are too few to hold out {training.ValidationFraction:P0} for validation; run more simulations.");

        var stopwatch = Stopwatch.StartNew();
        var rng = new Random(seed);
        var order = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(order);
        var train = order[..(n - validationCount)];
        var validation = order[(n - validationCount)..];
        var xScore = ZScore.FitInput(x, train);
        var thetaScore = ThetaStandardiser.Fit(theta, x, train, xScore, estimator.ThetaStandardisation == ThetaStandardisation.LinearRegression);
        var model = estimator.Build(thetaScore, xScore);
        model.Initialize(rng);
        model.MaxThreads = training.Threads;

        var loop = new TrainingLoop(model, theta, x, training);
        // The loop keeps the Adam iterate and (optionally) its running average; each call loads what it needs into
        // model.Parameters.
        var trainingLosses = new List<double>();
        var validationLosses = new List<double>();
        var best = (double[])model.Parameters.Clone();
        var bestLoss = double.PositiveInfinity;
        var bestEpoch = 0;
        var sinceImprovement = 0;
        var epoch = 0;
        while (epoch < training.MaxEpochs)
        {
            epoch++;
            rng.Shuffle(train);
            var trainLoss = loop.Epoch(train);
            var valLoss = loop.Loss(validation, loop.EvaluatedWeights);
            trainingLosses.Add(trainLoss);
            validationLosses.Add(valLoss);
            if (epoch == 1 || valLoss < bestLoss)
            {
                bestLoss = valLoss;
                bestEpoch = epoch;
                sinceImprovement = 0;
                loop.EvaluatedWeights.CopyTo(best, 0);
            }
            else sinceImprovement++;
            onEpoch?.Invoke(new TrainingEpoch(epoch, trainLoss, valLoss, sinceImprovement));
            if (sinceImprovement >= training.StopAfterEpochs) break;
        }
        best.CopyTo(model.Parameters, 0);
        model.MaxThreads = Environment.ProcessorCount;
        return new TrainingResult(model, epoch, bestEpoch, bestLoss, trainingLosses, validationLosses, train.Length, validation.Length, stopwatch.Elapsed);
    }

    /// <summary>Mini-batch gradient steps with a per-chunk gradient buffer and workspace, reduced in chunk order.</summary>
    private sealed class TrainingLoop
    {
        private readonly ConditionalDensityEstimator _model;
        private readonly TrainingSettings _settings;
        private readonly double[] _thetaZ, _xZ, _batchTheta, _batchX, _gradient, _chunkLoss, _iterate, _average;
        private readonly double[][] _chunkGradient;
        private readonly ConditionalDensityEstimator.Workspace[] _workspaces;
        private readonly Adam _adam;
        private readonly int _d, _k, _chunkRows;
        private readonly ParallelOptions _parallel;

        public TrainingLoop(ConditionalDensityEstimator model, double[,] theta, double[,] x, TrainingSettings settings)
        {
            _model = model;
            _settings = settings;
            _d = model.ThetaDimension;
            _k = model.XDimension;
            var n = theta.GetLength(0);
            _thetaZ = new double[n * _d];
            _xZ = new double[n * _k];
            for (var r = 0; r < n; r++)
            {
                model.XScore.ForwardRow(x, r, _xZ.AsSpan(r * _k, _k));
                model.Theta.ForwardRow(theta, r, _xZ.AsSpan(r * _k, _k), _thetaZ.AsSpan(r * _d, _d));
            }
            var chunks = settings.GradientChunks;
            _chunkRows = (settings.BatchSize + chunks - 1) / chunks;
            _batchTheta = new double[settings.BatchSize * _d];
            _batchX = new double[settings.BatchSize * _k];
            _gradient = new double[model.ParameterCount];
            _chunkGradient = Enumerable.Range(0, chunks).Select(_ => new double[model.ParameterCount]).ToArray();
            _chunkLoss = new double[chunks];
            _workspaces = Enumerable.Range(0, chunks).Select(_ => model.CreateWorkspace(_chunkRows)).ToArray();
            _adam = new Adam(model.ParameterCount, settings.LearningRate);
            _iterate = (double[])model.Parameters.Clone();
            _average = settings.WeightAveraging is null ? _iterate : (double[])model.Parameters.Clone();
            _parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads };
        }

        /// <summary>The weights judged on the validation set: the running average, or the Adam iterate.</summary>
        public double[] EvaluatedWeights => _average;

        /// <summary>One pass over <paramref name="train"/> in batches; returns the mean training loss.</summary>
        public double Epoch(int[] train)
        {
            _iterate.CopyTo(_model.Parameters, 0);
            double lossSum = 0;
            for (var start = 0; start < train.Length; start += _settings.BatchSize)
            {
                var rows = Math.Min(_settings.BatchSize, train.Length - start);
                for (var i = 0; i < rows; i++)
                {
                    var r = train[start + i];
                    _thetaZ.AsSpan(r * _d, _d).CopyTo(_batchTheta.AsSpan(i * _d));
                    _xZ.AsSpan(r * _k, _k).CopyTo(_batchX.AsSpan(i * _k));
                }
                lossSum += Step(rows);
                if (_settings.WeightAveraging is { } decay)
                {
                    // average ← decay·average + (1 − decay)·iterate
                    System.Numerics.Tensors.TensorPrimitives.Multiply(_average, decay, _average);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_model.Parameters, 1 - decay, _average, _average);
                }
            }
            _model.Parameters.CopyTo(_iterate, 0);
            return lossSum / train.Length - _model.Theta.LogAbsDetJacobian;
        }

        // Gradient of the mean negative log-likelihood of the first `rows` batch rows, then one Adam step.
        private double Step(int rows)
        {
            var chunks = _chunkGradient.Length;
            void Chunk(int c)
            {
                int from = rows * c / chunks, to = rows * (c + 1) / chunks, count = to - from;
                var g = _chunkGradient[c];
                Array.Clear(g);
                _chunkLoss[c] = 0;
                if (count == 0) return;
                Span<double> logProb = stackalloc double[count];
                _model.ForwardZ(_workspaces[c], _batchTheta.AsSpan(from * _d, count * _d), _batchX.AsSpan(from * _k, count * _k), count, logProb);
                _model.BackwardZ(_workspaces[c], count, g, Span<double>.Empty);
                double s = 0;
                foreach (var v in logProb) s += v;
                _chunkLoss[c] = -s;
            }
            Run(chunks, Chunk);
            Array.Clear(_gradient);
            double loss = 0;
            for (var c = 0; c < chunks; c++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(_gradient, _chunkGradient[c], _gradient);
                loss += _chunkLoss[c];
            }
            // Gradient of Σ log q → gradient of the mean negative log-likelihood.
            System.Numerics.Tensors.TensorPrimitives.Multiply(_gradient, -1.0 / rows, _gradient);
            if (_settings.ClipMaxNorm is { } maxNorm) Adam.ClipNorm(_gradient, maxNorm);
            _adam.Step(_model.Parameters, _gradient);
            return loss;
        }

        /// <summary>Mean negative log-likelihood (original units) of the given rows under <paramref name="weights"/>;
        /// fixed blocks summed in order.</summary>
        public double Loss(int[] rows, double[] weights)
        {
            weights.CopyTo(_model.Parameters, 0);
            var blocks = (rows.Length + _chunkRows - 1) / _chunkRows;
            var sums = new double[blocks];
            var lanes = _workspaces.Length;
            void Lane(int lane)
            {
                var tz = new double[_chunkRows * _d];
                var xz = new double[_chunkRows * _k];
                var lp = new double[_chunkRows];
                for (var b = lane; b < blocks; b += lanes)
                {
                    var start = b * _chunkRows;
                    var count = Math.Min(_chunkRows, rows.Length - start);
                    for (var i = 0; i < count; i++)
                    {
                        var r = rows[start + i];
                        _thetaZ.AsSpan(r * _d, _d).CopyTo(tz.AsSpan(i * _d));
                        _xZ.AsSpan(r * _k, _k).CopyTo(xz.AsSpan(i * _k));
                    }
                    _model.ForwardZ(_workspaces[lane], tz, xz, count, lp);
                    double s = 0;
                    for (var i = 0; i < count; i++) s -= lp[i];
                    sums[b] = s;
                }
            }
            Run(lanes, Lane);
            double total = 0;
            foreach (var s in sums) total += s;
            return total / rows.Length - _model.Theta.LogAbsDetJacobian;
        }

        // Items c, c + w, c + 2w, … go to worker c (w workers): one hand-off per worker and step.
        private void Run(int count, Action<int> body)
        {
            var workers = Math.Min(_settings.Threads, count);
            if (workers <= 1) { for (var i = 0; i < count; i++) body(i); return; }
            Parallel.For(0, workers, _parallel, w =>
            {
                for (var i = w; i < count; i += workers) body(i);
            });
        }
    }
}
