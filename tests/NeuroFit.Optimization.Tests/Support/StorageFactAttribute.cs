using Xunit.Abstractions;
using Xunit.Sdk;

namespace NeuroFit.Optimization.Tests.Support;

/// <summary>A fact of the storage conformance suite. When the concrete test class carries
/// <see cref="RequiresPostgresAttribute"/> and <c>NEUROFIT_PG</c> is not set, the fact is reported as skipped with
/// a visible reason instead of failing.</summary>
[XunitTestCaseDiscoverer("NeuroFit.Optimization.Tests.Support.StorageFactDiscoverer", "NeuroFit.Optimization.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StorageFactAttribute : FactAttribute;

/// <summary>Marks a test class whose facts need a PostgreSQL server (connection string in env NEUROFIT_PG).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    public const string EnvVar = "NEUROFIT_PG";
    public static string? ConnectionString => Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } s ? s : null;
    public const string SkipReason = "PostgreSQL tests skipped: NEUROFIT_PG is not set (run ./test.sh, which starts a throwaway cluster)";
}

public sealed class StorageFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPg = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        if (needsPg && RequiresPostgresAttribute.ConnectionString is null)
            yield return new XunitSkippedDataRowTestCase(sink, display, options, testMethod, RequiresPostgresAttribute.SkipReason);
        else
            yield return new XunitTestCase(sink, display, options, testMethod);
    }
}
