using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Binding;

/// <summary>
/// The front end: parses every block, checks declarations, binds expressions, solves the ODEs and schedules the
/// statements into the <see cref="AnalysedModel"/>. Every user mistake ends in one <see cref="ModelException"/>
/// carrying all diagnostics of the phase that failed (syntax, declarations, then meaning).
/// </summary>
internal sealed class ModelAnalyser
{
    private const long MaxExpressionSize = 200_000;
    private const int MaxExpressionDepth = 1_000;

    private readonly DiagnosticBag _bag = new();
    private readonly ModelSymbols _symbols = new();
    private readonly Dictionary<string, (SourceBlock Block, TextSpan Span)> _declared = new(StringComparer.Ordinal);

    public static AnalysedModel Analyse(NeuronModel model) => new ModelAnalyser().Run(model);

    private AnalysedModel Run(NeuronModel model)
    {
        var parameters = Parse("parameters", model.Parameters, BlockKind.Parameters);
        var equations = Parse("equations", model.Equations, BlockKind.Equations);
        var spike = Parse("spike", model.Spike, BlockKind.Spike);
        var reset = Parse("reset", model.Reset, BlockKind.Reset);
        var refractory = Parse("refractory", model.Refractory, BlockKind.Refractory);
        var functions = Parse("functions", model.Functions, BlockKind.Functions);
        _bag.ThrowIfErrors();

        var spiking = spike is not null;
        if (spike is { Statements.Length: 0 })
            _bag.Error(spike.Source, 0, DiagnosticIds.InvalidStatement, "the spike block has no condition; give one (e.g. 'v > v_thresh') or remove the block for a rate-coded neuron");

        // Declarations.
        var functionDecls = DeclarationCollector.Functions(functions, _bag);
        var parameterDecls = DeclarationCollector.Parameters(parameters, _bag, _declared);
        var equationDecls = DeclarationCollector.Equations(equations, _bag, _declared);
        foreach (var function in functionDecls)
        {
            if (_declared.ContainsKey(function.Name))
                _bag.Error(functions!.Source, function.NameSpan, DiagnosticIds.DuplicateAttribute, $"the function '{function.Name}' has the name of an attribute; rename one of them");
            _symbols.Functions[function.Name] = function;
        }
        _symbols.FunctionsBlock = functions?.Source;
        for (var i = 0; i < parameterDecls.Count; i++)
        {
            var p = parameterDecls[i];
            _symbols.Attributes[p.Name] = new AttributeSymbol(p.Name, true, i, p.Type, p.Locality, parameters!.Source, p.NameSpan);
        }
        for (var i = 0; i < equationDecls.Count; i++)
        {
            var e = equationDecls[i];
            _symbols.Attributes[e.Variable] = new AttributeSymbol(e.Variable, false, i, e.Type, e.Locality, equations!.Source, e.NameSpan);
        }
        var hidden = HiddenVariables(spiking, equations, spike, reset, equationDecls.Count);
        CheckRate(spiking, parameters, equations);
        _bag.ThrowIfErrors();

        // Meaning.
        var binder = new ExpressionBinder(_symbols, _bag);
        foreach (var function in functionDecls) binder.ValidateFunction(function, functions!.Source);
        var bound = equationDecls.Select(e => BindEquation(binder, e, equations!.Source)).ToList();
        var spikeEx = spiking ? BindSpike(binder, spike!) : null;
        var resetStatements = reset is null ? [] : BindReset(binder, reset);
        if (!spiking && reset is { Statements.Length: > 0 } ignored)
        {
            // the statements are still checked above; a neuron without spikes never runs them
            _bag.Warning(ignored.Source, ignored.Statements[0].Left.Span, DiagnosticIds.ResetOnRateNeuron,
                "reset has no effect on a rate-coded neuron (it has no spike condition) and is ignored; give a spike condition to make it spiking");
            resetStatements = [];
        }
        var refractoryEx = refractory is null ? null : BindRefractory(binder, refractory, spiking);
        _bag.ThrowIfErrors();

        var odes = new OdeBuilder(_bag, equations?.Source).Build(bound);
        CheckGlobals(bound, equations?.Source);
        _bag.ThrowIfErrors();

        var local = StatementScheduler.Schedule(bound.Where(b => b.Decl.Locality == Locality.Local), odes).ToList();
        var global = StatementScheduler.Schedule(bound.Where(b => b.Decl.Locality == Locality.Global), odes).ToImmutableArray();
        foreach (var h in hidden.Where(h => h.Name.StartsWith("g_", StringComparison.Ordinal)))
            local.Add(new AssignStatement(h.Index, ExMath.Zero));

        var variables = bound.Select(b => new VariableInfo(
                b.Decl.Variable, b.Decl.Type, b.Decl.Locality,
                b.Decl.Kind == EquationKind.Ode ? VariableKind.Ode : VariableKind.Assignment,
                b.Init ?? new ConstEx(0, b.Decl.Type), b.Min, b.Max,
                b.Decl.Kind == EquationKind.Ode ? b.Decl.Method : null))
            .Concat(hidden.Select(h => new VariableInfo(h.Name, ValueType.Float, Locality.Local, VariableKind.Hidden, ExMath.Zero, null, null, null)))
            .ToImmutableArray();

        return new AnalysedModel(
            model.Name,
            model.Description,
            spiking ? NeuronKind.Spiking : NeuronKind.Rate,
            [.. parameterDecls.Select(p => new ParameterInfo(p.Name, p.Default, p.Type, p.Locality))],
            variables,
            global,
            [.. local],
            spikeEx,
            resetStatements,
            refractoryEx,
            [.. _symbols.Inputs],
            binder.RandomStreams,
            [.. _bag.Warnings]);
    }

    private BlockSyntax? Parse(string name, string? text, BlockKind kind)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return BlockParser.Parse(new SourceBlock(name, text), kind, _bag);
    }

    /// <summary>Hidden <c>g_target</c> conductances (spiking neurons; first use order) and the mean-rate <c>r</c>.</summary>
    private List<AttributeSymbol> HiddenVariables(bool spiking, BlockSyntax? equations, BlockSyntax? spike, BlockSyntax? reset, int firstIndex)
    {
        var hidden = new List<AttributeSymbol>();
        if (!spiking) return hidden;
        if (_declared.TryGetValue("r", out var r))
            _bag.Error(r.Block, r.Span, DiagnosticIds.SpikingDefinesR,
                "a spiking neuron must not define 'r': it is added automatically and holds the mean firing rate; rename this attribute");
        var statements = new[] { equations, spike, reset }.Where(b => b is not null).SelectMany(b => b!.Statements);
        foreach (var name in statements.SelectMany(DeclarationCollector.Expressions).SelectMany(DeclarationCollector.Walk).OfType<NameSyntax>())
        {
            if (name.Name.Length <= 2 || !name.Name.StartsWith("g_", StringComparison.Ordinal) || _symbols.Attributes.ContainsKey(name.Name)) continue;
            var symbol = new AttributeSymbol(name.Name, false, firstIndex + hidden.Count, ValueType.Float, Locality.Local, null, default, IsHidden: true);
            hidden.Add(symbol);
            _symbols.Attributes[name.Name] = symbol;
        }
        if (!_declared.ContainsKey("r"))
        {
            var symbol = new AttributeSymbol("r", false, firstIndex + hidden.Count, ValueType.Float, Locality.Local, null, default, IsHidden: true);
            hidden.Add(symbol);
            _symbols.Attributes["r"] = symbol;
        }
        return hidden;
    }

    private void CheckRate(bool spiking, BlockSyntax? parameters, BlockSyntax? equations)
    {
        if (spiking || _declared.ContainsKey("r")) return;
        var block = equations?.Source ?? parameters?.Source ?? new SourceBlock("equations", "");
        _bag.Error(block, 0, DiagnosticIds.RateWithoutR,
            "a rate-coded neuron (no spike condition) must define its output rate 'r', e.g. 'r = pos(v)'; or give a spike condition to make it spiking");
    }

    private BoundEquation BindEquation(ExpressionBinder binder, EquationDecl decl, SourceBlock block)
    {
        var context = new BindContext(block, BindScope.Equation, decl.Kind == EquationKind.Ode ? decl.Variable : null);
        var left = decl.Kind == EquationKind.Ode ? Checked(binder.Bind(decl.Syntax.Left, context), block, decl.NameSpan) : null;
        var right = Checked(binder.Bind(decl.Syntax.Right!, context), block, decl.NameSpan);
        Ex? init = null, min = null, max = null;
        foreach (var flag in decl.Syntax.Flags)
        {
            if (flag.Value is null) continue;
            if (ReferenceEquals(flag, decl.Init)) init = binder.Bind(flag.Value, new BindContext(block, BindScope.Init));
            else if (ReferenceEquals(flag, decl.Min)) min = binder.Bind(flag.Value, new BindContext(block, BindScope.Bound));
            else if (ReferenceEquals(flag, decl.Max)) max = binder.Bind(flag.Value, new BindContext(block, BindScope.Bound));
        }
        if (decl.Kind == EquationKind.Increment)
        {
            var op = decl.Syntax.Assignment switch
            {
                AssignmentKind.AddAssign => BinaryOp.Add,
                AssignmentKind.SubtractAssign => BinaryOp.Subtract,
                AssignmentKind.MultiplyAssign => BinaryOp.Multiply,
                _ => BinaryOp.Divide,
            };
            var self = new VariableEx(_symbols.Attributes[decl.Variable].Index, decl.Type);
            right = new BinaryEx(op, self, right, ExMath.ArithmeticType(self.Type, right.Type));
        }
        return new BoundEquation(decl, _symbols.Attributes[decl.Variable].Index, left, right, init, min, max);
    }

    private Ex BindSpike(ExpressionBinder binder, BlockSyntax spike)
    {
        var statement = spike.Statements.FirstOrDefault();
        if (statement is null) return ExMath.Zero;
        if (statement.Assignment is not null)
            _bag.Error(spike.Source, statement.AssignmentSpan, DiagnosticIds.InvalidStatement,
                "the spike block is a condition such as 'v > v_thresh', not an assignment (for equality write '==')");
        if (!statement.Flags.IsEmpty)
            _bag.Error(spike.Source, statement.Flags[0].NameSpan, DiagnosticIds.MisplacedFlag, "the spike condition takes no flags");
        return Checked(binder.Bind(statement.Left, new BindContext(spike.Source, BindScope.Spike)), spike.Source, statement.Span);
    }

    private ImmutableArray<AssignStatement> BindReset(ExpressionBinder binder, BlockSyntax reset)
    {
        var result = ImmutableArray.CreateBuilder<AssignStatement>();
        var source = reset.Source;
        foreach (var statement in reset.Statements)
        {
            if (statement.Assignment is not { } assignment || statement.Right is null)
            {
                _bag.Error(source, statement.Left.Span, DiagnosticIds.ExpectedAssignment, "a reset statement is an assignment such as 'v = c' or 'u += d'");
                continue;
            }
            if (statement.Left is not NameSyntax target)
            {
                _bag.Error(source, statement.Left.Span, DiagnosticIds.InvalidTarget, "the left side of a reset statement must be a variable name");
                continue;
            }
            var conditional = DeclarationCollector.Walk(statement.Right).OfType<ConditionalSyntax>().FirstOrDefault();
            if (conditional is not null)
            {
                _bag.Error(source, conditional.Span, DiagnosticIds.ConditionalInReset, "'if c: a else: b' is not allowed in reset; use ite(c, a, b)");
                continue;
            }
            FlagReader.Read(statement.Flags, FlagOwner.Reset, source, _bag);
            if (!_symbols.Attributes.TryGetValue(target.Name, out var symbol))
            {
                // t, dt, t_last, pi and E bind without error but cannot be assigned: report them instead of dropping the statement
                if (BuiltinNames.Symbols.ContainsKey(target.Name) || target.Name is "pi" or "E")
                    _bag.Error(source, target.Span, DiagnosticIds.NotAssignable,
                        $"'{target.Name}' is a built-in symbol and cannot be assigned; reset may assign only variables declared in equations");
                else
                    binder.Bind(target, new BindContext(source, BindScope.Reset));
                continue;
            }
            if (symbol.IsParameter || (symbol.IsHidden && symbol.Name == "r"))
            {
                _bag.Error(source, target.Span, DiagnosticIds.NotAssignable,
                    symbol.IsParameter
                        ? $"'{target.Name}' is a parameter and cannot change during a simulation; declare it as a variable in equations (e.g. '{target.Name} = {target.Name} : init = ...')"
                        : "'r' of a spiking neuron is the mean firing rate computed by the simulator; it cannot be assigned");
                continue;
            }
            if (symbol.Locality == Locality.Global)
            {
                // the engine refused it only at simulation time, after 'neurofit check' had said ok
                _bag.Error(source, target.Span, DiagnosticIds.NotAssignable,
                    $"'{target.Name}' is population-wide (': population'): one neuron's spike cannot change it; make it a per-neuron variable");
                continue;
            }
            var value = Checked(binder.Bind(statement.Right, new BindContext(source, BindScope.Reset)), source, statement.Span);
            if (assignment != AssignmentKind.Assign)
            {
                var op = assignment switch
                {
                    AssignmentKind.AddAssign => BinaryOp.Add,
                    AssignmentKind.SubtractAssign => BinaryOp.Subtract,
                    AssignmentKind.MultiplyAssign => BinaryOp.Multiply,
                    _ => BinaryOp.Divide,
                };
                var self = new VariableEx(symbol.Index, symbol.Type);
                value = new BinaryEx(op, self, value, ExMath.ArithmeticType(self.Type, value.Type));
            }
            result.Add(new AssignStatement(symbol.Index, value));
        }
        return result.ToImmutable();
    }

    private Ex? BindRefractory(ExpressionBinder binder, BlockSyntax refractory, bool spiking)
    {
        var statement = refractory.Statements.FirstOrDefault();
        if (statement is null) return null;
        var source = refractory.Source;
        if (statement.Assignment is not null || !statement.Flags.IsEmpty || statement.Left is not (NumberSyntax or NameSyntax))
        {
            _bag.Error(source, statement.Left.Span, DiagnosticIds.InvalidRefractory,
                "refractory is a number of milliseconds (e.g. 5.0) or the name of a parameter or variable holding it");
            return null;
        }
        var value = statement.Left is NumberSyntax n ? new ConstEx(n.Value, ValueType.Float) : binder.Bind(statement.Left, new BindContext(source, BindScope.Refractory));
        if (value is not (ConstEx or ParameterEx or VariableEx))
        {
            _bag.Error(source, statement.Left.Span, DiagnosticIds.InvalidRefractory,
                $"refractory is a number of milliseconds or the name of a parameter or variable, not '{((NameSyntax)statement.Left).Name}'");
            return null;
        }
        if (!spiking)
        {
            _bag.Warning(source, statement.Left.Span, DiagnosticIds.RefractoryOnRateNeuron, "a refractory period has no effect on a rate-coded neuron and is ignored");
            return null;
        }
        return value;
    }

    private Ex Checked(Ex e, SourceBlock block, TextSpan span)
    {
        var (size, depth) = ExMath.Measure(e, new Dictionary<Ex, (long, int)>(ReferenceEqualityComparer.Instance));
        if (size > MaxExpressionSize || depth > MaxExpressionDepth)
            _bag.Error(block, span, DiagnosticIds.ExpressionTooLarge, "this expression is too large after inlining functions; simplify it or split it into several equations");
        return e;
    }

    private void CheckGlobals(List<BoundEquation> bound, SourceBlock? block)
    {
        if (block is null) return;
        var locals = _symbols.Attributes.Values.Where(s => s.Locality == Locality.Local).ToList();
        foreach (var equation in bound.Where(b => b.Decl.Locality == Locality.Global))
        {
            var trees = new[] { equation.Left, equation.Right, equation.Init, equation.Min, equation.Max }.Where(t => t is not null);
            foreach (var node in trees.SelectMany(t => ExMath.Nodes(t!)))
            {
                var culprit = node switch
                {
                    ParameterEx p => locals.FirstOrDefault(s => s.IsParameter && s.Index == p.Index)?.Name,
                    VariableEx v => locals.FirstOrDefault(s => !s.IsParameter && s.Index == v.Index)?.Name,
                    InputEx => "sum()",
                    BuiltinEx { Symbol: BuiltinSymbol.LastSpikeTime } => "t_last",
                    _ => null,
                };
                if (culprit is null) continue;
                // an input or t_last cannot be made global or reduced with mean(): only the variable can change
                var fix = node is InputEx or BuiltinEx
                    ? $"'{culprit}' has one value per neuron: read it in a per-neuron variable (without ': population')"
                    : $"make '{culprit}' global (': population') or use mean({culprit}) / max({culprit})";
                _bag.Error(block, equation.Decl.NameSpan, DiagnosticIds.GlobalReadsLocal,
                    $"the population-wide variable '{equation.Decl.Variable}' reads the per-neuron '{culprit}'; {fix}");
                break;
            }
        }
    }
}

/// <summary>An equation with its expressions bound (the ODE's two sides still contain the derivative symbol).</summary>
internal sealed record BoundEquation(EquationDecl Decl, int Variable, Ex? Left, Ex Right, Ex? Init, Ex? Min, Ex? Max);
