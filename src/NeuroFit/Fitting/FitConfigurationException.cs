namespace NeuroFit.Fitting;

/// <summary>A mistake in how a fit was set up (bounds, target, method, experiment compatibility).</summary>
public sealed class FitConfigurationException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and how to fix it.</summary>
    public FitConfigurationException(string message) : base(message) { }

    /// <summary>Creates the exception wrapping the cause.</summary>
    public FitConfigurationException(string message, Exception inner) : base(message, inner) { }
}
