namespace NeuroFit.Optimization.Local;

/// <summary>The poll directions of <see cref="PatternSearch"/>.</summary>
public enum PollDirections
{
    /// <summary>±e_i: the coordinate axes (compass search).</summary>
    Coordinate,
    /// <summary>±q_i of a random orthogonal basis drawn afresh after every unsuccessful poll (from the seed and the
    /// poll's number), as OrthoMADS does; helps along valleys that are not axis-aligned.</summary>
    RandomOrthogonal,
}

/// <summary>Settings of <see cref="PatternSearch"/>. Lengths are in unit-cube coordinates.</summary>
public sealed record PatternSearchSettings : LocalSearchSettings
{
    /// <summary>Initial mesh size Δ (default 0.05: 5 % of every range).</summary>
    public double InitialStep { get; init; } = 0.05;

    /// <summary>Stop when Δ falls below this (default 1e-7).</summary>
    public double MeshTolerance { get; init; } = 1e-7;

    /// <summary>Largest Δ (default 0.5).</summary>
    public double MaxStep { get; init; } = 0.5;

    /// <summary>Δ grows by this after a successful poll (default 2).</summary>
    public double Expansion { get; init; } = 2;

    /// <summary>Δ shrinks by this after an unsuccessful poll (default 0.5).</summary>
    public double Contraction { get; init; } = 0.5;

    /// <summary>Directions polled (default <see cref="PollDirections.RandomOrthogonal"/>).</summary>
    public PollDirections Directions { get; init; } = PollDirections.RandomOrthogonal;

    /// <summary>After a successful poll, add the Hooke–Jeeves pattern point x + (x − x_previous) to the next poll.</summary>
    public bool PatternMove { get; init; } = true;

    /// <summary>Seed of the random bases.</summary>
    public long Seed { get; init; }

    internal void Check()
    {
        if (!(InitialStep > 0 && InitialStep <= 1)) throw new ArgumentException($"InitialStep must lie in (0, 1], got {InitialStep}");
        if (!(MeshTolerance > 0 && MeshTolerance < InitialStep)) throw new ArgumentException($"MeshTolerance must lie in (0, InitialStep), got {MeshTolerance}");
        if (!(MaxStep >= InitialStep && MaxStep <= 1)) throw new ArgumentException($"MaxStep must lie in [InitialStep, 1], got {MaxStep}");
        if (!(Expansion >= 1) || !double.IsFinite(Expansion)) throw new ArgumentException($"Expansion must be ≥ 1, got {Expansion}");
        if (!(Contraction > 0 && Contraction < 1)) throw new ArgumentException($"Contraction must lie in (0, 1), got {Contraction}");
    }
}
