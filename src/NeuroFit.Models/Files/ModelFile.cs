using System.Text;
using NeuroFit.Models.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroFit.Models.Files;

/// <summary>
/// Reads and writes model files: YAML with the keys <c>name</c>, <c>description</c>, <c>parameters</c>,
/// <c>equations</c>, <c>spike</c>, <c>reset</c>, <c>refractory</c>, <c>functions</c> (multi-line strings, best
/// written as literal blocks <c>|</c>), holding the same text as ANNarchy's <c>Neuron(...)</c> arguments.
/// </summary>
public static class ModelFile
{
    /// <summary>The keys a model file may contain.</summary>
    public static readonly IReadOnlyList<string> Keys = ["name", "description", "parameters", "equations", "spike", "reset", "refractory", "functions"];

    /// <summary>Reads a model file. Throws <see cref="FileNotFoundException"/> or <see cref="ModelException"/>.</summary>
    public static ModelDocument Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses model-file text; <paramref name="fileName"/> names it in diagnostics.</summary>
    public static ModelDocument Parse(string yaml, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw FileError(fileName, yaml, (int)e.Start.Line, (int)e.Start.Column, DiagnosticIds.YamlSyntax,
                $"not valid YAML: {FirstLine(e.Message)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // YamlDotNet occasionally fails on malformed input with a non-YAML exception; it is still the file's fault.
            throw FileError(fileName, yaml, 1, 1, DiagnosticIds.YamlSyntax, $"not valid YAML ({FirstLine(e.Message)})");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw FileError(fileName, yaml, 1, 1, DiagnosticIds.YamlSyntax,
                "a model file is a YAML mapping with keys such as 'parameters:', 'equations:' and 'spike:'");

        var lines = yaml.Split('\n');
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new Dictionary<string, BlockOrigin>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!Keys.Contains(key))
            {
                var suggestion = Binding.BuiltinNames.Suggest(key, Keys);
                throw FileError(fileName, yaml, (int)keyNode.Start.Line, (int)keyNode.Start.Column, DiagnosticIds.UnknownKey,
                    $"unknown key '{key}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (keys: {string.Join(", ", Keys)})");
            }
            if (key == "parameters" && valueNode is YamlMappingNode mapping)
            {
                (values[key], origins[key]) = ParameterMapping(mapping, fileName, yaml);
                continue;
            }
            if (valueNode is not YamlScalarNode scalar)
                throw FileError(fileName, yaml, (int)valueNode.Start.Line, (int)valueNode.Start.Column, DiagnosticIds.KeyNotText,
                    $"'{key}' must be text (for several lines use a literal block: '{key}: |' followed by indented lines)");
            values[key] = scalar.Value ?? "";
            origins[key] = Origin(scalar, lines, yaml);
        }

        var model = new NeuronModel(
            Parameters: values.GetValueOrDefault("parameters", ""),
            Equations: values.GetValueOrDefault("equations", ""),
            Spike: values.GetValueOrDefault("spike"),
            Reset: values.GetValueOrDefault("reset"),
            Refractory: values.GetValueOrDefault("refractory"),
            Functions: values.GetValueOrDefault("functions"),
            Name: values.GetValueOrDefault("name", System.IO.Path.GetFileNameWithoutExtension(fileName)),
            Description: values.GetValueOrDefault("description", "").Trim());
        return new ModelDocument(fileName, model, origins);
    }

    /// <summary>
    /// ANNarchy's dict syntax as a YAML mapping: <c>tau: 10.0</c> is a GLOBAL float (as in ANNarchy 5), and
    /// <c>B: {value: 0.0, locality: local, type: float}</c> sets locality and type. Converted to string syntax, one line per entry.
    /// </summary>
    private static (string Text, BlockOrigin Origin) ParameterMapping(YamlMappingNode mapping, string fileName, string yaml)
    {
        var lines = new List<string>();
        var positions = new List<(int, int)>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            // the entry becomes a line of string syntax: a name or value that is not one token would be read as more
            // text ('a: "1; b = 5"' declared b, '{value: "2 # x", type: int}' lost its flags)
            if (!IsName(name))
                throw FileError(fileName, yaml, (int)keyNode.Start.Line, (int)keyNode.Start.Column, DiagnosticIds.InvalidTarget,
                    $"a parameter name is a name such as tau_m (letters, digits and _, not starting with a digit), not '{Escape(name)}'");
            string? value;
            var valueAt = valueNode;
            var locality = "global";
            var type = "";
            if (valueNode is YamlScalarNode scalar)
            {
                value = scalar.Value;
            }
            else if (valueNode is YamlMappingNode settings)
            {
                value = null;
                foreach (var (settingKey, settingValue) in settings.Children)
                {
                    var setting = (settingKey as YamlScalarNode)?.Value ?? "";
                    var text = (settingValue as YamlScalarNode)?.Value;
                    var valid = (setting, text) switch
                    {
                        ("value", not null) => true,
                        ("locality", "global" or "population" or "local") => true,
                        ("type", "float" or "int" or "bool") => true,
                        _ => false,
                    };
                    if (!valid)
                        throw FileError(fileName, yaml, (int)settingKey.Start.Line, (int)settingKey.Start.Column, DiagnosticIds.UnknownKey,
                            $"a parameter is given as {{value: number, locality: global|local, type: float|int|bool}}; '{setting}: {text}' is not one of these");
                    if (setting == "value")
                    {
                        value = text;
                        valueAt = settingValue;
                    }
                    else if (setting == "locality") locality = text!;
                    else type = text!;
                }
            }
            else
            {
                throw FileError(fileName, yaml, (int)valueNode.Start.Line, (int)valueNode.Start.Column, DiagnosticIds.KeyNotText,
                    $"the parameter '{name}' needs a number or {{value: ..., locality: ..., type: ...}}");
            }
            if (value is not null && !IsLiteral(value))
                throw FileError(fileName, yaml, (int)valueAt.Start.Line, (int)valueAt.Start.Column, DiagnosticIds.InvalidParameterValue,
                    $"the parameter '{name}' needs a number or True/False, not '{Escape(value)}'");
            var flags = new List<string>();
            if (locality is "global" or "population") flags.Add("population");
            if (type.Length > 0) flags.Add(type);
            lines.Add($"{name} = {value ?? "0.0"}{(flags.Count > 0 ? " : " + string.Join(", ", flags) : "")}");
            positions.Add(((int)keyNode.Start.Line, (int)keyNode.Start.Column));
        }
        return (string.Join("\n", lines), new BlockOrigin((int)mapping.Start.Line, 0, positions));
    }

    private static bool IsName(string text) =>
        text.Length > 0 && (char.IsAsciiLetter(text[0]) || text[0] == '_') && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>A number (optionally signed) or a bool, as one token of the parameter syntax.</summary>
    private static bool IsLiteral(string text) =>
        text is "True" or "False" or "true" or "false"
        || System.Text.RegularExpressions.Regex.IsMatch(text, @"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$");

    private static string Escape(string text) => text.Replace("\r", "\\r").Replace("\n", "\\n");

    /// <summary>Writes a model as model-file YAML (multi-line blocks as literal blocks).</summary>
    public static string Format(NeuronModel model)
    {
        var builder = new StringBuilder();
        WriteScalar(builder, "name", model.Name);
        WriteScalar(builder, "description", model.Description);
        WriteBlock(builder, "parameters", model.Parameters);
        WriteBlock(builder, "equations", model.Equations);
        WriteBlock(builder, "spike", model.Spike);
        WriteBlock(builder, "reset", model.Reset);
        WriteBlock(builder, "refractory", model.Refractory);
        WriteBlock(builder, "functions", model.Functions);
        return builder.ToString();
    }

    private static BlockOrigin Origin(YamlScalarNode scalar, string[] lines, string yaml)
    {
        var line = (int)scalar.Start.Line;
        var column = (int)scalar.Start.Column;
        if (scalar.Style is ScalarStyle.Plain or ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted
            && CharacterMap(scalar, yaml) is { } map)
            return new BlockOrigin(line, column - 1, Characters: map);
        switch (scalar.Style)
        {
            case ScalarStyle.Literal or ScalarStyle.Folded:
                // Content starts on the line after the '|' indicator, indented by the first non-blank line's indentation.
                var indent = 0;
                for (var i = line; i < lines.Length; i++)
                {
                    var text = lines[i].TrimEnd('\r');
                    if (text.Trim().Length == 0) continue;
                    indent = text.Length - text.TrimStart(' ').Length;
                    break;
                }
                return new BlockOrigin(line + 1, indent);
            case ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted:
                return new BlockOrigin(line, column);
            default:
                return new BlockOrigin(line, column - 1);
        }
    }

    /// <summary>
    /// For a plain or quoted scalar whose lines YAML joins (a line break and the next line's indentation become one
    /// space) or that holds escapes (<c>\t</c>, <c>''</c>), the file position of every character of its value, line by
    /// line; null when the value is the source text itself (one line, no escapes), where a plain offset is exact.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<(int Line, int Column)>>? CharacterMap(YamlScalarNode scalar, string yaml)
    {
        var value = scalar.Value ?? "";
        var start = (int)scalar.Start.Index;
        var end = Math.Min((int)scalar.End.Index, yaml.Length);
        if (start < 0 || start >= end) return null;
        var raw = yaml[start..end];
        var quoted = scalar.Style != ScalarStyle.Plain;
        var escapes = scalar.Style == ScalarStyle.DoubleQuoted ? raw.Contains('\\') : scalar.Style == ScalarStyle.SingleQuoted && raw.Contains("''");
        if (!raw.Contains('\n') && !escapes) return null;

        var lineStarts = new List<int> { 0 };
        for (var k = 0; k < yaml.Length; k++) if (yaml[k] == '\n') lineStarts.Add(k + 1);
        (int, int) Position(int j)
        {
            var index = Math.Min(start + j, yaml.Length);
            var lineIndex = lineStarts.BinarySearch(index);
            if (lineIndex < 0) lineIndex = ~lineIndex - 1;
            return (lineIndex + 1, index - lineStarts[lineIndex] + 1);
        }
        static bool Blank(char c) => c is ' ' or '\t' or '\r' or '\n';
        static int EscapeLength(char c) => c switch { 'x' => 4, 'u' => 6, 'U' => 10, _ => 2 };

        var result = new List<IReadOnlyList<(int, int)>>();
        var current = new List<(int, int)>();
        var j = quoted ? 1 : 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            (int, int) at;
            if (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]))
                at = current.Count > 0 ? current[^1] : Position(j);
            else if (Blank(c))
            {
                at = Position(j);
                if (j < raw.Length && scalar.Style == ScalarStyle.DoubleQuoted && raw[j] == '\\' && j + 1 < raw.Length && !Blank(raw[j + 1]))
                    j += EscapeLength(raw[j + 1]);
                else if (j < raw.Length && Blank(raw[j]))
                    j++;
            }
            else
            {
                while (j < raw.Length && (Blank(raw[j])
                    || (scalar.Style == ScalarStyle.DoubleQuoted && raw[j] == '\\' && j + 1 < raw.Length && raw[j + 1] is '\r' or '\n')))
                    j++;
                at = Position(j);
                if (scalar.Style == ScalarStyle.DoubleQuoted && j + 1 < raw.Length && raw[j] == '\\') j += EscapeLength(raw[j + 1]);
                else if (scalar.Style == ScalarStyle.SingleQuoted && j + 1 < raw.Length && raw[j] == '\'' && raw[j + 1] == '\'') j += 2;
                else j++;
            }
            if (c == '\n')
            {
                result.Add(current);
                current = [];
            }
            else current.Add(at);
        }
        result.Add(current);
        return result;
    }

    private static void WriteScalar(StringBuilder builder, string key, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        builder.Append(key).Append(": ").Append(Quote(value.Trim())).Append('\n');
    }

    private static void WriteBlock(StringBuilder builder, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        var lines = Dedent(value);
        if (lines.Count == 1)
        {
            builder.Append(key).Append(": ").Append(Quote(lines[0])).Append('\n');
            return;
        }
        builder.Append(key).Append(": |\n");
        foreach (var line in lines) builder.Append(line.Length == 0 ? "" : "  " + line).Append('\n');
    }

    /// <summary>Lines without their common indentation, trailing blanks, and leading/trailing empty lines.</summary>
    private static List<string> Dedent(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[0].Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList();
    }

    private static string Quote(string value)
    {
        var plainSafe = value.Length > 0
            && !" -?:,[]{}#&*!|>'\"%@`".Contains(value[0])
            && !value.Contains(": ") && !value.Contains(" #") && !value.EndsWith(':')
            && !value.Contains('\t') && value == value.Trim()
            && value is not ("true" or "false" or "True" or "False" or "null" or "~" or "yes" or "no");
        if (plainSafe) return value;
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }

    private static string FirstLine(string message)
    {
        var index = message.IndexOf('\n');
        return (index < 0 ? message : message[..index]).Trim();
    }

    private static ModelException FileError(string file, string yaml, int line, int column, string id, string message)
    {
        var lines = yaml.Split('\n');
        var source = line >= 1 && line <= lines.Length ? lines[line - 1].TrimEnd('\r') : "";
        return new ModelException([new ModelDiagnostic(id, message, "file", Math.Max(1, line), Math.Max(1, column), source)
        {
            File = file,
            FileLine = Math.Max(1, line),
            FileColumn = Math.Max(1, column),
        }]);
    }
}
