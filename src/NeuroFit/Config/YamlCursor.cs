using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace NeuroFit.Config;

/// <summary>A YAML node together with its key path, with typed readers that fail with a <see cref="ConfigException"/>.</summary>
internal sealed class YamlCursor(string file, string path, YamlNode? node)
{
    public string File => file;
    public string Path => path;
    public YamlNode? Node => node;
    public bool IsMissing => node is null || (node is YamlScalarNode s && s.Value is null or "~" or "null" && s.Style == YamlDotNet.Core.ScalarStyle.Plain);
    public bool IsMapping => node is YamlMappingNode;
    public bool IsSequence => node is YamlSequenceNode;
    public bool IsScalar => node is YamlScalarNode && !IsMissing;
    public int Line => node is null ? 0 : (int)node.Start.Line;

    public ConfigException Error(string problem) => new(file, path, problem, Line);

    public YamlCursor Key(string key)
    {
        var child = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
        return new YamlCursor(file, Join(path, key), child);
    }

    public bool Has(string key) => node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key));

    public IReadOnlyList<string> Keys()
    {
        if (node is not YamlMappingNode map) throw Error($"expected a mapping (key: value entries), got {Describe()}");
        return map.Children.Keys.Select(k => (k as YamlScalarNode)?.Value ?? throw new ConfigException(file, path, "keys must be plain names", (int)k.Start.Line)).ToList();
    }

    public IReadOnlyList<(string Key, YamlCursor Value)> Entries() =>
        Keys().Select(k => (k, Key(k))).ToList();

    public IReadOnlyList<YamlCursor> Items()
    {
        if (node is not YamlSequenceNode seq) throw Error($"expected a list, got {Describe()}");
        return seq.Children.Select((c, i) => new YamlCursor(file, $"{path}[{i}]", c)).ToList();
    }

    /// <summary>Rejects keys other than <paramref name="allowed"/>, naming the unknown one and the allowed set.</summary>
    public void OnlyKeys(params string[] allowed)
    {
        foreach (var key in Keys())
            if (!allowed.Contains(key))
                throw new ConfigException(file, Join(path, key), $"unknown key{NameHints.DidYouMean(key, allowed)}; allowed here: {string.Join(", ", allowed)}", Key(key).Line);
    }

    public string String()
    {
        if (node is YamlScalarNode s && !IsMissing) return s.Value!;
        throw Error(IsMissing ? "a value is required here" : $"expected a text value, got {Describe()}");
    }

    public string? OptionalString() => IsMissing ? null : String();

    public double Double()
    {
        var text = String();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        throw Error($"expected a number, got '{text}'");
    }

    public bool TryDouble(out double value)
    {
        value = 0;
        return node is YamlScalarNode { Value: { } text } s && s.Style is YamlDotNet.Core.ScalarStyle.Plain &&
               double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public double PositiveDouble()
    {
        var value = Double();
        return value > 0 ? value : throw Error($"expected a positive number, got {value.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Int(int min = int.MinValue)
    {
        var text = String();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            throw Error($"expected a whole number, got '{text}'");
        return value >= min ? value : throw Error($"expected a whole number ≥ {min}, got {value}");
    }

    public long Long(long min)
    {
        var text = String();
        if (!long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
            throw Error($"expected a whole number ≥ {min} (at most {long.MaxValue}), got '{text}'");
        return value;
    }

    public bool Bool()
    {
        var text = String().ToLowerInvariant();
        return text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error($"expected true or false, got '{text}'"),
        };
    }

    public IReadOnlyList<string> StringList()
    {
        if (node is YamlScalarNode && !IsMissing)
            return String().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Items().Select(i => i.String()).ToList();
    }

    public string Describe() => node switch
    {
        null => "nothing",
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when IsMissing => "null",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };

    private static string Join(string path, string key) => string.IsNullOrEmpty(path) ? key : $"{path}.{key}";
}
