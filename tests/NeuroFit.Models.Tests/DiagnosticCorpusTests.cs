namespace NeuroFit.Models.Tests;

/// <summary>
/// Malformed models, each with the expected diagnostic id and 1-based line/column inside the named block.
/// The rest of the model is a small valid spiking neuron, so each case has exactly one mistake.
/// </summary>
public class DiagnosticCorpusTests
{
    private const string Parameters = "tau = 10.0\nthreshold = 1.0\nmu = 0.0 : population";
    private const string Equations = "dv/dt = -v/tau";

    internal static NeuronModel With(string block, string text) => block switch
    {
        "parameters" => new NeuronModel(text, Equations, "v > threshold", "v = 0"),
        "equations" => new NeuronModel(Parameters, text, "v > threshold", "v = 0"),
        "rate" => new NeuronModel(Parameters, text),
        "spike" => new NeuronModel(Parameters, Equations, text, "v = 0"),
        "reset" => new NeuronModel(Parameters, Equations, "v > threshold", text),
        "refractory" => new NeuronModel(Parameters, Equations, "v > threshold", "v = 0", Refractory: text),
        "functions" => new NeuronModel(Parameters, Equations + "\nx = f(v)", "v > threshold", "v = 0", Functions: text),
        _ => throw new ArgumentException(block),
    };

    [Theory]
    // Syntax
    [InlineData("equations", "dv/dt = 2v", "NF1003", 1, 10)]
    [InlineData("equations", "dv/dt = 2 v", "NF1003", 1, 11)]
    [InlineData("equations", "dv/dt = (v)(v)", "NF1003", 1, 12)]
    [InlineData("equations", "dv/dt = (v + 1", "NF1004", 1, 9)]
    [InlineData("equations", "dv/dt = exp(v + 1", "NF1004", 1, 12)]
    [InlineData("equations", "dv/dt = v + 1)", "NF1005", 1, 14)]
    [InlineData("equations", "dv/dt = -v/tau\nx = v = 1", "NF1007", 2, 7)]
    [InlineData("equations", "dv/dt = -v/tau\nx = 1\n  y += 2 = 3", "NF1007", 3, 10)]
    [InlineData("equations", "dv/dt = v $ 2", "NF1001", 1, 11)]
    [InlineData("equations", "dv/dt = v ! 2", "NF1001", 1, 11)]
    [InlineData("equations", "dv/dt = ", "NF1006", 1, 8)]
    [InlineData("equations", "dv/dt = * v", "NF1006", 1, 9)]
    [InlineData("equations", "dv/dt = -v/tau\nx = v +", "NF1006", 2, 8)]
    [InlineData("equations", "dv/dt = -v/tau\nx = if v > 0 then 1 else 0", "NF1009", 2, 14)]
    [InlineData("equations", "dv/dt = -v/tau\nx = if v > 0: 1", "NF1010", 2, 16)]
    [InlineData("equations", "dv/dt = -v/tau\nx = if v > 0: 1 else 0", "NF1009", 2, 22)]
    [InlineData("equations", "dv/dt = -v/tau\nx = 1 + if v > 0: 1 else: 0", "NF1009", 2, 9)]
    [InlineData("equations", "dv/dt = -v/tau\nx = 0 < v < 1", "NF1011", 2, 11)]
    [InlineData("equations", "v + 1", "NF1012", 1, 1)]
    [InlineData("equations", "dv/dt = -v : init", "NF1013", 1, 14)]
    [InlineData("equations", "dv/dt = -v : , init = 0", "NF1013", 1, 14)]
    [InlineData("equations", "dv/dt = -v : population = 1", "NF1013", 1, 14)]
    [InlineData("equations", "dv/dt = -v : volt", "NF1014", 1, 14)]
    [InlineData("equations", "dv/dt = -v : init = 1, volt", "NF1014", 1, 24)]
    [InlineData("equations", "dv/dt = -v/tau\nx = 1e999", "NF1002", 2, 5)]
    // Names and declarations
    [InlineData("equations", "dv/dt = -v/tau + w", "NF1101", 1, 18)]
    [InlineData("equations", "dv/dt = -v/tua", "NF1101", 1, 12)]
    [InlineData("refractory", "tua", "NF1101", 1, 1)]
    [InlineData("reset", "w = 1", "NF1101", 1, 1)]
    [InlineData("parameters", "pos = 1.0", "NF1102", 1, 1)]
    [InlineData("equations", "dv/dt = -v/tau\nclip = v", "NF1102", 2, 1)]
    [InlineData("equations", "dv/dt = -v/tau\nt = 1", "NF1102", 2, 1)]
    [InlineData("functions", "exp(x) = x", "NF1102", 1, 1)]
    [InlineData("equations", "dv/dt = -v/tau\nv = 1", "NF1103", 2, 1)]
    [InlineData("equations", "dv/dt = -v/tau\ndv/dt = v", "NF1103", 2, 2)]
    [InlineData("parameters", "tau = 1.0\ntau = 2.0\nthreshold = 1.0", "NF1103", 2, 1)]
    [InlineData("equations", "dv/dt = -v/tau\ntau = 5", "NF1103", 2, 1)]
    [InlineData("equations", "dv/dt = -v/tau\nx + 1 = v", "NF1104", 2, 1)]
    [InlineData("equations", "dv/dt += v", "NF1104", 1, 7)]
    [InlineData("reset", "v + 1 = 0", "NF1104", 1, 1)]
    [InlineData("equations", "dv/dt = du/dt", "NF1105", 1, 9)]
    // ODE analysis
    [InlineData("equations", "dv/dt * dv/dt = 1", "NF1106", 1, 1)]
    [InlineData("equations", "dv/dt = exp(dv/dt)", "NF1106", 1, 1)]
    [InlineData("equations", "0*dv/dt = -v", "NF1106", 1, 3)]
    [InlineData("equations", "x = 1\ndv/dt - dv/dt = -v", "NF1106", 2, 1)]
    [InlineData("equations", "tau*dv/dt = tau*dv/dt - v", "NF1106", 1, 5)]
    [InlineData("equations", "tau*dv/dt = -v*v : exponential", "NF1107", 1, 20)]
    [InlineData("equations", "dv/dt = -v/tau\ntau*dw/dt = exp(w) : semiimplicit", "NF1107", 2, 22)]
    [InlineData("equations", "dv/dt = 1/v : implicit", "NF1107", 1, 15)]
    [InlineData("equations", "dv/dt = -v : implicit\ndw/dt = -w : midpoint", "NF1108", 2, 14)]
    [InlineData("equations", "dv/dt = -v : event-driven", "NF1109", 1, 14)]
    [InlineData("equations", "dv/dt = -v : exact", "NF1109", 1, 14)]
    [InlineData("equations", "dv/dt = -v : postsynaptic", "NF1110", 1, 14)]
    // Calls
    [InlineData("equations", "dv/dt = -v + foo(v)", "NF1111", 1, 14)]
    [InlineData("equations", "dv/dt = -v + tau(v)", "NF1111", 1, 14)]
    [InlineData("equations", "dv/dt = -v + exp(v, 1)", "NF1112", 1, 14)]
    [InlineData("equations", "dv/dt = -v + Normal(0)", "NF1112", 1, 14)]
    [InlineData("equations", "dv/dt = -v : init = Uniform(0, 1, 2)", "NF1112", 1, 21)]
    [InlineData("equations", "dv/dt = -v/tau\nx = ite(v, 1)", "NF1112", 2, 5)]
    [InlineData("equations", "dv/dt = -v/tau\nx = sum(1)", "NF1112", 2, 5)]
    [InlineData("rate", "dv/dt = -v/tau : init = sum(exc)\nr = v", "NF1124", 1, 25)] // these three were NF1119 (the spike-block id)
    [InlineData("rate", "dv/dt = -v/tau : max = sum()\nr = v", "NF1124", 1, 24)]
    [InlineData("functions", "f(x) = x + sum(exc)", "NF1127", 1, 12)]
    [InlineData("equations", "dv/dt = -v + Normal(0, tau)", "NF1113", 1, 24)]
    [InlineData("equations", "dv/dt = -v + Normal(v, 1)", "NF1113", 1, 21)]
    [InlineData("equations", "dv/dt = -v + Exponential(0)", "NF1113", 1, 26)]
    [InlineData("equations", "dv/dt = -v + Gamma(-1, 1)", "NF1113", 1, 20)]
    [InlineData("equations", "dv/dt = -v + Gamma(2, 0)", "NF1113", 1, 23)]
    [InlineData("equations", "dv/dt = -v + Normal(0, -1)", "NF1113", 1, 24)]
    [InlineData("equations", "dv/dt = -v : init = Uniform(2, 1)", "NF1113", 1, 32)]
    [InlineData("equations", "dv/dt = -v + Binomial(10, 1.5)", "NF1113", 1, 27)]
    [InlineData("equations", "dv/dt = -v/tau\nx = mean(tau)", "NF1114", 2, 10)]
    [InlineData("equations", "dv/dt = -v/tau\nx = max(1)", "NF1114", 2, 9)]
    // Neuron kind, spike, reset, refractory
    [InlineData("equations", "dv/dt = -v/tau\nr = v", "NF1115", 2, 1)]
    [InlineData("rate", "dv/dt = -v/tau", "NF1116", 1, 1)]
    [InlineData("spike", "v > 1; v < 3", "NF1117", 1, 8)]
    [InlineData("spike", "v > 1\nv < 3", "NF1117", 2, 1)]
    [InlineData("reset", "v = if v > 1: 0 else: 1", "NF1118", 1, 5)]
    [InlineData("spike", "v = 1", "NF1119", 1, 3)]
    [InlineData("spike", "# no condition", "NF1119", 1, 1)]
    [InlineData("refractory", "2 * tau", "NF1120", 1, 1)]
    [InlineData("refractory", "t", "NF1120", 1, 1)]
    [InlineData("parameters", "tau = 10.0\nthreshold", "NF1012", 2, 1)]
    [InlineData("parameters", "tau = 2 * 5\nthreshold = 1.0", "NF1121", 1, 7)]
    [InlineData("parameters", "tau = 2.5 : int\nthreshold = 1.0", "NF1121", 1, 7)]
    [InlineData("parameters", "tau += 2\nthreshold = 1.0", "NF1121", 1, 5)]
    [InlineData("parameters", "tau = 10.0 : exponential\nthreshold = 1.0", "NF1122", 1, 14)]
    [InlineData("equations", "dv/dt = -v/tau\nx = v : implicit", "NF1122", 2, 9)]
    [InlineData("spike", "v > 1 : population", "NF1122", 1, 9)]
    [InlineData("equations", "dv/dt = -v : exponential, explicit", "NF1123", 1, 27)]
    [InlineData("equations", "dv/dt = -v : init = 1, init = 2", "NF1123", 1, 24)]
    [InlineData("equations", "dv/dt = -v : init = v", "NF1124", 1, 21)]
    [InlineData("equations", "dv/dt = -v : init = t", "NF1124", 1, 21)]
    [InlineData("spike", "dv/dt > 1", "NF1125", 1, 1)]
    [InlineData("reset", "v = dv/dt", "NF1125", 1, 5)]
    // Functions
    [InlineData("functions", "f(1) = 2", "NF1126", 1, 3)]
    [InlineData("functions", "f(x, x) = x", "NF1126", 1, 6)]
    [InlineData("functions", "f(x) = x : float", "NF1126", 1, 12)]
    [InlineData("functions", "f(x) = x + tau", "NF1127", 1, 12)]
    [InlineData("functions", "f(x) = f(x)", "NF1128", 1, 8)]
    [InlineData("functions", "f(x) = g(x)\ng(x) = f(x)", "NF1128", 2, 8)]
    [InlineData("functions", "f(x) = Normal(0, 1) * x", "NF1129", 1, 8)]
    [InlineData("equations", "dv/dt = -v : min = Uniform(0, 1)", "NF1129", 1, 20)]
    [InlineData("equations", "dv/dt = -v/tau\nm = v : population", "NF1130", 2, 1)]
    [InlineData("reset", "tau = 1", "NF1132", 1, 1)]
    [InlineData("reset", "v = 0\nt = 0", "NF1132", 2, 1)]
    [InlineData("reset", "v = 0; dt = 1", "NF1132", 1, 8)]
    [InlineData("reset", "t_last += 1", "NF1132", 1, 1)]
    [InlineData("reset", "pi = 3", "NF1132", 1, 1)]
    public void ReportsIdLineAndColumn(string block, string text, string id, int line, int column)
    {
        var model = With(block, text);
        var e = Assert.Throws<ModelException>(() => model.Analyse());
        var d = e.First;
        Assert.True((id, block == "rate" ? "equations" : block, line, column) == (d.Id, d.Block, d.Line, d.Column),
            $"expected {id} at {block}:{line}:{column}, got {d}");
        Assert.Contains($":{line}:{column}: error {id}: ", e.Message);
        Assert.Contains("^", e.Message);
    }

    [Fact]
    public void MessageShowsTheLineWithACaretUnderTheColumn()
    {
        var e = Assert.Throws<ModelException>(() => With("equations", "dv/dt = -v/tau\nx = 2v").Analyse());
        var lines = e.Message.Split('\n');
        Assert.Equal("equations:2:6: error NF1003: missing operator between '2' and 'v'; implicit multiplication is not allowed, write '*' explicitly", lines[0]);
        Assert.Equal("    x = 2v", lines[1]);
        Assert.Equal("         ^", lines[2]);
    }

    [Fact]
    public void SeveralMistakesAreAllReported()
    {
        var e = Assert.Throws<ModelException>(() => With("equations", "dv/dt = -v/tau + a\nx = b + 1\ny = c").Analyse());
        Assert.Equal([(1, 18), (2, 5), (3, 5)], e.Diagnostics.Select(d => (d.Line, d.Column)));
        Assert.All(e.Diagnostics, d => Assert.Equal("NF1101", d.Id));
        Assert.Contains("(2 more errors)", e.Message);
    }

    [Fact]
    public void ResetOfABuiltinSymbolIsAnErrorNotADroppedStatement()
    {
        // 't = 0' in reset used to be accepted and silently left out of the reset list
        var e = Assert.Throws<ModelException>(() => With("reset", "v = 0\nt = 0").Analyse());
        Assert.Equal("NF1132", Assert.Single(e.Diagnostics).Id);
        Assert.Contains("'t' is a built-in symbol", e.Message);
        // an attribute named like a constant is still assignable
        var model = new NeuronModel(Parameters, Equations + "\npi = 0", "v > threshold", "v = 0; pi = 3").Analyse();
        Assert.Equal(2, model.Reset.Length);
    }

    [Theory]
    [InlineData("m = t_last : population", "t_last")]
    [InlineData("m = sum(exc) : population\nr = v", "sum()")]
    public void AGlobalVariableReadingTLastOrAnInputIsNotToldToMakeItGlobal(string equation, string culprit)
    {
        // the hint said "make 't_last' global (': population') or use mean(t_last)", both impossible
        var e = Assert.Throws<ModelException>(() => new NeuronModel(Parameters, Equations + "\n" + equation, equation.Contains("sum") ? null : "v > threshold").Analyse());
        Assert.Equal("NF1130", e.First.Id);
        Assert.Contains($"'{culprit}' has one value per neuron: read it in a per-neuron variable", e.Message);
        Assert.DoesNotContain("mean(", e.Message);
    }

    [Theory]
    [InlineData("dv/dt = -v\u00a0+ 1", "U+00A0", 11)] // no-break space, as copied from a web page
    [InlineData("dv/dt = -v\u200b+ 1", "U+200B", 11)] // zero-width space
    [InlineData("dv/dt = -v\u2028+ 1", "U+2028", 11)] // line separator
    [InlineData("dv/dt = -v\u0000+ 1", "U+0000", 11)]
    public void AnInvisibleCharacterIsNamedByItsCodePoint(string equation, string shown, int column)
    {
        // it was quoted as itself: "unexpected character ' '" for a no-break space, "''" for a zero-width one
        var e = Assert.Throws<ModelException>(() => With("equations", equation).Analyse());
        Assert.Equal(("NF1001", 1, column), (e.First.Id, e.First.Line, e.First.Column));
        Assert.StartsWith($"equations:1:{column}: error NF1001: unexpected character {shown}; replace it with a plain space", e.Message);
        Assert.Contains("'τ'", Assert.Throws<ModelException>(() => With("equations", "dv/dt = -τ").Analyse()).Message);
    }

    [Fact]
    public void ASumOfTooManyTermsIsToldSoNotThatItIsNestedTooDeeply()
    {
        var ok = string.Join(" + ", Enumerable.Repeat("v", 100));
        Assert.NotNull(With("equations", $"dv/dt = -v\nx = {ok}").Analyse());
        var e = Assert.Throws<ModelException>(() => With("equations", $"dv/dt = -v\nx = {ok} - 1").Analyse());
        Assert.Equal(("NF1015", 2, 5), (e.First.Id, e.First.Line, e.First.Column));
        Assert.Contains("this sum or product has more than 100 terms", e.Message);
        var nested = Assert.Throws<ModelException>(() => With("equations", "x = " + new string('(', 150) + "1" + new string(')', 150)).Analyse());
        Assert.Contains("nested too deeply", nested.Message);
    }

    [Fact]
    public void APlainNameEqualToADerivativeIsToldHowToDivideByDt()
    {
        // 'dI/dt' is one token, the derivative of I: this was an ODE for I and the error was "unknown name 'y'"
        var e = Assert.Throws<ModelException>(() => new NeuronModel("dI = 2.0", "y = dI/dt\nr = y").Analyse());
        Assert.Equal(("NF1125", 1, 5), (e.First.Id, e.First.Line, e.First.Column));
        Assert.Contains("to divide 'dI' by dt write '(dI)/dt'", e.Message);
        var divided = new NeuronModel("dI = 2.0", "y = (dI)/dt\nr = y").Analyse();
        Assert.Equal(["y", "r"], divided.Variables.Select(v => v.Name));
        // a declared name on the left is still a (linear) ODE, as before
        Assert.Single(new NeuronModel("tau = 1.0", "v = -tau*dv/dt + 2\nr = v").Analyse().LocalStatements.OfType<NeuroFit.Models.Analysis.OdeBlock>());
        Assert.Single(new NeuronModel("tau = 1.0\nE = 2.0", "E = tau*dv/dt + v\nr = v").Analyse().LocalStatements.OfType<NeuroFit.Models.Analysis.OdeBlock>());
    }

    [Fact]
    public void AnIntParameterHoldsACInt()
    {
        // 3000000000 : int was accepted and computed as a double, where ANNarchy's C int cannot hold it
        var e = Assert.Throws<ModelException>(() => With("parameters", "tau = 10.0\nthreshold = 1.0\nn = 3000000000 : int").Analyse());
        Assert.Equal(("NF1121", 3, 5), (e.First.Id, e.First.Line, e.First.Column));
        Assert.Contains("C int", e.Message);
        var edge = With("parameters", "tau = 10.0\nthreshold = 1.0\nn = 2147483647 : int\nm = -2147483648 : int").Analyse();
        Assert.Equal([2147483647.0, -2147483648.0], edge.Parameters.Skip(2).Select(p => p.Default));
        var model = With("parameters", "tau = 10.0\nthreshold = 1.0\nn = 1 : int");
        Assert.Equal("NF1302", Assert.Throws<ModelException>(() => model.WithParameters(("n", 3e9))).First.Id);
        Assert.Equal(2147483647.0, model.WithParameters(("n", 2147483647)).Analyse().Parameters[2].Default);
    }

    [Fact]
    public void ResetOfAPopulationWideVariableIsReportedByTheAnalysis()
    {
        // 'neurofit check' said ok and the engine refused the model only when asked to simulate it
        var e = Assert.Throws<ModelException>(() => new NeuronModel(Parameters, Equations + "\nc = c : population", "v > threshold", "v = 0\nc += 1").Analyse());
        Assert.Equal(("NF1132", "reset", 2, 1), (e.First.Id, e.First.Block, e.First.Line, e.First.Column));
        Assert.Contains("'c' is population-wide", e.Message);
    }
}
