namespace NeuroFit.Optimization.Space;

/// <summary>A search space or parameter value that cannot be used: invalid bounds, duplicate names, unknown names,
/// values outside a distribution. The message says what is wrong, for which parameter, and how to fix it.</summary>
public sealed class SearchSpaceException : ArgumentException
{
    /// <summary>Creates the exception for the parameter <paramref name="parameterName"/> (may be null).</summary>
    public SearchSpaceException(string message, string? parameterName = null)
        : base(parameterName is null ? message : $"parameter '{parameterName}': {message}")
    {
        ParameterName = parameterName;
    }

    /// <summary>The parameter concerned, if any.</summary>
    public string? ParameterName { get; }
}
