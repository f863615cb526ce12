using System.Text.RegularExpressions;
using NeuroFit.Models;

namespace NeuroFit.Results;

/// <summary>
/// Units of a model's parameters and variables, for figure axes and tables. The model language has no units, so they
/// are read from comments, as the built-in models write them: a comment that ends in a unit in parentheses
/// (<c>v_r = -60.0  # resting potential (mV)</c>) or that is only a unit (<c>C = 100.0  # pF</c>). A variable takes the
/// unit of the comment on the line that defines it (<c>C * dv/dt = … : init = v_r  # membrane potential (mV)</c>);
/// without one, the unit of the parameter it starts from (<c>init = v_r</c>), is reset to or incremented by
/// (<c>v = c</c>, <c>u += d</c>), is a copy of (<c>I_v = I_app</c>) or is compared with in the spike condition (<c>v >= v_peak</c>). Names with no unit
/// are left out.
/// </summary>
public static partial class ModelUnits
{
    /// <summary>Unit of every parameter and variable of <paramref name="model"/> that declares or implies one.</summary>
    public static IReadOnlyDictionary<string, string> Of(NeuronModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines(model.Parameters))
            if (NameAssigned().Match(line.Code) is { Success: true } m && UnitOf(line.Comment) is { } unit)
                units[m.Groups[1].Value] = unit;

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var equations = Lines(model.Equations).ToList();
        foreach (var line in equations)
        {
            if (Defined(line.Code) is not { } name || units.ContainsKey(name) || variables.ContainsKey(name)) continue;
            if (UnitOf(line.Comment) is { } own) variables[name] = own;
            else if (InitFrom().Match(line.Code) is { Success: true } init && units.TryGetValue(init.Groups[1].Value, out var fromInit)) variables[name] = fromInit;
            else if (CopyOf().Match(line.Code) is { Success: true } copy && units.TryGetValue(copy.Groups[1].Value, out var copied)) variables[name] = copied;
        }
        var defined = equations.Select(l => Defined(l.Code)).OfType<string>().Where(n => !units.ContainsKey(n)).Distinct().ToList();
        foreach (var name in defined.Where(n => !variables.ContainsKey(n)))
        {
            var pattern = new Regex($@"^\s*{Regex.Escape(name)}\s*(?:=|\+=|-=)\s*(?:{Regex.Escape(name)}\s*[+-]\s*)?([A-Za-z_]\w*)\s*$");
            var fromReset = Lines(model.Reset).Select(l => pattern.Match(l.Code)).FirstOrDefault(m => m.Success && units.ContainsKey(m.Groups[1].Value));
            if (fromReset is not null) { variables[name] = units[fromReset.Groups[1].Value]; continue; }
            var compare = new Regex($@"\b{Regex.Escape(name)}\s*(?:>=|>|<=|<)\s*([A-Za-z_]\w*)\b");
            var fromSpike = Lines(model.Spike).Select(l => compare.Match(l.Code)).FirstOrDefault(m => m.Success && units.ContainsKey(m.Groups[1].Value));
            if (fromSpike is not null) variables[name] = units[fromSpike.Groups[1].Value];
        }
        foreach (var (name, unit) in variables) units[name] = unit;
        return units;
    }

    /// <summary><c>name [unit]</c>, or the name alone when the unit is unknown.</summary>
    public static string Label(string name, IReadOnlyDictionary<string, string>? units) =>
        units is not null && units.TryGetValue(name, out var unit) ? $"{name} [{unit}]" : name;

    /// <summary>The unit a comment declares: a unit in parentheses at its end, or the whole comment when it is a unit.</summary>
    internal static string? UnitOf(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment)) return null;
        var text = comment.Trim();
        if (Unit().IsMatch(text)) return text;
        return TrailingParentheses().Match(text) is { Success: true } m && Unit().IsMatch(m.Groups[1].Value.Trim()) ? m.Groups[1].Value.Trim() : null;
    }

    private static string? Defined(string code)
    {
        if (Derivative().Match(code) is { Success: true } d) return d.Groups[1].Value;
        return NameAssigned().Match(code) is { Success: true } a ? a.Groups[1].Value : null;
    }

    private static IEnumerable<(string Code, string? Comment)> Lines(string? block)
    {
        if (string.IsNullOrEmpty(block)) yield break;
        foreach (var raw in block.Split('\n'))
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            yield return hash < 0 ? (raw, null) : (raw[..hash], raw[(hash + 1)..]);
        }
    }

    // a unit: products/quotients of [SI prefix]base[^exponent] (mV, pS/mV, nS/mV^2, 1/ms, Hz, %)
    private const string Factor = @"(?:\d+|(?:[pnuµμmckMG]?(?:V|A|S|F|s|Hz|Ω|[Oo]hm|mol|M|g|l|L))(?:\^-?\d+|[²³])?)";

    [GeneratedRegex($@"^(?:%|{Factor}(?:\s*[/*·]\s*{Factor})*)$")]
    private static partial Regex Unit();

    [GeneratedRegex(@"\(([^()]+)\)\s*\.?$")]
    private static partial Regex TrailingParentheses();

    [GeneratedRegex(@"^\s*([A-Za-z_]\w*)\s*(?:\+|-)?=(?!=)")]
    private static partial Regex NameAssigned();

    [GeneratedRegex(@"\bd([A-Za-z_]\w*)\s*/\s*dt\b")]
    private static partial Regex Derivative();

    [GeneratedRegex(@"^\s*[A-Za-z_]\w*\s*=\s*([A-Za-z_]\w*)\s*(?::.*)?$")]
    private static partial Regex CopyOf();

    [GeneratedRegex(@"\binit\s*=\s*([A-Za-z_]\w*)\b")]
    private static partial Regex InitFrom();
}
