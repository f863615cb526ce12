namespace NeuroFit.Losses;

/// <summary>
/// One term of a loss: compares a candidate sweep with the target sweep and returns a finite value ≥ 0 (0 = perfect).
/// A term that cannot be computed for a candidate (an exploding trace, features that need spikes the candidate does
/// not have) returns its documented <see cref="MaxLoss"/>, never NaN. Configuration mistakes (a variable that was not
/// recorded, mismatched lengths) throw <see cref="LossException"/>.
/// </summary>
public interface ILossTerm
{
    /// <summary>The term's name in a <c>neurofit fit</c> config (e.g. <c>rmse</c>, <c>van_rossum</c>).</summary>
    string Name { get; }

    /// <summary>The value returned when the term cannot be computed for a candidate.</summary>
    double MaxLoss { get; }

    /// <summary>The loss of <paramref name="candidate"/> against <paramref name="target"/>.</summary>
    double Compute(SweepData target, SweepData candidate);

    /// <summary>Prepares the term for one target (terms override this to precompute target features once); the
    /// result evaluates candidates.</summary>
    IBoundLossTerm Bind(SweepData target) => new BoundByCompute(this, target);

    private sealed class BoundByCompute(ILossTerm term, SweepData target) : IBoundLossTerm
    {
        public ILossTerm Term => term;

        public double Compute(SweepData candidate) => term.Compute(target, candidate);
    }
}

/// <summary>A loss term bound to one target sweep.</summary>
public interface IBoundLossTerm
{
    /// <summary>The term.</summary>
    ILossTerm Term { get; }

    /// <summary>The loss of <paramref name="candidate"/> against the bound target.</summary>
    double Compute(SweepData candidate);

    /// <summary>
    /// Residuals r whose sum of squares the term is a monotone function of (rmse: Σr² = rmse²; mse: Σr² = mse), for
    /// least-squares methods; null when the term has none (spike and feature terms) or none for this candidate (a
    /// non-finite or capped value).
    /// </summary>
    double[]? Residuals(SweepData candidate) => null;

    /// <summary>Whether <see cref="Residuals"/> can give residuals at all (false for terms without them).</summary>
    bool HasResiduals => false;
}

/// <summary>Guards shared by the terms.</summary>
internal static class LossGuards
{
    /// <summary>The value itself when finite and ≥ 0, else <paramref name="max"/>; negative rounding noise becomes 0.</summary>
    public static double Finite(double value, double max) =>
        double.IsNaN(value) || double.IsInfinity(value) ? max : Math.Max(0, Math.Min(value, max));

    public static void CheckPositive(double value, string term, string setting)
    {
        if (!(value > 0) || !double.IsFinite(value))
            throw new LossException($"loss term '{term}': {setting} must be a positive number (got {value})");
    }

    public static void CheckNonNegative(double value, string term, string setting)
    {
        if (!(value >= 0) || double.IsNaN(value))
            throw new LossException($"loss term '{term}': {setting} must be ≥ 0 (got {value})");
    }
}
