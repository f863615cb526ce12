namespace NeuroFit.Fitting;

/// <summary>A compiled bound expression: the names it reads and how to evaluate it.</summary>
internal interface IBoundExpression
{
    IReadOnlyCollection<string> Names { get; }
    double Evaluate(IReadOnlyDictionary<string, double> values);
}

/// <summary>
/// The checked plan behind <see cref="VariablesBounds"/>: which names are optimised (in order), which are constant,
/// and the expressions in dependency order. Resolves a candidate (values of the optimised names) into every entry.
/// </summary>
internal sealed class ParameterPlan
{
    private readonly List<(string Name, IBoundExpression Expression)> _expressions;
    private readonly Dictionary<string, double> _constants;

    private ParameterPlan(IReadOnlyList<string> optimised, IReadOnlyList<RangeBound> ranges, Dictionary<string, double> constants,
        List<(string, IBoundExpression)> expressions, IReadOnlyList<string> allNames)
    {
        Optimised = optimised;
        Ranges = ranges;
        _constants = constants;
        _expressions = expressions;
        AllNames = allNames;
    }

    /// <summary>Names of the optimised entries, in bounds order.</summary>
    public IReadOnlyList<string> Optimised { get; }

    /// <summary>Ranges of the optimised entries.</summary>
    public IReadOnlyList<RangeBound> Ranges { get; }

    /// <summary>Every entry name, in bounds order.</summary>
    public IReadOnlyList<string> AllNames { get; }

    /// <summary>
    /// Checks <paramref name="bounds"/> against the model's attributes and orders the expressions.
    /// Unknown names, expressions reading unknown names, and cycles are <see cref="FitConfigurationException"/>s.
    /// </summary>
    public static ParameterPlan Create(VariablesBounds bounds, IReadOnlyCollection<string> modelAttributes, Func<string, IBoundExpression> compile)
    {
        var unknown = bounds.Select(b => b.Key).Where(n => !modelAttributes.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new FitConfigurationException(
                $"the neuron model has no attribute{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"its parameters and variables are: {string.Join(", ", modelAttributes)}");
        var optimised = new List<string>();
        var ranges = new List<RangeBound>();
        var constants = new Dictionary<string, double>();
        var pending = new Dictionary<string, IBoundExpression>();
        foreach (var (name, bound) in bounds)
        {
            switch (bound)
            {
                case RangeBound range: optimised.Add(name); ranges.Add(range); break;
                case ConstantBound constant:
                    if (!double.IsFinite(constant.Value)) throw new FitConfigurationException($"'{name}' is held at {constant.Value}; give a finite number");
                    constants[name] = constant.Value;
                    break;
                case ExpressionBound expression:
                    IBoundExpression compiled;
                    try { compiled = compile(expression.Expression); }
                    catch (Exception e) when (e is not FitConfigurationException)
                    {
                        throw new FitConfigurationException($"'{name}' = \"{expression.Expression}\" is not a valid expression: {e.Message}", e);
                    }
                    var missing = compiled.Names.Where(n => !bounds.Any(b => b.Key == n)).ToList();
                    if (missing.Count > 0)
                        throw new FitConfigurationException(
                            $"'{name}' = \"{expression.Expression}\" uses {string.Join(", ", missing.Select(m => $"'{m}'"))}, which {(missing.Count > 1 ? "are" : "is")} not in the bounds; " +
                            "an expression may only use other entries of the bounds");
                    pending[name] = compiled;
                    break;
            }
        }
        if (optimised.Count == 0) throw new FitConfigurationException("nothing to optimise: give at least one entry a range [lo, hi]");
        return new ParameterPlan(optimised, ranges, constants, Order(pending), bounds.Select(b => b.Key).ToList());
    }

    /// <summary>All entries for one candidate (<paramref name="optimisedValues"/> in <see cref="Optimised"/> order).</summary>
    public Dictionary<string, double> Resolve(IReadOnlyList<double> optimisedValues)
    {
        var values = new Dictionary<string, double>(_constants);
        for (var i = 0; i < Optimised.Count; i++) values[Optimised[i]] = optimisedValues[i];
        foreach (var (name, expression) in _expressions) values[name] = expression.Evaluate(values);
        return values;
    }

    /// <summary>The centre of every range (the compatibility check's candidate).</summary>
    public double[] Centre() => Ranges.Select(r => r.Centre).ToArray();

    private static List<(string, IBoundExpression)> Order(Dictionary<string, IBoundExpression> pending)
    {
        var ordered = new List<(string, IBoundExpression)>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        void Visit(string name, List<string> path)
        {
            if (!pending.TryGetValue(name, out var expression) || state.GetValueOrDefault(name) == 2) return;
            if (state.GetValueOrDefault(name) == 1)
            {
                var cycle = path.SkipWhile(p => p != name).Append(name);
                throw new FitConfigurationException($"the bound expressions form a cycle: {string.Join(" → ", cycle)}");
            }
            state[name] = 1;
            path.Add(name);
            foreach (var dependency in expression.Names) Visit(dependency, path);
            path.RemoveAt(path.Count - 1);
            state[name] = 2;
            ordered.Add((name, expression));
        }
        foreach (var name in pending.Keys) Visit(name, []);
        return ordered;
    }
}
