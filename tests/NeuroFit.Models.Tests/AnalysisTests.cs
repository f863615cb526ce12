using NeuroFit.Models.Analysis;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Tests;

/// <summary>The analysed IR of the spec's reference models (annarchy-dsl.md §5): variables, blocks, forms.</summary>
public class AnalysisTests
{
    private static string F(Ex e, AnalysedModel m) => ExFormatter.Format(e, m);

    [Fact]
    public void IzhikevichHasAssignmentThenOneExplicitBlockThenHiddenConductances()
    {
        var m = TestModels.Izhikevich.Analyse();
        Assert.Equal(NeuronKind.Spiking, m.Kind);
        Assert.Equal(["a", "b", "c", "d", "v_thresh", "i_offset", "noise", "tau_refrac"], m.Parameters.Select(p => p.Name));
        Assert.All(m.Parameters, p => Assert.Equal(Locality.Local, p.Locality));
        Assert.Equal(["I", "v", "u", "g_exc", "g_inh", "r"], m.Variables.Select(v => v.Name));
        Assert.Equal([VariableKind.Assignment, VariableKind.Ode, VariableKind.Ode, VariableKind.Hidden, VariableKind.Hidden, VariableKind.Hidden],
            m.Variables.Select(v => v.Kind));
        Assert.Equal("c", F(m.Variables[1].Init, m));
        Assert.Equal("b * c", F(m.Variables[2].Init, m));

        Assert.Empty(m.GlobalStatements);
        Assert.Equal(4, m.LocalStatements.Length);
        var i = Assert.IsType<AssignStatement>(m.LocalStatements[0]);
        Assert.Equal(0, i.Variable);
        Assert.Equal("g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset", F(i.Value, m));
        var block = Assert.IsType<OdeBlock>(m.LocalStatements[1]);
        Assert.Equal([1, 2], block.Odes.Select(o => o.Variable));
        Assert.All(block.Odes, o => Assert.Equal(IntegrationMethod.Explicit, o.Method));
        Assert.All(block.Odes, o => Assert.Null(o.Linear));
        Assert.Equal("0.04 * v ** 2 + 5.0 * v + 140.0 - u + I", F(block.Odes[0].Derivative, m));
        Assert.Equal("a * (b * v - u)", F(block.Odes[1].Derivative, m));
        Assert.Equal(new AssignStatement(3, ExMath.Zero), m.LocalStatements[2]);
        Assert.Equal(new AssignStatement(4, ExMath.Zero), m.LocalStatements[3]);

        Assert.Equal("v > v_thresh", F(m.Spike!, m));
        Assert.Equal(2, m.Reset.Length);
        Assert.Equal("c", F(m.Reset[0].Value, m));
        Assert.Equal(2, m.Reset[1].Variable);
        Assert.Equal("u + d", F(m.Reset[1].Value, m));
        Assert.Equal(new ParameterEx(7, ValueType.Float), m.RefractoryMs);
        Assert.Equal(1, m.RandomStreamCount);
        Assert.Empty(m.Inputs);
        Assert.Empty(m.Warnings);
    }

    [Fact]
    public void LeakyIntegratorIsRateCodedWithExponentialForm()
    {
        var m = TestModels.LeakyIntegrator.Analyse();
        Assert.Equal(NeuronKind.Rate, m.Kind);
        Assert.Equal([Locality.Global, Locality.Local, Locality.Global], m.Parameters.Select(p => p.Locality));
        Assert.Equal(["exc", "inh"], m.Inputs.ToArray());
        Assert.Equal(["v", "r"], m.Variables.Select(v => v.Name));
        Assert.Null(m.Spike);
        var ode = Assert.IsType<OdeBlock>(m.LocalStatements[0]).Odes.Single();
        Assert.Equal(IntegrationMethod.Exponential, ode.Method);
        Assert.Equal(new ParameterEx(0, ValueType.Float), ode.Linear!.Tau);
        Assert.Equal("sum(exc) - sum(inh) + B", F(ode.Linear.Target, m));
        Assert.Equal("(sum(exc) - sum(inh) + B - v) / tau", F(ode.Derivative, m));
        Assert.Equal("pos(v - T)", F(Assert.IsType<AssignStatement>(m.LocalStatements[1]).Value, m));
    }

    [Fact]
    public void IfCurrExpTimeConstantCancelsTheCapacitance()
    {
        var m = TestModels.IfCurrExp.Analyse();
        Assert.Equal(["v", "g_exc", "g_inh", "r"], m.Variables.Select(v => v.Name));
        Assert.True(m.Variables[1].IsConductance);
        var block = Assert.IsType<OdeBlock>(Assert.Single(m.LocalStatements));
        Assert.Equal(3, block.Odes.Length);
        Assert.Equal("tau_m", F(block.Odes[0].Linear!.Tau, m));
        Assert.Equal("tau_syn_E", F(block.Odes[1].Linear!.Tau, m));
        Assert.Equal("0.0", F(block.Odes[1].Linear!.Target, m));
        Assert.Equal("-g_exc / tau_syn_E", F(block.Odes[1].Derivative, m));
        Assert.Equal("v_reset", F(m.Variables[0].Init, m));
    }

    [Fact]
    public void HodgkinHuxleyRunsSevenAssignmentsThenOneBlockOfSixOdes()
    {
        var m = TestModels.HhCondExp.Analyse();
        Assert.Equal(8, m.LocalStatements.Length);
        Assert.All(m.LocalStatements.Take(7), s => Assert.IsType<AssignStatement>(s));
        var block = Assert.IsType<OdeBlock>(m.LocalStatements[7]);
        Assert.Equal(["n", "m", "h", "v", "g_exc", "g_inh"], block.Odes.Select(o => m.Variables[o.Variable].Name));
        Assert.Equal("1.0 / (bn + an)", F(block.Odes[0].Linear!.Tau, m));
        Assert.Equal("an / (bn + an)", F(block.Odes[0].Linear!.Target, m));
        Assert.Equal("cm / (gleak + gbar_K * n ** 4 + gbar_Na * m ** 3 * h + g_exc + g_inh)", F(block.Odes[3].Linear!.Tau, m));
        Assert.Equal(-65, Assert.IsType<ConstEx>(m.Variables[m.VariableIndex("v")].Init).Value);
        Assert.Equal(1, Assert.IsType<ConstEx>(m.Variables[m.VariableIndex("h")].Init).Value);
        Assert.Equal("v > v_thresh and prev_v <= v_thresh", F(m.Spike!, m));
        Assert.Empty(m.Reset);
        Assert.Null(m.RefractoryMs);
    }

    [Theory]
    [InlineData("tau*dv/dt + v = E")]
    [InlineData("dv/dt = (E - v)/tau")]
    [InlineData("-tau*dv/dt = v - E")]
    [InlineData("tau*dv/dt = -v + E")]
    [InlineData("tau*dv/dt + v - E = 0")]
    [InlineData("2*tau*dv/dt = -v + E + tau*dv/dt*1 + tau*dv/dt*0")]
    public void AnyFormLinearInTheDerivativeGivesTheSameOde(string equation)
    {
        var m = new NeuronModel("tau = 10.0\nE = -65.0", equation + " : exponential\nr = v").Analyse();
        var ode = Assert.IsType<OdeBlock>(m.LocalStatements[0]).Odes.Single();
        foreach (var v in new[] { -80.0, -65.0, 0.0, 12.5 })
        {
            var eval = new ExEvaluator([10.0, -65.0], [v, 0]);
            Assert.Equal((-65.0 - v) / 10.0, eval.Evaluate(ode.Derivative), 12);
            Assert.Equal(10.0, eval.Evaluate(ode.Linear!.Tau), 12);
            Assert.Equal(-65.0, eval.Evaluate(ode.Linear.Target), 12);
        }
    }

    [Fact]
    public void DerivativeOnBothSidesIsSolved()
    {
        // ANNarchy's example: tau*dv/dt = -v + 2*tau*dv/dt gives dv/dt = v/tau.
        var m = new NeuronModel("tau = 10.0", "tau*dv/dt = -v + 2*tau*dv/dt\nr = v").Analyse();
        var ode = Assert.IsType<OdeBlock>(m.LocalStatements[0]).Odes.Single();
        Assert.Equal(0.3, new ExEvaluator([10.0], [3.0, 0]).Evaluate(ode.Derivative), 12);
    }
}
