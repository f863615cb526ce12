namespace NeuroFit.Inference.Priors;

/// <summary>Something θ can be drawn from: a prior, a truncated prior, a posterior used as a proposal.</summary>
public interface IProposal
{
    /// <summary>Dimension of θ.</summary>
    int Dimension { get; }

    /// <summary><paramref name="n"/> independent draws, one per row.</summary>
    double[,] Sample(int n, Random rng);
}

/// <summary>A prior over θ. Implement it for a custom prior; <see cref="BoxUniform"/> and <see cref="IndependentPrior"/>
/// cover the common cases.</summary>
public interface IPrior : IProposal
{
    /// <summary>log p(θ); −∞ outside the support.</summary>
    double LogProb(ReadOnlySpan<double> theta);

    /// <summary>Whether θ lies in the support (posterior draws outside it are rejected).</summary>
    bool InSupport(ReadOnlySpan<double> theta);
}

/// <summary>A prior that can draw from itself restricted to an axis-aligned box (p(θ)·1[θ ∈ box], normalised)
/// without rejection; sequential rounds use it to sample truncated proposals efficiently.</summary>
public interface IRestrictablePrior : IPrior
{
    /// <summary>The smallest box containing the support (bounds may be infinite).</summary>
    ParameterBox SupportBox { get; }

    /// <summary>The prior restricted to <paramref name="box"/>; throws <see cref="InferenceException"/> when the
    /// intersection with the support is empty.</summary>
    IPrior RestrictTo(ParameterBox box);
}
