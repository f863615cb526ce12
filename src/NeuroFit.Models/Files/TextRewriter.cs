using System.Globalization;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Files;

/// <summary>
/// Rewrites parameter values and initial values inside model text, keeping comments, layout and flags, so that a
/// model with overrides is still plain model-language text.
/// </summary>
internal static class TextRewriter
{
    public static string SetParameters(string parameters, IEnumerable<(string Name, double Value)> values)
    {
        var bag = new DiagnosticBag();
        var block = BlockParser.Parse(new SourceBlock("parameters", parameters), BlockKind.Parameters, bag);
        bag.ThrowIfErrors();
        var edits = new List<(TextSpan Span, string Text)>();
        foreach (var (name, value) in LastPerName(values))
        {
            var statement = block.Statements.FirstOrDefault(s => s.Left is NameSyntax n && n.Name == name);
            if (statement is null)
            {
                var names = block.Statements.Select(s => (s.Left as NameSyntax)?.Name).OfType<string>().ToList();
                var suggestion = Binding.BuiltinNames.Suggest(name, names);
                throw Error(DiagnosticIds.UnknownParameter, "parameters", parameters,
                    $"the model has no parameter '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (parameters: {string.Join(", ", names)})");
            }
            var flags = statement.Flags.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            var isBool = flags.Contains("bool") || (!flags.Contains("int") && !flags.Contains("float") && statement.Right is BoolSyntax);
            var text = Literal(name, value, isBool, flags.Contains("int"), "parameters", parameters);
            edits.Add(statement.Right is null
                ? (new TextSpan(statement.Left.Span.End, 0), " = " + text)
                : (statement.Right.Span, text));
        }
        return Apply(parameters, edits);
    }

    public static string SetInitialValues(string equations, IEnumerable<(string Variable, double Value)> values)
    {
        var bag = new DiagnosticBag();
        var block = BlockParser.Parse(new SourceBlock("equations", equations), BlockKind.Equations, bag);
        bag.ThrowIfErrors();
        var edits = new List<(TextSpan Span, string Text)>();
        foreach (var (variable, value) in LastPerName(values))
        {
            var statement = block.Statements.FirstOrDefault(s => Target(s) == variable);
            if (statement is null)
            {
                var names = block.Statements.Select(Target).OfType<string>().ToList();
                throw Error(DiagnosticIds.UnknownParameter, "equations", equations,
                    $"the model has no variable '{variable}' to initialise (variables: {string.Join(", ", names)})");
            }
            var text = Literal(variable, value, false, false, "equations", equations);
            var init = statement.Flags.FirstOrDefault(f => f.Name == "init");
            if (init?.Value is not null) edits.Add((init.Value.Span, text));
            else if (statement.Flags.IsEmpty) edits.Add((new TextSpan(statement.Span.End, 0), " : init = " + text));
            else edits.Add((new TextSpan(statement.Flags[^1].Span.End, 0), ", init = " + text));
        }
        return Apply(equations, edits);
    }

    /// <summary>One value per name (the last one given), so edits never overlap.</summary>
    private static IEnumerable<(string Name, double Value)> LastPerName(IEnumerable<(string Name, double Value)> values)
    {
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (name, value) in values)
        {
            if (!last.ContainsKey(name)) order.Add(name);
            last[name] = value;
        }
        return order.Select(n => (n, last[n]));
    }

    private static string? Target(StatementSyntax statement)
    {
        var derivative = Binding.DeclarationCollector.Expressions(statement).SelectMany(Binding.DeclarationCollector.Walk).OfType<DerivativeSyntax>().FirstOrDefault();
        return derivative?.Variable ?? (statement.Left as NameSyntax)?.Name;
    }

    private static string Literal(string name, double value, bool isBool, bool isInt, string blockName, string text)
    {
        if (!double.IsFinite(value))
            throw Error(DiagnosticIds.InvalidOverride, blockName, text, $"the value of '{name}' must be a finite number, not {value}");
        if (isBool)
        {
            if (value is not (0 or 1)) throw Error(DiagnosticIds.InvalidOverride, blockName, text, $"'{name}' is a bool parameter: give 0 or 1");
            return value == 1 ? "True" : "False";
        }
        if (isInt)
        {
            if (value != Math.Truncate(value)) throw Error(DiagnosticIds.InvalidOverride, blockName, text, $"'{name}' is an int parameter: give a whole number, not {value}");
            if (value is < int.MinValue or > int.MaxValue)
                throw Error(DiagnosticIds.InvalidOverride, blockName, text, $"'{name}' is an int parameter (a C int, {int.MinValue} to {int.MaxValue}): {value} is out of range");
            return value.ToString("0", CultureInfo.InvariantCulture);
        }
        var literal = value.ToString("R", CultureInfo.InvariantCulture);
        return literal.Contains('.') || literal.Contains('E') ? literal : literal + ".0";
    }

    private static string Apply(string text, List<(TextSpan Span, string Text)> edits)
    {
        foreach (var (span, replacement) in edits.OrderByDescending(e => e.Span.Start))
            text = text[..span.Start] + replacement + text[span.End..];
        return text;
    }

    private static ModelException Error(string id, string blockName, string text, string message) =>
        new([DiagnosticBag.Create(new SourceBlock(blockName, text), 0, id, message)]);
}
