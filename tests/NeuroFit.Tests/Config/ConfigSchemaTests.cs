using System.Text.Json;
using NeuroFit.Config;
using NeuroFit.ConfigFit;

namespace NeuroFit.Tests.Config;

/// <summary>docs/config.schema.json names exactly the keys, methods, loss kinds and settings the loader accepts.</summary>
public class ConfigSchemaTests
{
    private static JsonElement Schema()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "config.schema.json");
            if (File.Exists(path)) return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        }
        throw new FileNotFoundException("docs/config.schema.json not found above the test binaries");
    }

    private static IEnumerable<string> Names(JsonElement properties) => properties.EnumerateObject().Select(p => p.Name).Order();

    [Fact]
    public void TopLevelKeysMethodsAndMethodOptionsMatchTheLoader()
    {
        var schema = Schema();
        var properties = schema.GetProperty("properties");
        Assert.Equal(FitConfigLoader.RootKeys.Order(), Names(properties));
        Assert.Equal(FitConfigLoader.Methods.Order(), properties.GetProperty("method").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order());
        Assert.Equal(MethodSettings.Keys.Order(), Names(properties.GetProperty("method_options").GetProperty("properties")));
        Assert.Equal(["current", "duration", "set"], Names(schema.GetProperty("$defs").GetProperty("phase").GetProperty("properties")));
        Assert.Equal(FitConfigLoader.TraceKeys.Order(), Names(schema.GetProperty("$defs").GetProperty("trace").GetProperty("properties")));
        Assert.Equal(FitConfigLoader.SpikeKeys.Order(), Names(schema.GetProperty("$defs").GetProperty("spikes").GetProperty("properties")));
        Assert.Equal(FitConfigLoader.CurrentKeys.Order(),
            Names(schema.GetProperty("$defs").GetProperty("phase").GetProperty("properties").GetProperty("current").GetProperty("oneOf")[1].GetProperty("properties")));
    }

    [Fact]
    public void LossKindsAndTheirSettingsMatchTheFactory()
    {
        var terms = Schema().GetProperty("$defs").GetProperty("lossTerm").GetProperty("oneOf").EnumerateArray().Skip(1).ToList();
        var kinds = terms.Select(t => t.GetProperty("required")[0].GetString()!).ToList();
        Assert.Equal(FitConfigLoader.LossKinds.Keys.Order(), kinds.Order());
        foreach (var term in terms)
        {
            var kind = term.GetProperty("required")[0].GetString()!;
            var body = term.GetProperty("properties").GetProperty(kind);
            var settings = body.TryGetProperty("oneOf", out var forms) ? forms[1].GetProperty("properties") : body.GetProperty("properties");
            Assert.Equal(LossTermFactory.Settings[kind].Order(), Names(settings));
        }
    }
}
