namespace NeuroFit.Optimization.Local;

/// <summary>How <see cref="LevenbergMarquardt"/> differentiates the residuals.</summary>
public enum FiniteDifferences
{
    /// <summary>n extra points per Jacobian: x + h·e_i (x − h·e_i where x + h·e_i leaves the cube).</summary>
    Forward,
    /// <summary>2n extra points per Jacobian: x ± h·e_i (one-sided at a bound).</summary>
    Central,
    /// <summary>Forward differences until the search would stop without having converged (no step decreases the
    /// objective, or a negligible reduction), then central differences from that point on.</summary>
    ForwardThenCentral,
}

/// <summary>Settings of <see cref="LevenbergMarquardt"/>. Every length is in unit-cube coordinates.</summary>
public sealed record LevenbergMarquardtSettings : LocalSearchSettings
{
    /// <summary>Finite-difference step h (default 1e-6 of each range; central differences use it too).</summary>
    public double FiniteDifferenceStep { get; init; } = 1e-6;

    /// <summary>Forward, central, or forward then central differences (default <see cref="FiniteDifferences.ForwardThenCentral"/>).</summary>
    public FiniteDifferences Differences { get; init; } = FiniteDifferences.ForwardThenCentral;

    /// <summary>Initial damping τ relative to the diagonal of JᵀJ (Marquardt scaling): λ₀ = τ.</summary>
    public double InitialDamping { get; init; } = 1e-3;

    /// <summary>Trial steps per batch, each with its own damping (λ, then 8λ, λ/8, 64λ, …): the best decreasing one is
    /// taken. More trials save the rounds a rejected step costs. Default 1.</summary>
    public int DampingTrials { get; init; } = 1;

    /// <summary>Evaluate each trial step's finite-difference points in the same batch as the trial (n + 1 or 2n + 1
    /// points per trial), so an accepted step already has its Jacobian: one batch per iteration instead of two.</summary>
    public bool JacobianWithTrials { get; init; }

    /// <summary>Stop when every free coordinate's scaled gradient |J_iᵀr| / (‖J_i‖·‖r‖) is at most this (MINPACK's gtol).</summary>
    public double GradientTolerance { get; init; } = 1e-10;

    /// <summary>Stop when a step is at most this long (max norm).</summary>
    public double StepTolerance { get; init; } = 1e-10;

    /// <summary>Stop when an accepted step reduced ½·Σr² by at most this fraction and no more was predicted (MINPACK's ftol).</summary>
    public double ReductionTolerance { get; init; } = 1e-12;

    /// <summary>Stop when the damping grows beyond this without a decreasing step.</summary>
    public double MaxDamping { get; init; } = 1e16;

    internal void Check()
    {
        if (!(FiniteDifferenceStep > 0 && FiniteDifferenceStep < 0.5))
            throw new ArgumentException($"FiniteDifferenceStep must lie in (0, 0.5), got {FiniteDifferenceStep}");
        if (!(InitialDamping > 0) || !double.IsFinite(InitialDamping)) throw new ArgumentException($"InitialDamping must be positive, got {InitialDamping}");
        if (DampingTrials < 1) throw new ArgumentException($"DampingTrials must be ≥ 1, got {DampingTrials}");
        if (!(MaxDamping > InitialDamping)) throw new ArgumentException($"MaxDamping ({MaxDamping}) must exceed InitialDamping ({InitialDamping})");
        foreach (var (name, value) in new[] { ("GradientTolerance", GradientTolerance), ("StepTolerance", StepTolerance), ("ReductionTolerance", ReductionTolerance) })
            if (!(value >= 0) || !double.IsFinite(value)) throw new ArgumentException($"{name} must be a finite number ≥ 0, got {value}");
    }
}
