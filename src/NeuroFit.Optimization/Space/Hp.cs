namespace NeuroFit.Optimization.Space;

/// <summary>One named parameter of a search space.</summary>
/// <param name="Name">Unique name (e.g. a model parameter).</param>
/// <param name="Distribution">Its prior.</param>
public sealed record Parameter(string Name, Distribution Distribution);

/// <summary>
/// hyperopt's search-space primitives (<c>hp.*</c>), with the same arguments and meanings. Each returns a named
/// <see cref="Parameter"/>; combine them with <see cref="SearchSpace"/>. Invalid arguments throw
/// <see cref="SearchSpaceException"/> naming the parameter.
/// </summary>
public static class Hp
{
    /// <summary>Uniform on [low, high).</summary>
    public static Parameter Uniform(string name, double low, double high) => Make(name, () => new UniformDistribution(low, high));

    /// <summary>round(uniform(low, high)/q)·q.</summary>
    public static Parameter QUniform(string name, double low, double high, double q) => Make(name, () => new QUniformDistribution(low, high, q));

    /// <summary>exp(uniform(low, high)). As in hyperopt, <paramref name="low"/> and <paramref name="high"/> are LOG-space
    /// bounds: <c>LogUniform("tau", Math.Log(1), Math.Log(100))</c> gives values in [1, 100].</summary>
    public static Parameter LogUniform(string name, double low, double high) => Make(name, () => new LogUniformDistribution(low, high));

    /// <summary>round(exp(uniform(low, high))/q)·q, log-space bounds.</summary>
    public static Parameter QLogUniform(string name, double low, double high, double q) => Make(name, () => new QLogUniformDistribution(low, high, q));

    /// <summary>Normal(mu, sigma), unbounded.</summary>
    public static Parameter Normal(string name, double mu, double sigma) => Make(name, () => new NormalDistribution(mu, sigma));

    /// <summary>round(normal(mu, sigma)/q)·q.</summary>
    public static Parameter QNormal(string name, double mu, double sigma, double q) => Make(name, () => new QNormalDistribution(mu, sigma, q));

    /// <summary>exp(normal(mu, sigma)).</summary>
    public static Parameter LogNormal(string name, double mu, double sigma) => Make(name, () => new LogNormalDistribution(mu, sigma));

    /// <summary>round(exp(normal(mu, sigma))/q)·q.</summary>
    public static Parameter QLogNormal(string name, double mu, double sigma, double q) => Make(name, () => new QLogNormalDistribution(mu, sigma, q));

    /// <summary>One of <paramref name="options"/> (numbers, strings, booleans or null); the internal value is the index.</summary>
    public static Parameter Choice(string name, params object?[] options) => Make(name, () => new ChoiceDistribution(options));

    /// <summary>Integer in [0, upper) — hyperopt's one-argument <c>hp.randint(label, upper)</c>.</summary>
    public static Parameter RandInt(string name, long upper) => Make(name, () => new RandIntDistribution(0, upper));

    /// <summary>Integer in [low, high) (high exclusive) — hyperopt's <c>hp.randint(label, low, high)</c>.</summary>
    public static Parameter RandInt(string name, long low, long high) => Make(name, () => new RandIntDistribution(low, high));

    /// <summary>Integer in [low, high] as hyperopt's <c>hp.uniformint</c> (= int(quniform(low, high, 1))).</summary>
    public static Parameter UniformInt(string name, long low, long high) => Make(name, () => new QUniformDistribution(low, high, 1));

    private static Parameter Make(string name, Func<Distribution> create)
    {
        SearchSpace.CheckName(name);
        try
        {
            return new Parameter(name, create());
        }
        catch (SearchSpaceException e) when (e.ParameterName is null)
        {
            throw new SearchSpaceException(e.Message, name);
        }
    }
}
