using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Binding;

/// <summary>Where an expression appears; decides which names and constructs it may use.</summary>
internal enum BindScope
{
    Equation,
    Spike,
    Reset,
    Init,
    Bound,
    Refractory,
    FunctionBody,
    DistributionArgument,
}

/// <summary>The context of one expression being bound.</summary>
internal sealed record BindContext(
    SourceBlock Block,
    BindScope Scope,
    string? OdeVariable = null,
    IReadOnlyDictionary<string, Ex>? Arguments = null,
    ImmutableStack<string>? CallStack = null);

/// <summary>
/// Resolves names and lowers syntax to <see cref="Ex"/>: folds <c>pi</c>/<c>E</c>, inlines user functions, numbers
/// random occurrences in textual order, and reports every misuse with its location (binding goes on after an error).
/// </summary>
internal sealed class ExpressionBinder(ModelSymbols symbols, DiagnosticBag bag)
{
    private const int MaxInlineExpansions = 10_000;
    private const int MaxCallDepth = 16;

    private readonly DiagnosticBag _mainBag = bag;
    private DiagnosticBag _bag = bag;
    private int _inlineExpansions;

    /// <summary>Number of random occurrences bound so far: the next stream index.</summary>
    public int RandomStreams { get; private set; }

    public Ex Bind(ExpressionSyntax syntax, BindContext context)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            return Fail(context, syntax.Span, DiagnosticIds.ExpressionTooLarge, "expression too large; split it into several equations");
        return syntax switch
        {
            NumberSyntax n => new ConstEx(n.Value, n.IsInteger ? ValueType.Int : ValueType.Float),
            BoolSyntax b => new ConstEx(b.Value ? 1 : 0, ValueType.Bool),
            NameSyntax name => BindName(name, context),
            DerivativeSyntax d => BindDerivative(d, context),
            UnarySyntax u => BindUnary(u, context),
            BinarySyntax b => BindBinary(b, context),
            ConditionalSyntax c => Conditional(Bind(c.Condition, context), Bind(c.WhenTrue, context), Bind(c.WhenFalse, context)),
            CallSyntax call => BindCall(call, context),
            _ => throw new InvalidOperationException($"unknown syntax {syntax.GetType().Name}"),
        };
    }

    /// <summary>Binds a function body once with placeholder arguments so its mistakes are reported once.</summary>
    public void ValidateFunction(FunctionDecl function, SourceBlock block)
    {
        var arguments = function.Arguments.ToDictionary(a => a, _ => (Ex)new ConstEx(0, ValueType.Float), StringComparer.Ordinal);
        Bind(function.Body, new BindContext(block, BindScope.FunctionBody, Arguments: arguments,
            CallStack: ImmutableStack.Create(function.Name)));
    }

    private Ex BindName(NameSyntax name, BindContext context)
    {
        if (context.Arguments is not null && context.Arguments.TryGetValue(name.Name, out var argument)) return argument;
        if (context.Scope == BindScope.FunctionBody)
        {
            if (Constant(name.Name) is { } constant) return constant;
            if (symbols.Attributes.ContainsKey(name.Name) || BuiltinNames.Symbols.ContainsKey(name.Name))
                return Fail(context, name.Span, DiagnosticIds.FunctionScope,
                    $"a function can only use its arguments, built-in functions and constants, not '{name.Name}'; pass it as an argument");
            return Undeclared(name, context, context.Arguments?.Keys ?? []);
        }
        if (symbols.Attributes.TryGetValue(name.Name, out var symbol)) return BindAttribute(name, symbol, context);
        if (BuiltinNames.Symbols.TryGetValue(name.Name, out var builtin))
        {
            if (builtin != BuiltinSymbol.Dt && context.Scope is BindScope.Init or BindScope.Bound or BindScope.DistributionArgument)
                return Fail(context, name.Span, context.Scope == BindScope.DistributionArgument ? DiagnosticIds.InvalidDistributionArgument : DiagnosticIds.InvalidBound,
                    $"'{name.Name}' changes during the simulation and cannot be used here; use numbers or parameters");
            return new BuiltinEx(builtin);
        }
        if (Constant(name.Name) is { } value) return value;
        return Undeclared(name, context, symbols.Attributes.Keys.Concat(BuiltinNames.Symbols.Keys));
    }

    private static ConstEx? Constant(string name) => name switch
    {
        "pi" => new ConstEx(Math.PI, ValueType.Float),
        "E" => new ConstEx(Math.E, ValueType.Float),
        _ => null,
    };

    private Ex BindAttribute(NameSyntax name, AttributeSymbol symbol, BindContext context)
    {
        switch (context.Scope)
        {
            case BindScope.Init or BindScope.Bound when !symbol.IsParameter:
                return Fail(context, name.Span, DiagnosticIds.InvalidBound,
                    $"'{name.Name}' is a variable; init=, min= and max= may use only numbers, parameters and (for init) random distributions");
            case BindScope.DistributionArgument when !symbol.IsParameter || symbol.Locality == Locality.Local:
                return Fail(context, name.Span, DiagnosticIds.InvalidDistributionArgument,
                    $"'{name.Name}' is {(symbol.IsParameter ? "a local parameter" : "a variable")}; distribution arguments must be numbers or global parameters (declare it with ': population')");
        }
        return symbol.IsParameter ? new ParameterEx(symbol.Index, symbol.Type) : new VariableEx(symbol.Index, symbol.Type);
    }

    private Ex Undeclared(NameSyntax name, BindContext context, IEnumerable<string> candidates)
    {
        var suggestion = BuiltinNames.Suggest(name.Name, candidates);
        var hint = suggestion is not null ? $"; did you mean '{suggestion}'?" : "; declare it in parameters or equations";
        if (name.Name.StartsWith("g_", StringComparison.Ordinal) && context.Scope != BindScope.FunctionBody)
            hint = "; conductances g_target exist only in spiking neurons (rate-coded neurons read inputs with sum(target))";
        return Fail(context, name.Span, DiagnosticIds.UndeclaredIdentifier, $"unknown name '{name.Name}'{hint}");
    }

    private Ex BindDerivative(DerivativeSyntax derivative, BindContext context)
    {
        if (context.OdeVariable is { } variable)
        {
            if (derivative.Variable == variable && symbols.Attributes.TryGetValue(variable, out var symbol) && !symbol.IsParameter)
                return new DerivativeEx(symbol.Index);
            return Fail(context, derivative.Span, DiagnosticIds.DerivativeMismatch,
                $"this ODE is for '{variable}' but also contains d{derivative.Variable}/dt; write one ODE per variable");
        }
        return Fail(context, derivative.Span, DiagnosticIds.DerivativeOutsideOde,
            $"d{derivative.Variable}/dt can only appear in an ODE of the equations block");
    }

    private Ex BindUnary(UnarySyntax unary, BindContext context)
    {
        var operand = Bind(unary.Operand, context);
        if (unary.Op == UnaryOp.Not) return new UnaryEx(UnaryOp.Not, operand, ValueType.Bool);
        if (operand is ConstEx c) return new ConstEx(-c.Value, ExMath.NumericType(c.Type));
        return new UnaryEx(UnaryOp.Negate, operand, ExMath.NumericType(operand.Type));
    }

    private Ex BindBinary(BinarySyntax binary, BindContext context)
    {
        var left = Bind(binary.Left, context);
        var right = Bind(binary.Right, context);
        var type = binary.Op switch
        {
            BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide => ExMath.ArithmeticType(left.Type, right.Type),
            BinaryOp.Modulo or BinaryOp.Power => ValueType.Float,
            _ => ValueType.Bool,
        };
        if (binary.Op == BinaryOp.Divide && type == ValueType.Int
            && ExMath.TryEvaluateConstant(left) is { } l && ExMath.TryEvaluateConstant(right) is { } r && (r == 0 || l % r != 0))
        {
            _bag.Warning(context.Block, binary.OperatorSpan, DiagnosticIds.IntegerDivision,
                $"integer division {Format(l)}/{Format(r)} truncates to {(r == 0 ? "an error" : Format(Math.Truncate(l / r)))} (C semantics, as in ANNarchy); write {Format(l)}.0/{Format(r)} for {(r == 0 ? "a float" : Format(l / r))}");
        }
        return new BinaryEx(binary.Op, left, right, type);
    }

    private static string Format(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static ConditionalEx Conditional(Ex condition, Ex whenTrue, Ex whenFalse)
    {
        var type = whenTrue.Type == whenFalse.Type ? whenTrue.Type
            : whenTrue.Type == ValueType.Float || whenFalse.Type == ValueType.Float ? ValueType.Float : ValueType.Int;
        return new ConditionalEx(condition, whenTrue, whenFalse, type);
    }

    private Ex BindCall(CallSyntax call, BindContext context)
    {
        var name = call.Function.Name;
        var arguments = call.Arguments;
        if ((context.Arguments?.ContainsKey(name) ?? false) || (context.Scope != BindScope.FunctionBody && symbols.Attributes.ContainsKey(name)))
            return Fail(context, call.Function.Span, DiagnosticIds.UnknownFunction, $"'{name}' is not a function; it cannot be called");

        if (name == "ite")
        {
            if (!Arity(call, context, 3, 3)) return ExMath.Zero;
            return Conditional(Bind(arguments[0], context), Bind(arguments[1], context), Bind(arguments[2], context));
        }
        if (name == "sum") return BindSum(call, context);
        if (name == "pow")
        {
            if (!Arity(call, context, 2, 2)) return ExMath.Zero;
            return new BinaryEx(BinaryOp.Power, Bind(arguments[0], context), Bind(arguments[1], context), ValueType.Float);
        }
        if (BuiltinNames.Distributions.TryGetValue(name, out var distribution)) return BindDistribution(call, distribution.Kind, distribution.Arguments, context);
        if (arguments.Length == 1 && BuiltinNames.GlobalOperations.TryGetValue(name, out var globalOp)) return BindGlobalOperation(call, globalOp, context);
        if (BuiltinNames.Functions.TryGetValue(name, out var function))
        {
            if (!Arity(call, context, function.MinArguments, function.MaxArguments)) return ExMath.Zero;
            var bound = arguments.Select(a => Bind(a, context)).ToImmutableArray();
            var type = function.Function switch
            {
                MathFunction.IsFinite or MathFunction.IsNaN => ValueType.Bool,
                MathFunction.IntModulo => ValueType.Int,
                MathFunction.IntPower => bound[0].Type == ValueType.Float ? ValueType.Float : ValueType.Int,
                _ => ValueType.Float,
            };
            return new CallEx(function.Function, bound, type);
        }
        if (symbols.Functions.TryGetValue(name, out var user)) return Inline(call, user, context);

        var candidates = BuiltinNames.Functions.Keys.Concat(BuiltinNames.Distributions.Keys).Concat(symbols.Functions.Keys)
            .Concat(["ite", "sum", "mean", "norm1", "norm2"]);
        var suggestion = BuiltinNames.Suggest(name, candidates);
        return Fail(context, call.Function.Span, DiagnosticIds.UnknownFunction,
            $"unknown function '{name}'{(suggestion is null ? "; define it in the functions block" : $"; did you mean '{suggestion}'?")}");
    }

    private Ex BindSum(CallSyntax call, BindContext context)
    {
        // the id of each place's own rule (NF1119 is about the spike block): a function sees no inputs (NF1127), init/min/max
        // and distribution arguments take no per-step values (NF1124, NF1113)
        if (context.Scope is BindScope.FunctionBody or BindScope.Init or BindScope.Bound or BindScope.DistributionArgument)
            return Fail(context, call.Span, context.Scope switch
            {
                BindScope.FunctionBody => DiagnosticIds.FunctionScope,
                BindScope.DistributionArgument => DiagnosticIds.InvalidDistributionArgument,
                _ => DiagnosticIds.InvalidBound,
            }, context.Scope == BindScope.FunctionBody
                ? "a function cannot read inputs: sum(target) can only be used in equations, spike and reset; pass it as an argument"
                : "sum(target) can only be used in equations, spike and reset");
        if (call.Arguments.Length == 0) return new InputEx(symbols.InputIndex(""));
        if (call.Arguments.Length == 1 && call.Arguments[0] is NameSyntax target) return new InputEx(symbols.InputIndex(target.Name));
        return Fail(context, call.Span, DiagnosticIds.WrongArity, "sum() takes one target name, e.g. sum(exc), or nothing for all targets");
    }

    private Ex BindDistribution(CallSyntax call, DistributionKind kind, int count, BindContext context)
    {
        if (context.Scope is BindScope.FunctionBody or BindScope.Bound or BindScope.DistributionArgument)
            return Fail(context, call.Span, DiagnosticIds.RandomNotAllowed,
                context.Scope == BindScope.FunctionBody
                    ? "random distributions cannot be used inside functions; draw in the equation and pass the value as an argument"
                    : $"a random distribution cannot be used here ({(context.Scope == BindScope.Bound ? "min/max bound" : "distribution argument")})");
        if (!Arity(call, context, count, count)) return ExMath.Zero;
        var stream = RandomStreams++;
        var argumentContext = context with { Scope = BindScope.DistributionArgument };
        var arguments = call.Arguments.Select(a => Bind(a, argumentContext)).ToImmutableArray();
        if (InvalidConstantArgument(kind, arguments) is { } problem)
            return Fail(context, call.Arguments[problem.Index].Span, DiagnosticIds.InvalidDistributionArgument,
                $"{call.Function.Name}(): {problem.Message}");
        return new RandomEx(stream, kind, arguments);
    }

    /// <summary>A constant argument outside the distribution's domain (arguments that are parameters are checked when they draw).</summary>
    private static (int Index, string Message)? InvalidConstantArgument(DistributionKind kind, ImmutableArray<Ex> arguments)
    {
        var values = arguments.Select(ExMath.TryEvaluateConstant).ToArray();
        double? A(int i) => i < values.Length ? values[i] : null;
        return kind switch
        {
            DistributionKind.Uniform or DistributionKind.DiscreteUniform when A(0) is { } lo && A(1) is { } hi && lo > hi =>
                (1, $"the upper bound {hi:G6} is below the lower bound {lo:G6}"),
            DistributionKind.Normal or DistributionKind.LogNormal when A(1) is < 0 =>
                (1, $"the standard deviation must be ≥ 0, got {A(1):G6}"),
            DistributionKind.Exponential when A(0) is { } rate && !(rate > 0) =>
                (0, $"the rate must be > 0, got {rate:G6}"),
            DistributionKind.Gamma when A(0) is { } shape && !(shape > 0) => (0, $"the shape must be > 0, got {shape:G6}"),
            DistributionKind.Gamma when A(1) is { } scale && !(scale > 0) => (1, $"the scale must be > 0, got {scale:G6}"),
            DistributionKind.Binomial when A(0) is < 0 => (0, $"the number of trials must be ≥ 0, got {A(0):G6}"),
            DistributionKind.Binomial when A(1) is { } p && !(p >= 0 && p <= 1) => (1, $"the probability must be in [0, 1], got {p:G6}"),
            _ => null,
        };
    }

    private Ex BindGlobalOperation(CallSyntax call, GlobalOpKind op, BindContext context)
    {
        if (context.Scope is BindScope.FunctionBody or BindScope.Init or BindScope.Bound or BindScope.DistributionArgument)
            return Fail(context, call.Span, DiagnosticIds.InvalidGlobalOperation, $"the population operation {call.Function.Name}() cannot be used here");
        if (call.Arguments[0] is NameSyntax target && symbols.Attributes.TryGetValue(target.Name, out var symbol)
            && !symbol.IsParameter && symbol.Locality == Locality.Local)
            return new GlobalOpEx(op, symbol.Index);
        return Fail(context, call.Arguments[0].Span, DiagnosticIds.InvalidGlobalOperation,
            $"{call.Function.Name}(x) with one argument is the population {call.Function.Name} of a local variable; '{ExpressionPrinter.Print(call.Arguments[0])}' is not one"
            + (call.Function.Name is "max" or "min" ? $" (for the larger/smaller of two values write {call.Function.Name}(a, b))" : ""));
    }

    private Ex Inline(CallSyntax call, FunctionDecl function, BindContext context)
    {
        if (!Arity(call, context, function.Arguments.Length, function.Arguments.Length)) return ExMath.Zero;
        var stack = context.CallStack ?? ImmutableStack<string>.Empty;
        // Structural mistakes of the functions are reported even while a body is bound silently.
        if (stack.Contains(function.Name))
        {
            _mainBag.Error(context.Block, call.Function.Span, DiagnosticIds.FunctionRecursion,
                $"function '{function.Name}' calls itself (directly or through other functions); recursion is not supported");
            return ExMath.Zero;
        }
        if (stack.Count() >= MaxCallDepth || ++_inlineExpansions > MaxInlineExpansions)
        {
            _mainBag.Error(context.Block, call.Function.Span, DiagnosticIds.ExpressionTooLarge,
                "functions call each other too deeply or too often; simplify the functions block");
            return ExMath.Zero;
        }
        var bound = new Dictionary<string, Ex>(StringComparer.Ordinal);
        for (var i = 0; i < function.Arguments.Length; i++) bound[function.Arguments[i]] = Bind(call.Arguments[i], context);
        // The body was checked once on its own; mistakes in it are not repeated at every call.
        var saved = _bag;
        _bag = new DiagnosticBag();
        try
        {
            return Bind(function.Body, new BindContext(symbols.FunctionsBlock ?? context.Block, BindScope.FunctionBody, Arguments: bound, CallStack: stack.Push(function.Name)));
        }
        finally
        {
            _bag = saved;
        }
    }

    private bool Arity(CallSyntax call, BindContext context, int min, int max)
    {
        var count = call.Arguments.Length;
        if (count >= min && count <= max) return true;
        var expected = min == max ? $"{min}" : max == int.MaxValue ? $"at least {min}" : $"{min} to {max}";
        Fail(context, call.Function.Span, DiagnosticIds.WrongArity,
            $"{call.Function.Name}() takes {expected} argument{(min == 1 && max == 1 ? "" : "s")} but {count} {(count == 1 ? "was" : "were")} given");
        return false;
    }

    private ConstEx Fail(BindContext context, TextSpan span, string id, string message)
    {
        _bag.Error(context.Block, span, id, message);
        return ExMath.Zero;
    }
}
