namespace NeuroFit.Inference.Training;

/// <summary>
/// Training loop settings, defaults from sbi's <c>NPE.train</c>: Adam with learning rate 5·10⁻⁴, batches of 200,
/// 10 % of the pairs held out for validation, stop after 20 epochs without a better validation loss (and restore the
/// best weights), gradient norm clipped at 5.
/// </summary>
public sealed record TrainingSettings
{
    /// <summary>Pairs per optimiser step (sbi: 200).</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Adam learning rate (sbi: 5e-4).</summary>
    public double LearningRate { get; init; } = 5e-4;

    /// <summary>Fraction of pairs held out to decide when to stop (sbi: 0.1).</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Stop after this many epochs without a better validation loss (sbi: 20).</summary>
    public int StopAfterEpochs { get; init; } = 20;

    /// <summary>Hard cap on epochs (sbi: 2³¹−1).</summary>
    public int MaxEpochs { get; init; } = int.MaxValue;

    /// <summary>Largest Euclidean norm of a gradient step (sbi: 5); null turns clipping off.</summary>
    public double? ClipMaxNorm { get; init; } = 5.0;

    /// <summary>
    /// Decay of an exponential moving average of the weights, updated after every Adam step; the validation loss,
    /// early stopping and the returned weights use the average. It damps the step-to-step noise of Adam at sbi's
    /// learning rate, which otherwise decides when training stops. Not part of sbi; null turns it off (sbi's
    /// behaviour).
    /// </summary>
    public double? WeightAveraging { get; init; } = 0.99;

    /// <summary>Threads used for the gradient of a batch. Results do not depend on it: each batch is cut into
    /// <see cref="GradientChunks"/> fixed parts whose gradients are added in a fixed order.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Parts each batch is cut into for the parallel gradient (results depend on this, not on
    /// <see cref="Threads"/>).</summary>
    public int GradientChunks { get; init; } = 4;

    internal void Validate()
    {
        static void Require(bool ok, string message) { if (!ok) throw new InferenceException(message); }
        Require(BatchSize >= 1, $"training BatchSize must be at least 1 (got {BatchSize}).");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), $"training LearningRate must be positive (got {LearningRate}).");
        Require(ValidationFraction > 0 && ValidationFraction < 1, $"training ValidationFraction must be in (0, 1) (got {ValidationFraction}).");
        Require(StopAfterEpochs >= 1, $"training StopAfterEpochs must be at least 1 (got {StopAfterEpochs}).");
        Require(MaxEpochs >= 1, $"training MaxEpochs must be at least 1 (got {MaxEpochs}).");
        Require(ClipMaxNorm is null || ClipMaxNorm > 0, $"training ClipMaxNorm must be positive or null (got {ClipMaxNorm}).");
        Require(WeightAveraging is null || (WeightAveraging > 0 && WeightAveraging < 1), $"training WeightAveraging must be in (0, 1) or null (got {WeightAveraging}).");
        Require(Threads >= 1, $"training Threads must be at least 1 (got {Threads}).");
        Require(GradientChunks >= 1, $"training GradientChunks must be at least 1 (got {GradientChunks}).");
    }
}

/// <summary>Losses after one epoch (mean negative log-likelihood in the original units of θ).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean loss over the training batches of this epoch.</param>
/// <param name="ValidationLoss">Loss on the held-out pairs after this epoch.</param>
/// <param name="EpochsSinceImprovement">Epochs since the best validation loss so far.</param>
public sealed record TrainingEpoch(int Epoch, double TrainingLoss, double ValidationLoss, int EpochsSinceImprovement);

/// <summary>The outcome of training: the estimator (best weights restored) and the loss history.</summary>
/// <param name="Estimator">The trained estimator with the weights of the best validation epoch.</param>
/// <param name="Epochs">Epochs run.</param>
/// <param name="BestEpoch">1-based epoch whose weights were kept.</param>
/// <param name="BestValidationLoss">Its validation loss.</param>
/// <param name="TrainingLoss">Mean training loss per epoch.</param>
/// <param name="ValidationLoss">Validation loss per epoch.</param>
/// <param name="TrainingPairs">Pairs used for gradient steps.</param>
/// <param name="ValidationPairs">Pairs held out.</param>
/// <param name="Elapsed">Wall time of the training.</param>
public sealed record TrainingResult(
    Estimators.ConditionalDensityEstimator Estimator, int Epochs, int BestEpoch, double BestValidationLoss,
    IReadOnlyList<double> TrainingLoss, IReadOnlyList<double> ValidationLoss, int TrainingPairs, int ValidationPairs, TimeSpan Elapsed);
