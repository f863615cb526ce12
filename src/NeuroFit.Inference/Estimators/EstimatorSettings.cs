using NeuroFit.Inference.Numerics;

namespace NeuroFit.Inference.Estimators;

/// <summary>
/// Which density estimator to build and its size. Settings are captured when inference is set up; the network is
/// built later, when the training data fix the dimensions and the z-scoring statistics.
/// </summary>
public abstract record DensityEstimatorSettings
{
    private protected DensityEstimatorSettings() { }

    /// <summary>How θ is standardised before the network (see <see cref="Estimators.ThetaStandardisation"/>).</summary>
    public ThetaStandardisation ThetaStandardisation { get; init; } = ThetaStandardisation.LinearRegression;

    /// <summary>Short name ("maf", "mdn").</summary>
    public abstract string Name { get; }

    internal abstract ConditionalDensityEstimator Build(ThetaStandardiser thetaScore, ZScore xScore);

    /// <summary>The estimator for a name as written in a configuration file ("maf" or "mdn"), with default sizes.</summary>
    public static DensityEstimatorSettings FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "maf" => new MafSettings(),
        "mdn" => new MdnSettings(),
        _ => throw new InferenceException($"unknown density estimator '{name}'; use \"maf\" or \"mdn\"."),
    };

    private protected static void Require(bool condition, string message)
    {
        if (!condition) throw new InferenceException(message);
    }
}

/// <summary>
/// Masked autoregressive flow (Papamakarios et al. 2017) conditioned on x, with sbi's defaults: 5 affine MADE
/// transforms of 50 tanh hidden units and 2 hidden blocks each, reversed feature order between transforms.
/// </summary>
public sealed record MafSettings : DensityEstimatorSettings
{
    /// <summary>Hidden units per layer (sbi: 50).</summary>
    public int HiddenFeatures { get; init; } = 50;

    /// <summary>Number of autoregressive transforms (sbi: 5).</summary>
    public int Transforms { get; init; } = 5;

    /// <summary>Hidden-to-hidden masked layers per transform (sbi: 2).</summary>
    public int Blocks { get; init; } = 2;

    /// <inheritdoc/>
    public override string Name => "maf";

    internal override ConditionalDensityEstimator Build(ThetaStandardiser thetaScore, ZScore xScore)
    {
        Require(HiddenFeatures >= 1, $"MAF HiddenFeatures must be at least 1 (got {HiddenFeatures}).");
        Require(Transforms >= 1, $"MAF Transforms must be at least 1 (got {Transforms}).");
        Require(Blocks >= 0, $"MAF Blocks must be 0 or more (got {Blocks}).");
        return new Maf(thetaScore, xScore, this);
    }
}

/// <summary>How θ is standardised before it enters the density network (x is always z-scored per dimension).</summary>
public enum ThetaStandardisation
{
    /// <summary>Per-dimension z-scoring with the training mean and standard deviation (sbi's "independent").</summary>
    Independent,

    /// <summary>z-scoring, then the linear regression of θ on x removed and the residual scaled to unit variance
    /// (regression adjustment, Beaumont et al. 2002): the network learns only what a linear fit leaves over.</summary>
    LinearRegression,
}

/// <summary>Hidden-layer nonlinearity of the mixture density network.</summary>
public enum HiddenActivation
{
    /// <summary>max(0, v), as in sbi.</summary>
    Relu,

    /// <summary>tanh(v): smooth everywhere.</summary>
    Tanh,
}

/// <summary>
/// Mixture density network (Bishop 1994) with sbi's defaults: 10 Gaussian components whose weights, means and
/// precision factors come from a 2-layer, 50-unit MLP of x. Full covariance by default (precision = UᵀU with U upper
/// triangular, softplus diagonal); <see cref="FullCovariance"/> = false keeps U diagonal.
/// </summary>
public sealed record MdnSettings : DensityEstimatorSettings
{
    /// <summary>Hidden units per layer (sbi: 50).</summary>
    public int HiddenFeatures { get; init; } = 50;

    /// <summary>Number of hidden layers (sbi: 2).</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Mixture components (sbi and CompNeuroPy: 10).</summary>
    public int Components { get; init; } = 10;

    /// <summary>Full covariance per component (true, sbi) or diagonal (false).</summary>
    public bool FullCovariance { get; init; } = true;

    /// <summary>Hidden nonlinearity (sbi: ReLU).</summary>
    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;

    /// <inheritdoc/>
    public override string Name => "mdn";

    internal override ConditionalDensityEstimator Build(ThetaStandardiser thetaScore, ZScore xScore)
    {
        Require(HiddenFeatures >= 1, $"MDN HiddenFeatures must be at least 1 (got {HiddenFeatures}).");
        Require(HiddenLayers >= 1, $"MDN HiddenLayers must be at least 1 (got {HiddenLayers}).");
        Require(Components >= 1, $"MDN Components must be at least 1 (got {Components}).");
        return new Mdn(thetaScore, xScore, this);
    }
}
