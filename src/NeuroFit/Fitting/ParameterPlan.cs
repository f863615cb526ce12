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
    private readonly Dictionary<string, double> _fromModel;

    private ParameterPlan(IReadOnlyList<string> optimised, IReadOnlyList<RangeBound> ranges, Dictionary<string, double> constants,
        List<(string, IBoundExpression)> expressions, IReadOnlyList<string> allNames, IReadOnlyList<string> helpers, Dictionary<string, double> fromModel)
    {
        Optimised = optimised;
        Ranges = ranges;
        _constants = constants;
        _expressions = expressions;
        _fromModel = fromModel;
        AllNames = allNames;
        Helpers = helpers;
        ModelAttributes = [.. allNames.Where(n => !helpers.Contains(n))];
    }

    /// <summary>Names of the optimised entries, in bounds order.</summary>
    public IReadOnlyList<string> Optimised { get; }

    /// <summary>Ranges of the optimised entries.</summary>
    public IReadOnlyList<RangeBound> Ranges { get; }

    /// <summary>Every entry name, in bounds order.</summary>
    public IReadOnlyList<string> AllNames { get; }

    /// <summary>Entries that are not attributes of the model and that expressions use (e.g. <c>dv</c> in <c>v_t = "v_r + dv"</c>): resolved, never set on the model.</summary>
    public IReadOnlyList<string> Helpers { get; }

    /// <summary>The entries set on the model for every candidate: <see cref="AllNames"/> without <see cref="Helpers"/>.</summary>
    public IReadOnlyList<string> ModelAttributes { get; }

    /// <summary>What a user should know about the bounds: helpers, and model values that expressions read.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            var notes = new List<string>();
            if (Helpers.Count > 0)
                notes.Add($"{Quoted(Helpers)} {(Helpers.Count > 1 ? "are" : "is")} not {(Helpers.Count > 1 ? "attributes" : "an attribute")} of the model: " +
                    "used only by the bound expressions, never set on the model");
            if (_fromModel.Count > 0)
                notes.Add("bound expressions read the model's own value of " +
                    string.Join(", ", _fromModel.Select(p => $"'{p.Key}' ({p.Value.ToString("G", System.Globalization.CultureInfo.InvariantCulture)})")) +
                    ", which the bounds do not give");
            return notes;
        }
    }

    /// <summary>
    /// Checks <paramref name="bounds"/> against the model and orders the expressions. An entry may be a model attribute
    /// or a helper that an expression uses; an expression may read other entries and the model's parameters
    /// (<paramref name="modelParameters"/>, their values in the model). Unknown names, expressions reading unknown
    /// names, and cycles are <see cref="FitConfigurationException"/>s.
    /// </summary>
    public static ParameterPlan Create(VariablesBounds bounds, IReadOnlyCollection<string> modelAttributes,
        IReadOnlyDictionary<string, double> modelParameters, Func<string, IBoundExpression> compile)
    {
        var names = bounds.Select(b => b.Key).ToList();
        var optimised = new List<string>();
        var ranges = new List<RangeBound>();
        var constants = new Dictionary<string, double>();
        var pending = new Dictionary<string, IBoundExpression>();
        var fromModel = new Dictionary<string, double>();
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
                    var missing = new List<string>();
                    foreach (var used in compiled.Names.Where(n => !names.Contains(n)))
                    {
                        if (modelParameters.TryGetValue(used, out var value)) fromModel[used] = value;
                        else missing.Add(used);
                    }
                    if (missing.Count > 0)
                        throw new FitConfigurationException(
                            $"'{name}' = \"{expression.Expression}\" uses {Quoted(missing)}, which {(missing.Count > 1 ? "are" : "is")} neither in the bounds nor a parameter of the model; " +
                            "an expression may use other entries of the bounds and the model's parameters");
                    pending[name] = compiled;
                    break;
            }
        }
        var usedByExpressions = pending.Values.SelectMany(e => e.Names).ToHashSet();
        var unknown = names.Where(n => !modelAttributes.Contains(n) && !usedByExpressions.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new FitConfigurationException(
                $"the neuron model has no attribute{(unknown.Count > 1 ? "s" : "")} {Quoted(unknown)}; " +
                $"its parameters and variables are: {string.Join(", ", modelAttributes)} (an entry that is not one of them must be used by a bound expression)");
        var ordered = Order(pending); // a cycle is the clearer message when it is also why nothing is optimised
        if (optimised.Count == 0) throw new FitConfigurationException("nothing to optimise: give at least one entry a range [lo, hi]");
        var helpers = names.Where(n => !modelAttributes.Contains(n)).ToList();
        return new ParameterPlan(optimised, ranges, constants, ordered, names, helpers, fromModel);
    }

    /// <summary>All entries for one candidate (<paramref name="optimisedValues"/> in <see cref="Optimised"/> order).</summary>
    public Dictionary<string, double> Resolve(IReadOnlyList<double> optimisedValues)
    {
        var values = new Dictionary<string, double>(_constants);
        foreach (var (name, value) in _fromModel) values[name] = value;
        for (var i = 0; i < Optimised.Count; i++) values[Optimised[i]] = optimisedValues[i];
        foreach (var (name, expression) in _expressions) values[name] = expression.Evaluate(values);
        foreach (var name in _fromModel.Keys) values.Remove(name);
        return values;
    }

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));

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
