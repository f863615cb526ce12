using NeuroFit.Models.Analysis;

namespace NeuroFit.Models.Tests;

/// <summary>Blocks of simultaneous ODEs, coupled methods, and the global pass.</summary>
public class SchedulingTests
{
    private static string Shape(AnalysedModel m, IEnumerable<Statement> statements) => string.Join(" ; ", statements.Select(s => s switch
    {
        AssignStatement a => m.Variables[a.Variable].Name,
        OdeBlock b => "{" + string.Join(",", b.Odes.Select(o => m.Variables[o.Variable].Name)) + "}",
        _ => "?",
    }));

    [Fact]
    public void AnAssignmentBetweenTwoOdesSplitsTheBlock()
    {
        var together = new NeuronModel("a = 0.02", "dv/dt = -u\ndu/dt = a*v\nr = v").Analyse();
        Assert.Equal("{v,u} ; r", Shape(together, together.LocalStatements));
        var split = new NeuronModel("a = 0.02", "dv/dt = -u\nx = v\ndu/dt = a*v\nr = v").Analyse();
        Assert.Equal("{v} ; x ; {u} ; r", Shape(split, split.LocalStatements));
    }

    [Theory]
    [InlineData("midpoint")]
    [InlineData("rk4")]
    [InlineData("runge-kutta4")]
    public void CoupledMethodsJoinTheBlockOfTheFirstMember(string method)
    {
        var m = new NeuronModel("", $"dv/dt = -u : {method}\ndz/dt = -z\nx = v\ndw/dt = -w\ndu/dt = v : {method}\ndy/dt = -y\nr = v").Analyse();
        Assert.Equal("{v,z,u} ; x ; {w,y} ; r", Shape(m, m.LocalStatements));
        Assert.All(m.LocalStatements.OfType<OdeBlock>().SelectMany(b => b.Odes).Where(o => o.Method != IntegrationMethod.Explicit),
            o => Assert.Null(o.Affine));
    }

    [Fact]
    public void SingleImplicitOdeHasALinearForm()
    {
        var m = new NeuronModel("tau = 10.0\nE = -65.0", "tau*dv/dt + v = E : implicit\nr = v").Analyse();
        var ode = Assert.IsType<OdeBlock>(m.LocalStatements[0]).Odes.Single();
        Assert.NotNull(ode.Linear);
        Assert.Null(ode.Affine);
    }

    [Fact]
    public void CoupledImplicitOdesHaveAffineFormsOverTheCoupledVariables()
    {
        var m = new NeuronModel("a = 0.5\nb = 2.0\nI = 1.0",
            "dv/dt = -a*v + b*u + I : implicit\nx = v\ndu/dt = v*a - u/b : implicit\nr = v").Analyse();
        Assert.Equal("{v,u} ; x ; r", Shape(m, m.LocalStatements));
        var odes = Assert.IsType<OdeBlock>(m.LocalStatements[0]).Odes;
        var random = new Random(7);
        for (var trial = 0; trial < 10; trial++)
        {
            var variables = new[] { random.NextDouble(), random.NextDouble(), random.NextDouble(), 0 };
            var eval = new ExEvaluator([0.5, 2.0, 1.0], variables);
            foreach (var ode in odes)
            {
                var affine = ode.Affine!;
                Assert.Null(ode.Linear);
                Assert.Equal(2, affine.Coefficients.Length);
                var rebuilt = eval.Evaluate(affine.Offset) + eval.Evaluate(affine.Coefficients[0]) * variables[0] + eval.Evaluate(affine.Coefficients[1]) * variables[2];
                Assert.Equal(eval.Evaluate(ode.Derivative), rebuilt, 12);
            }
        }
        Assert.Equal(1.0, new ExEvaluator([0.5, 2.0, 1.0], [0, 0, 0, 0]).Evaluate(odes[0].Affine!.Offset));
    }

    [Fact]
    public void ProductOfCoupledImplicitVariablesIsRejected()
    {
        var e = Assert.Throws<ModelException>(() => new NeuronModel("", "dv/dt = -v*u : implicit\ndu/dt = v : implicit\nr = v").Analyse());
        Assert.Equal("NF1107", e.First.Id);
    }

    [Fact]
    public void NonLinearOdesAreFineUnderExplicitMidpointAndRk4()
    {
        foreach (var method in new[] { "explicit", "midpoint", "rk4" })
            new NeuronModel("", $"dv/dt = v*v - exp(v) : {method}\nr = v").Analyse();
        foreach (var method in new[] { "implicit", "semiimplicit", "exponential" })
            Assert.Equal("NF1107", Assert.Throws<ModelException>(() => new NeuronModel("", $"dv/dt = v*v : {method}\nr = v").Analyse()).First.Id);
    }

    [Fact]
    public void GlobalVariablesAreUpdatedInTheirOwnPass()
    {
        var m = new NeuronModel("tau = 10.0 : population\nB = 1.0",
            "dm/dt = -m/tau : population\ndv/dt = -v + m + B\ns = m * 2 : population\nr = v").Analyse();
        Assert.Equal("{m} ; s", Shape(m, m.GlobalStatements));
        Assert.Equal("{v} ; r", Shape(m, m.LocalStatements));
        Assert.Equal("NF1130", Assert.Throws<ModelException>(() => new NeuronModel("B = 1.0", "m = B : population\nr = m").Analyse()).First.Id);
        new NeuronModel("", "v = 1\nm = mean(v) : population\nr = m").Analyse();
    }

    [Fact]
    public void IncrementsAreRewrittenAsAssignments()
    {
        var m = new NeuronModel("d = 2.0", "x = 1\nx2 += d\nx3 -= d\nx4 *= d\nx5 /= d\nr = x").Analyse();
        var values = m.LocalStatements.OfType<AssignStatement>().Skip(1).Take(4).Select(a => ExFormatter.Format(a.Value, m));
        Assert.Equal(["x2 + d", "x3 - d", "x4 * d", "x5 / d"], values);
    }
}
