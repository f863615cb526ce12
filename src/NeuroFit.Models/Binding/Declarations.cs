using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Binding;

/// <summary>A named attribute (parameter or variable) after declaration checks.</summary>
internal sealed record AttributeSymbol(
    string Name,
    bool IsParameter,
    int Index,
    ValueType Type,
    Locality Locality,
    SourceBlock? Block,
    TextSpan Span,
    bool IsHidden = false)
{
    public string Where => Block is null ? "added by the language" : $"{Block.Name}:{Block.Position(Span.Start).Line}";
}

/// <summary>How an equation updates its variable.</summary>
internal enum EquationKind
{
    Ode,
    Assignment,
    Increment,
}

/// <summary>A checked statement of the equations block with its flags decoded.</summary>
internal sealed record EquationDecl(
    StatementSyntax Syntax,
    EquationKind Kind,
    string Variable,
    TextSpan NameSpan,
    ValueType Type,
    Locality Locality,
    IntegrationMethod Method,
    TextSpan MethodSpan,
    FlagSyntax? Init,
    FlagSyntax? Min,
    FlagSyntax? Max);

/// <summary>A parameter after its value and flags are checked.</summary>
internal sealed record ParameterDecl(string Name, double Default, ValueType Type, Locality Locality, TextSpan NameSpan);

/// <summary>A user function <c>name(args) = body</c>.</summary>
internal sealed record FunctionDecl(string Name, ImmutableArray<string> Arguments, ExpressionSyntax Body, TextSpan NameSpan);

/// <summary>Everything the expression binder resolves names against.</summary>
internal sealed class ModelSymbols
{
    public Dictionary<string, AttributeSymbol> Attributes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, FunctionDecl> Functions { get; } = new(StringComparer.Ordinal);

    public List<string> Inputs { get; } = [];

    public SourceBlock? FunctionsBlock { get; set; }

    public int InputIndex(string target)
    {
        var index = Inputs.IndexOf(target);
        if (index >= 0) return index;
        Inputs.Add(target);
        return Inputs.Count - 1;
    }
}
