namespace NeuroFit.Simulation;

/// <summary>
/// A mistake in how the simulator is used: an unknown attribute, a value of the wrong shape, a model feature the
/// engine cannot run. The message names what is wrong and where.
/// </summary>
public sealed class SimulationException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and how to fix it.</summary>
    public SimulationException(string message) : base(message) { }
}
