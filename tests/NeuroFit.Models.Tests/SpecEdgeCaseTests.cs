using NeuroFit.Models.Analysis;
using NeuroFit.Models.Syntax;
using NeuroFit.Models.Text;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Tests;

/// <summary>annarchy-dsl.md §10 items 1–15 (syntax and checks). Numerical items 16–31 belong to the engine.</summary>
public class SpecEdgeCaseTests
{
    private const string Parameters = "a = 2.0\nx = 4.0\nk = 3 : int\nflag = True\ng = 1.0 : population";

    /// <summary>Analyses a rate model whose output is <c>r = expression</c>.</summary>
    private static (AnalysedModel Model, Ex Value) Rate(string expression, string parameters = Parameters)
    {
        var model = new NeuronModel(parameters, "v = 0\nr = " + expression).Analyse();
        return (model, Assert.IsType<AssignStatement>(model.LocalStatements[^1]).Value);
    }

    private static double Eval(string expression, string parameters = Parameters)
    {
        var (model, value) = Rate(expression, parameters);
        return new ExEvaluator([.. model.Parameters.Select(p => p.Default)], new double[model.Variables.Length]).Evaluate(value);
    }

    // 1. ^ and ** are power; -a^2 == -(a^2); (-a)^2; x^0.5; x^(-1); right associativity.
    [Theory]
    [InlineData("-a^2", -4.0)]
    [InlineData("-a**2", -4.0)]
    [InlineData("(-a)^2", 4.0)]
    [InlineData("x^0.5", 2.0)]
    [InlineData("x^(-1)", 0.25)]
    [InlineData("x**-1", 0.25)]
    [InlineData("2^3^2", 512.0)]
    [InlineData("2**3**2", 512.0)]
    [InlineData("-2^-2", -0.25)]
    public void PowerBindsTighterThanUnaryMinusAndIsRightAssociative(string expression, double expected) =>
        Assert.Equal(expected, Eval(expression), 12);

    [Fact]
    public void CaretAndDoubleStarGiveTheSameTree()
    {
        var bag = new DiagnosticBag();
        Assert.True(SyntaxEquivalence.AreEquivalent(Parser.ParseExpression("-a^2 + b^c^d", bag), Parser.ParseExpression("-(a**2) + b**(c**d)", bag)));
        var (_, value) = Rate("-a^2");
        var negate = Assert.IsType<UnaryEx>(value);
        Assert.Equal(BinaryOp.Power, Assert.IsType<BinaryEx>(negate.Operand).Op);
    }

    // 2. Implicit multiplication is an error.
    [Theory]
    [InlineData("2v")]
    [InlineData("2 a")]
    [InlineData("a x")]
    [InlineData("2(a)")]
    [InlineData("(a)(x)")]
    public void ImplicitMultiplicationIsAnError(string expression) =>
        Assert.Equal("NF1003", Assert.Throws<ModelException>(() => Rate(expression)).First.Id);

    // 3. Scientific notation; integer literal division keeps C semantics with a warning.
    [Theory]
    [InlineData("1e-3", 0.001)]
    [InlineData("2.5E+2", 250.0)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("3.0/2", 1.5)]
    [InlineData("3/2.0", 1.5)]
    [InlineData("3/2", 1.0)]
    [InlineData("-7/2", -3.0)]
    [InlineData("k/2", 1.0)]
    [InlineData("a/2", 1.0)]
    public void NumbersAndDivision(string expression, double expected) => Assert.Equal(expected, Eval(expression), 12);

    [Fact]
    public void IntegerLiteralDivisionWarnsOnlyWhenItTruncates()
    {
        var (m, value) = Rate("3/2");
        Assert.Equal(ValueType.Int, value.Type);
        var warning = Assert.Single(m.Warnings);
        Assert.StartsWith("equations:2:6: warning NF2001:", warning);
        Assert.Empty(Rate("4/2").Model.Warnings);
        Assert.Empty(Rate("3.0/2").Model.Warnings);
        Assert.Empty(Rate("k/2").Model.Warnings);
        Assert.Single(Rate("1/2*a").Model.Warnings);
        Assert.Equal(0.0, Eval("1/2*a"));
    }

    // 4. True/False make a parameter bool; r = if flag: 1 else: 0.
    [Fact]
    public void BoolParametersAndConditionalOnThem()
    {
        var (m, _) = Rate("if flag: 1 else: 0", "flag = True\noff = false\nn = 1 : bool");
        Assert.Equal([ValueType.Bool, ValueType.Bool, ValueType.Bool], m.Parameters.Select(p => p.Type));
        Assert.Equal([1.0, 0.0, 1.0], m.Parameters.Select(p => p.Default));
        Assert.Equal(1.0, Eval("if flag: 1 else: 0", "flag = True"));
        Assert.Equal(0.0, Eval("if flag: 1 else: 0", "flag = False"));
    }

    // 5. and/or/not with parenthesised comparisons; without parentheses accepted (deviation from ANNarchy's error).
    [Fact]
    public void LogicalOperatorsBindBelowComparisons()
    {
        var bag = new DiagnosticBag();
        var bare = Parser.ParseExpression("v > 1 and a > 0 or not x < 2", bag);
        var explicitly = Parser.ParseExpression("((v > 1) and (a > 0)) or (not (x < 2))", bag);
        Assert.True(SyntaxEquivalence.AreEquivalent(bare, explicitly));
        Assert.True(SyntaxEquivalence.AreEquivalent(Parser.ParseExpression("(v > 1) & (a > 0) | (x < 2)", bag), Parser.ParseExpression("v > 1 and a > 0 or x < 2", bag)));
        Assert.True(SyntaxEquivalence.AreEquivalent(Parser.ParseExpression("a is not x", bag), Parser.ParseExpression("a != x", bag)));
        Assert.False(bag.HasErrors);
        Assert.Equal(1.0, Eval("(a > 1) and (x > 3)"));
        Assert.Equal(0.0, Eval("a > 1 and not x > 3"));
        Assert.Equal(ValueType.Bool, Rate("a > 1 or x > 3").Value.Type);
    }

    // 6. == and != in spike conditions (exact float equality).
    [Theory]
    [InlineData("v == 3.0", BinaryOp.Equal)]
    [InlineData("v != 3.0", BinaryOp.NotEqual)]
    [InlineData("v is 3.0", BinaryOp.Equal)]
    public void EqualityInSpikeCondition(string spike, BinaryOp op)
    {
        var m = new NeuronModel("", "v = v + 1", spike, "v = 1").Analyse();
        Assert.Equal(op, Assert.IsType<BinaryEx>(m.Spike).Op);
    }

    // 7. Conditionals: then is an error; nested; multi-line; flags after; ite() inside expressions.
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(3.0, 2.0)]
    public void NestedConditionals(double a, double expected)
    {
        var parameters = $"a = {a:0.0}";
        Assert.Equal(expected, Eval("if a > 0.5: if a > 2: 2.0 else: 1.0 else: 0.0", parameters));
        Assert.Equal(expected, Eval("if a > 0.5:\n    if a > 2:\n        2.0\n    else:\n        1.0\nelse:\n    0.0", parameters));
        Assert.Equal(expected, Eval("ite(a > 0.5, ite(a > 2, 2.0, 1.0), 0.0)", parameters));
    }

    [Fact]
    public void MultiLineConditionalWithFlagsAfterIt()
    {
        var m = new NeuronModel("x = 1.0", "r = if x > 0:\n        1.0\n    else:\n        -1.0 : min = 0, max = 0.5").Analyse();
        var r = m.Variables.Single();
        Assert.Equal(new ConstEx(0, ValueType.Int), r.Min);
        Assert.Equal(new ConstEx(0.5, ValueType.Float), r.Max);
        Assert.IsType<ConditionalEx>(Assert.IsType<AssignStatement>(m.LocalStatements[0]).Value);
        Assert.Equal(3.0, Eval("1 + ite(a > 1, 2, 0)"));
        Assert.Equal("NF1009", Assert.Throws<ModelException>(() => Rate("if a > 0 then 1 else 0")).First.Id);
    }

    // 8. Comments, ';' separators, blank lines, continuation lines.
    [Fact]
    public void CommentsSeparatorsBlankLinesAndContinuations()
    {
        var m = new NeuronModel(
            "# parameters\n\n a = 1.0 # first\n b = 2.0; c = 3.0\n",
            "\n# the state\nx = a +\n    b   # continued\n\n    + c ; y = x\nr = y",
            Name: "layout").Analyse();
        Assert.Equal(["a", "b", "c"], m.Parameters.Select(p => p.Name));
        Assert.Equal(["x", "y", "r"], m.Variables.Select(v => v.Name));
        Assert.Equal("a + b + c", ExFormatter.Format(Assert.IsType<AssignStatement>(m.LocalStatements[0]).Value, m));
        var reset = new NeuronModel("c = 0.0\nd = 1.0", "v = 0\nu = 0", "v > 1", "v = c; u += d").Analyse().Reset;
        Assert.Equal(2, reset.Length);
    }

    // 9. Flags: init number / parameter / expression / distribution; min/max; unknown flags; population.
    [Fact]
    public void InitMinMaxAndPopulationFlags()
    {
        var m = new NeuronModel(
            "b = 0.2\nc = -65.0\nvmin = -90.0\nmu = 0.0 : population",
            """
            dv/dt = -v : init = -65.0, min = vmin, max = -vmin/3
            du/dt = -u : init = b*c
            dw/dt = -w : init = c
            dn/dt = -n : init = Uniform(0, 1)
            dm/dt = -m + mu : population, init = 1
            """,
            "v > 0").Analyse();
        Assert.Equal(new ConstEx(-65.0, ValueType.Float), m.Variables[0].Init);
        Assert.Equal("vmin", ExFormatter.Format(m.Variables[0].Min!, m));
        Assert.Equal("-vmin / 3", ExFormatter.Format(m.Variables[0].Max!, m));
        Assert.Equal("b * c", ExFormatter.Format(m.Variables[1].Init, m));
        Assert.Equal(new ParameterEx(1, ValueType.Float), m.Variables[2].Init);
        Assert.Equal(new RandomEx(0, DistributionKind.Uniform, [new ConstEx(0, ValueType.Int), new ConstEx(1, ValueType.Int)]).Distribution,
            Assert.IsType<RandomEx>(m.Variables[3].Init).Distribution);
        Assert.Equal(1, m.RandomStreamCount);
        Assert.Equal(Locality.Global, m.Variables[4].Locality);
        var global = Assert.IsType<OdeBlock>(Assert.Single(m.GlobalStatements));
        Assert.Equal(4, global.Odes.Single().Variable);
        Assert.Equal("NF1014", Assert.Throws<ModelException>(() => new NeuronModel("", "dv/dt = -v : volt\nr = v").Analyse()).First.Id);
        Assert.Equal("NF1014", Assert.Throws<ModelException>(() => new NeuronModel("", "dv/dt = -v : init = 1, volt\nr = v").Analyse()).First.Id);
        Assert.Single(new NeuronModel("", "dv/dt = -v : unless_refractory\nr = v").Analyse().Warnings);
    }

    // 10. String parameters are local by default; ': population' makes them global (dict form: ModelFileTests).
    [Fact]
    public void StringParametersAreLocalByDefault()
    {
        var m = new NeuronModel("tau = 10.0\nT = 0.0 : population\nn = 3 : int, population", "r = tau").Analyse();
        Assert.Equal([Locality.Local, Locality.Global, Locality.Global], m.Parameters.Select(p => p.Locality));
        Assert.Equal(ValueType.Int, m.Parameters[2].Type);
        Assert.Equal(ValueType.Float, m.Parameters[0].Type);
    }

    // 11. Undeclared identifiers are errors up front.
    [Fact]
    public void UndeclaredIdentifierIsAnError()
    {
        var e = Assert.Throws<ModelException>(() => Rate("a + undefined_thing"));
        Assert.Equal(("NF1101", 2, 9), (e.First.Id, e.First.Line, e.First.Column));
    }

    // 12. Reserved names, r rules, duplicates, parentheses, two '=', multi-statement spike.
    [Theory]
    [InlineData("pos = 1.0", "r = 1", null, "NF1102")]
    [InlineData("clip = 1.0", "r = 1", null, "NF1102")]
    [InlineData("", "dv/dt = -v\nr = v", "v > 1", "NF1115")]
    [InlineData("", "dv/dt = -v", null, "NF1116")]
    [InlineData("a = 1.0", "a = 2\nr = a", null, "NF1103")]
    [InlineData("", "r = (1 + 2", null, "NF1004")]
    [InlineData("", "r = 1 + 2)", null, "NF1005")]
    [InlineData("", "r = x = 2", null, "NF1007")]
    [InlineData("", "v = 1", "v > 1\nv < 2", "NF1117")]
    public void StructuralChecks(string parameters, string equations, string? spike, string id) =>
        Assert.Equal(id, Assert.Throws<ModelException>(() => new NeuronModel(parameters, equations, spike).Analyse()).First.Id);

    // 13. max(a, b) is fmax; max(v)/mean(v) with one local variable are population reductions.
    [Fact]
    public void MaxMinAndGlobalOperations()
    {
        var m = new NeuronModel("a = 1.0", "v = a\nr = max(a, v) + max(v) + min(v) + mean(v) + norm1(v) + norm2(v) + Max(a, 2, 3)").Analyse();
        var nodes = ExMath.Nodes(Assert.IsType<AssignStatement>(m.LocalStatements[1]).Value).ToList();
        Assert.Equal([MathFunction.Max, MathFunction.Max], nodes.OfType<CallEx>().Select(c => c.Function));
        Assert.Equal([GlobalOpKind.Max, GlobalOpKind.Min, GlobalOpKind.Mean, GlobalOpKind.Norm1, GlobalOpKind.Norm2], nodes.OfType<GlobalOpEx>().Select(g => g.Op));
        Assert.All(nodes.OfType<GlobalOpEx>(), g => Assert.Equal(0, g.Variable));
        Assert.Equal("NF1114", Assert.Throws<ModelException>(() => Rate("max(g)")).First.Id);
    }

    // 14. modulo truncates to integers; % is fmod.
    [Fact]
    public void ModuloAndRemainder()
    {
        var (_, modulo) = Rate("modulo(7.9, 3)");
        Assert.Equal(MathFunction.IntModulo, Assert.IsType<CallEx>(modulo).Function);
        Assert.Equal(ValueType.Int, modulo.Type);
        Assert.Equal(1.0, Eval("modulo(7.9, 3)"));
        Assert.Equal(BinaryOp.Modulo, Assert.IsType<BinaryEx>(Rate("7.9 % 3").Value).Op);
        Assert.Equal(7.9 % 3, Eval("7.9 % 3"), 15);
        Assert.Equal(-1.9, Eval("-7.9 % 3"), 12);
    }

    // 15. Distribution arguments: literals and global parameters; local ones and wrong arity are errors.
    [Fact]
    public void RandomDistributionArguments()
    {
        var (m, value) = Rate("Normal(0, g) + Uniform(-1, 1) + Exponential(2.0) + Gamma(2, g) + Binomial(10, 0.5) + LogNormal(0, 1) + DiscreteUniform(1, 6)");
        Assert.Equal(7, m.RandomStreamCount);
        Assert.Equal(Enumerable.Range(0, 7), ExMath.Nodes(value).OfType<RandomEx>().Select(r => r.Stream).Order());
        Assert.Equal("NF1113", Assert.Throws<ModelException>(() => Rate("Normal(0, a)")).First.Id);
        Assert.Equal("NF1112", Assert.Throws<ModelException>(() => Rate("Uniform(0)")).First.Id);
        Assert.Equal("NF1112", Assert.Throws<ModelException>(() => Rate("Exponential(1, 2)")).First.Id);
    }

    [Fact]
    public void RandomStreamsNumberEveryTextualOccurrenceIncludingInitDraws()
    {
        var m = new NeuronModel("", "x = Normal(0, 1) + Normal(0, 1) : init = Uniform(0, 1)\nr = Uniform(0, 1)").Analyse();
        Assert.Equal(4, m.RandomStreamCount);
        Assert.Equal([0, 1], ExMath.Nodes(Assert.IsType<AssignStatement>(m.LocalStatements[0]).Value).OfType<RandomEx>().Select(r => r.Stream));
        Assert.Equal(2, Assert.IsType<RandomEx>(m.Variables[0].Init).Stream);
        Assert.Equal(3, Assert.IsType<RandomEx>(Assert.IsType<AssignStatement>(m.LocalStatements[1]).Value).Stream);
    }

    [Fact]
    public void BuiltinSymbolsConstantsAndInputs()
    {
        var (m, value) = Rate("t + dt + t_last + pi + E + sum(exc) + sum()");
        var nodes = ExMath.Nodes(value).ToList();
        Assert.Equal([BuiltinSymbol.Time, BuiltinSymbol.Dt, BuiltinSymbol.LastSpikeTime], nodes.OfType<BuiltinEx>().Select(b => b.Symbol));
        Assert.Contains(new ConstEx(Math.PI, ValueType.Float), nodes);
        Assert.Contains(new ConstEx(Math.E, ValueType.Float), nodes);
        Assert.Equal(["exc", ""], m.Inputs.ToArray());
        Assert.Equal(5.0, Eval("E", "E = 5.0"));
    }

    [Fact]
    public void UserFunctionsAreInlined()
    {
        var m = new NeuronModel("a = 2.0", "r = sigmoid(a) + f2(a, 1.0)",
            Functions: "sigmoid(x) = 1.0/(1.0 + exp(-x))\nf2(x, y) = if x > y: x else: y : float, float, float").Analyse();
        var value = Assert.IsType<AssignStatement>(m.LocalStatements[0]).Value;
        Assert.DoesNotContain(ExMath.Nodes(value), n => n is DerivativeEx);
        Assert.Equal(1.0 / (1.0 + Math.Exp(-2.0)) + 2.0, new ExEvaluator([2.0], [0]).Evaluate(value), 12);
    }

    [Fact]
    public void RefractoryAsNumberOrName()
    {
        Assert.Equal(new ConstEx(5, ValueType.Float), DiagnosticCorpusTests.With("refractory", "5").Analyse().RefractoryMs);
        Assert.Equal(new ParameterEx(0, ValueType.Float), DiagnosticCorpusTests.With("refractory", "tau").Analyse().RefractoryMs);
        var rate = new NeuronModel("", "r = 1", Refractory: "2.0").Analyse();
        Assert.Null(rate.RefractoryMs);
        Assert.Contains("NF2002", Assert.Single(rate.Warnings));
    }

    [Fact]
    public void ResetOnARateNeuronIsIgnoredWithAWarningButStillChecked()
    {
        var rate = new NeuronModel("", "dv/dt = -v\nr = v", Reset: "v = 0").Analyse();
        Assert.Empty(rate.Reset);
        var warning = Assert.Single(rate.Warnings);
        Assert.StartsWith("reset:1:1: warning NF2004:", warning);
        var e = Assert.Throws<ModelException>(() => new NeuronModel("", "dv/dt = -v\nr = v", Reset: "v = w").Analyse());
        Assert.Equal("NF1101", e.First.Id);
        Assert.Empty(new NeuronModel("", "dv/dt = -v", "v > 1", Reset: "v = 0").Analyse().Warnings); // spiking: no warning
    }

    [Fact]
    public void HiddenConductancesForUndeclaredTargetsOnly()
    {
        var m = new NeuronModel("", "dv/dt = -v + g_exc + g_nmda\ntau*dg_exc/dt = -g_exc : init = 0\ntau = 5.0", "v > 1").Analyse();
        Assert.Equal(["v", "g_exc", "tau", "g_nmda", "r"], m.Variables.Select(v => v.Name));
        Assert.Equal(VariableKind.Ode, m.Variables[1].Kind);
        Assert.Equal(VariableKind.Hidden, m.Variables[3].Kind);
        Assert.Equal(new AssignStatement(3, ExMath.Zero), m.LocalStatements[^1]);
    }
}
