using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using VT = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Simulation.Tests.Support;

/// <summary>One ODE for <see cref="ModelBuilder.Block"/>: derivative, and τ/A or affine coefficients as text.</summary>
internal sealed record OdeSpec(string Variable, IntegrationMethod Method, string Derivative, string? Tau = null, string? Target = null,
    string? Offset = null, string[]? Coefficients = null);

/// <summary>
/// Builds <see cref="AnalysedModel"/> values by hand for engine tests, independent of the model-language front end.
/// Expressions are written in a small arithmetic syntax (see <see cref="MiniParser"/>).
/// </summary>
internal sealed class ModelBuilder(string name = "test")
{
    private readonly List<ParameterInfo> _parameters = [];
    private readonly List<(string Name, VT Type, Locality Locality, VariableKind Kind, string Init, string? Min, string? Max, IntegrationMethod? Method)> _vars = [];
    private readonly List<Func<MiniParser, Statement>> _statements = [];
    private readonly List<(string Variable, string Value)> _reset = [];
    private readonly List<string> _inputs = [];
    private string? _spike;
    private string? _refractory;

    public ModelBuilder Param(string n, double value, Locality locality = Locality.Local, VT type = VT.Float)
    {
        _parameters.Add(new ParameterInfo(n, value, type, locality));
        return this;
    }

    public ModelBuilder Var(string n, string init = "0", Locality locality = Locality.Local, VT type = VT.Float,
        string? min = null, string? max = null, IntegrationMethod? method = null, VariableKind kind = VariableKind.Assignment)
    {
        _vars.Add((n, type, locality, kind, init, min, max, method));
        return this;
    }

    public ModelBuilder Input(string target)
    {
        _inputs.Add(target);
        return this;
    }

    public ModelBuilder Assign(string variable, string value)
    {
        _statements.Add(p => new AssignStatement(p.VariableIndex(variable), p.Parse(value)));
        return this;
    }

    public ModelBuilder Block(params OdeSpec[] odes)
    {
        _statements.Add(p => new OdeBlock([.. odes.Select(o => new Ode(
            p.VariableIndex(o.Variable), o.Method, p.Parse(o.Derivative),
            o.Tau is null ? null : new LinearForm(p.Parse(o.Tau), p.Parse(o.Target!)),
            o.Offset is null ? null : new AffineForm(p.Parse(o.Offset), [.. o.Coefficients!.Select(p.Parse)])))]));
        return this;
    }

    /// <summary>A single explicit ODE in its own block.</summary>
    public ModelBuilder Ode(string variable, string derivative, IntegrationMethod method = IntegrationMethod.Explicit) =>
        Block(new OdeSpec(variable, method, derivative));

    public ModelBuilder Spike(string condition)
    {
        _spike = condition;
        return this;
    }

    public ModelBuilder Reset(string variable, string value)
    {
        _reset.Add((variable, value));
        return this;
    }

    public ModelBuilder Refractory(string ms)
    {
        _refractory = ms;
        return this;
    }

    public AnalysedModel Build()
    {
        var vars = _vars.Select(v => (v.Name, v.Type, v.Locality)).ToList();
        var parser = new MiniParser(_parameters, vars, _inputs);
        var variables = _vars.Select(v => new VariableInfo(v.Name, v.Type, v.Locality,
            v.Method is not null ? VariableKind.Ode : v.Kind,
            parser.Parse(v.Init), v.Min is null ? null : parser.Parse(v.Min), v.Max is null ? null : parser.Parse(v.Max), v.Method)).ToList();
        var statements = _statements.Select(s => s(parser)).ToList();
        bool IsGlobal(Statement s) => s switch
        {
            AssignStatement a => _vars[a.Variable].Locality == Locality.Global,
            OdeBlock b => _vars[b.Odes[0].Variable].Locality == Locality.Global,
            _ => false,
        };
        var spike = _spike is null ? null : parser.Parse(_spike);
        var reset = _reset.Select(r => new AssignStatement(parser.VariableIndex(r.Variable), parser.Parse(r.Value))).ToImmutableArray();
        var refractory = _refractory is null ? null : parser.Parse(_refractory);
        return new AnalysedModel(
            name, "", spike is null ? NeuronKind.Rate : NeuronKind.Spiking,
            [.. _parameters], [.. variables],
            [.. statements.Where(IsGlobal)], [.. statements.Where(s => !IsGlobal(s))],
            spike, reset, refractory, [.. _inputs], parser.StreamCount, []);
    }
}
