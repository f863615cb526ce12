using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Binding;

/// <summary>Which kind of statement the flags belong to: decides which flags are allowed.</summary>
internal enum FlagOwner
{
    Parameter,
    Ode,
    Assignment,
    Reset,
}

/// <summary>The decoded flags of one statement.</summary>
internal sealed class FlagSet
{
    public ValueType? Type { get; set; }
    public Locality Locality { get; set; } = Locality.Local;
    public IntegrationMethod? Method { get; set; }
    public TextSpan MethodSpan { get; set; }
    public FlagSyntax? Init { get; set; }
    public FlagSyntax? Min { get; set; }
    public FlagSyntax? Max { get; set; }
}

/// <summary>Decodes and checks the flags after the last ':' of a statement.</summary>
internal static class FlagReader
{
    private static readonly Dictionary<string, IntegrationMethod> Methods = new(StringComparer.Ordinal)
    {
        ["explicit"] = IntegrationMethod.Explicit,
        ["implicit"] = IntegrationMethod.Implicit,
        ["semiimplicit"] = IntegrationMethod.SemiImplicit,
        ["exponential"] = IntegrationMethod.Exponential,
        ["midpoint"] = IntegrationMethod.Midpoint,
        ["rk4"] = IntegrationMethod.RungeKutta4,
        ["runge-kutta4"] = IntegrationMethod.RungeKutta4,
    };

    private static readonly string[] KnownFlags =
    [
        "init", "min", "max", "population", "int", "bool", "float", "explicit", "implicit", "semiimplicit", "exponential",
        "midpoint", "rk4", "runge-kutta4", "unless_refractory",
    ];

    public static FlagSet Read(ImmutableArray<FlagSyntax> flags, FlagOwner owner, SourceBlock block, DiagnosticBag bag)
    {
        var result = new FlagSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var flag in flags)
        {
            var name = flag.Name;
            var isBound = name is "init" or "min" or "max";
            var known = isBound || KnownFlags.Contains(name);
            if (name is "postsynaptic" or "projection" or "unless_post")
            {
                bag.Error(block, flag.NameSpan, DiagnosticIds.SynapseOnlyFlag, $"'{name}' is a synapse flag and has no meaning in a neuron; remove it");
                continue;
            }
            if (name is "event-driven" or "exact")
            {
                bag.Error(block, flag.NameSpan, DiagnosticIds.EventDriven,
                    $"'{name}' integration is for synapses only (ANNarchy would silently never integrate this variable); use exponential or explicit");
                continue;
            }
            if (!known)
            {
                var suggestion = BuiltinNames.Suggest(name, KnownFlags.Concat(["event-driven"]));
                bag.Error(block, flag.NameSpan, DiagnosticIds.UnknownFlag,
                    $"unknown flag '{name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (the language has no units; flags are init=, min=, max=, population, int, bool, float and the methods explicit, implicit, semiimplicit, exponential, midpoint, rk4)");
                continue;
            }
            if (isBound && flag.Value is null)
            {
                bag.Error(block, flag.NameSpan, DiagnosticIds.MalformedFlag, $"'{name}' needs a value, e.g. {name} = 0");
                continue;
            }
            if (!isBound && flag.Value is not null)
            {
                bag.Error(block, flag.NameSpan, DiagnosticIds.MalformedFlag, $"the flag '{name}' takes no value; write just '{name}'");
                continue;
            }
            var group = name switch
            {
                "int" or "bool" or "float" => "type",
                _ when Methods.ContainsKey(name) => "method",
                _ => name,
            };
            if (!Allowed(name, owner, out var why))
            {
                bag.Error(block, flag.NameSpan, DiagnosticIds.MisplacedFlag, why);
                continue;
            }
            if (!seen.Add(group))
            {
                bag.Error(block, flag.NameSpan, DiagnosticIds.DuplicateFlag,
                    group is "type" or "method" ? $"a second {group} flag '{name}'; give at most one" : $"the flag '{name}' is given twice");
                continue;
            }
            switch (name)
            {
                case "population": result.Locality = Locality.Global; break;
                case "int": result.Type = ValueType.Int; break;
                case "bool": result.Type = ValueType.Bool; break;
                case "float": result.Type = ValueType.Float; break;
                case "init": result.Init = flag; break;
                case "min": result.Min = flag; break;
                case "max": result.Max = flag; break;
                case "unless_refractory":
                    bag.Warning(block, flag.NameSpan, DiagnosticIds.UnlessRefractoryIgnored, "'unless_refractory' has no effect (as in ANNarchy 4.x and later)");
                    break;
                default:
                    result.Method = Methods[name];
                    result.MethodSpan = flag.NameSpan;
                    break;
            }
        }
        return result;
    }

    private static bool Allowed(string name, FlagOwner owner, out string why)
    {
        why = "";
        var isMethod = Methods.ContainsKey(name);
        switch (owner)
        {
            case FlagOwner.Parameter when name is "population" or "int" or "bool" or "float":
            case FlagOwner.Ode:
            case FlagOwner.Assignment when !isMethod:
            case FlagOwner.Reset when name == "unless_refractory":
                return true;
            case FlagOwner.Parameter:
                why = $"the flag '{name}' does not apply to a parameter (parameters take population, int, bool or float)";
                return false;
            case FlagOwner.Assignment:
                why = $"the method '{name}' applies only to ODEs (dx/dt = ...); this statement is an assignment";
                return false;
            default:
                why = $"the flag '{name}' does not apply to a reset statement";
                return false;
        }
    }
}
