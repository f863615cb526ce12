using System.Reflection;
using NeuroFit.Models.Analysis;
using ValueType = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Models.Tests;

/// <summary>Every built-in model is also a parser test: it parses, checks, and its ODE forms are consistent.</summary>
public class BuiltinModelTests
{
    public static TheoryData<string> Names => new(BuiltinModels.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void ParsesAndChecks(string name)
    {
        var model = BuiltinModels.Get(name);
        Assert.Equal(name, model.Name);
        Assert.False(string.IsNullOrWhiteSpace(model.Description));
        Assert.DoesNotContain('\n', model.Description);
        var analysed = model.Analyse();
        Assert.NotEmpty(analysed.Variables);
        Assert.Empty(analysed.Warnings);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void EveryLinearFormSatisfiesTauTimesDerivativePlusXEqualsTarget(string name)
    {
        var m = BuiltinModels.Get(name).Analyse();
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        var odes = m.GlobalStatements.Concat(m.LocalStatements).OfType<OdeBlock>().SelectMany(b => b.Odes).ToList();
        for (var trial = 0; trial < 20; trial++)
        {
            var parameters = m.Parameters.Select(_ => 0.5 + random.NextDouble()).ToArray();
            var variables = m.Variables.Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var eval = new ExEvaluator(parameters, variables) { Inputs = [.. Enumerable.Range(0, 8).Select(_ => random.NextDouble())] };
            foreach (var ode in odes.Where(o => o.Linear is not null))
            {
                var tau = eval.Evaluate(ode.Linear!.Tau);
                var target = eval.Evaluate(ode.Linear.Target);
                var f = eval.Evaluate(ode.Derivative);
                Assert.Equal(target, tau * f + variables[ode.Variable], 1e-9 * Math.Max(1, Math.Abs(target)));
            }
        }
    }

    [Fact]
    public void FactoriesExposeExactlyTheModelParameters()
    {
        var factories = typeof(BuiltinModels).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(NeuronModel) && BuiltinModels.Names.Contains(m.Name)).ToList();
        Assert.Equal(BuiltinModels.Names.Count, factories.Count);
        foreach (var factory in factories)
        {
            var expected = BuiltinModels.Get(factory.Name).Analyse().Parameters.Select(p => p.Name);
            Assert.Equal(expected, factory.GetParameters().Select(p => p.Name!));
            Assert.All(factory.GetParameters(), p => Assert.True(p.IsOptional));
        }
    }

    [Fact]
    public void NamedOverridesChangeOnlyTheGivenDefaults()
    {
        var model = BuiltinModels.Izhikevich2007(C: 66.5, k: 2.3).Analyse();
        var defaults = BuiltinModels.Izhikevich2007().Analyse();
        Assert.Equal(66.5, model.Parameters[model.ParameterIndex("C")].Default);
        Assert.Equal(2.3, model.Parameters[model.ParameterIndex("k")].Default);
        foreach (var p in defaults.Parameters.Where(p => p.Name is not ("C" or "k")))
            Assert.Equal(p.Default, model.Parameters[model.ParameterIndex(p.Name)].Default);
        Assert.Equal(100.0, defaults.Parameters[0].Default);
    }

    [Fact]
    public void Izhikevich2007StartsAtTheRestingPotential()
    {
        var m = BuiltinModels.Izhikevich2007().Analyse();
        Assert.Equal(["C", "k", "v_r", "v_t", "a", "b", "c", "d", "v_peak", "I_app"], m.Parameters.Select(p => p.Name));
        Assert.Equal([-60.0, -40.0, 35.0], new[] { "v_r", "v_t", "v_peak" }.Select(n => m.Parameters[m.ParameterIndex(n)].Default));
        Assert.Equal(["I_v", "v", "u", "r"], m.Variables.Select(v => v.Name));
        Assert.Equal(new ParameterEx(m.ParameterIndex("v_r"), ValueType.Float), m.Variables[1].Init);
        Assert.Equal(new ConstEx(0, ValueType.Float), m.Variables[2].Init);
        Assert.Equal("v >= v_peak", ExFormatter.Format(m.Spike!, m));
    }

    [Fact]
    public void WithParametersKeepsCommentsAndFlagsAndRejectsUnknownNames()
    {
        var model = BuiltinModels.LeakyIntegrator().WithParameters(("tau", 25.0), ("B", -1.0));
        Assert.Contains("tau = 25.0 : population", model.Parameters);
        Assert.Contains("B = -1.0", model.Parameters);
        Assert.Contains("# baseline", model.Parameters);
        var e = Assert.Throws<ModelException>(() => BuiltinModels.LeakyIntegrator().WithParameters(("tua", 1.0)));
        Assert.Equal("NF1301", e.First.Id);
        Assert.Contains("did you mean 'tau'", e.First.Message);
        var m = new NeuronModel("n = 3 : int\nflag = True", "r = n").WithParameters(("n", 4), ("flag", 0), ("n", 5)).Analyse();
        Assert.Equal([5.0, 0.0], m.Parameters.Select(p => p.Default));
        Assert.Equal([ValueType.Int, ValueType.Bool], m.Parameters.Select(p => p.Type));
        Assert.Equal("NF1302", Assert.Throws<ModelException>(() => new NeuronModel("n = 3 : int", "r = n").WithParameters(("n", 2.5))).First.Id);
    }

    [Fact]
    public void WithInitialValuesAddsOrReplacesInit()
    {
        var m = BuiltinModels.Izhikevich2007().WithInitialValues(("v", -70.0), ("u", 5.0)).Analyse();
        Assert.Equal(new ConstEx(-70.0, ValueType.Float), m.Variables[m.VariableIndex("v")].Init);
        Assert.Equal(new ConstEx(5.0, ValueType.Float), m.Variables[m.VariableIndex("u")].Init);
        Assert.Equal("NF1301", Assert.Throws<ModelException>(() => BuiltinModels.Izhikevich2007().WithInitialValues(("w", 1.0))).First.Id);
    }

    [Fact]
    public void UnknownBuiltinNameIsReported()
    {
        Assert.Null(BuiltinModels.TryGet("Izhikevich2099"));
        Assert.Contains("Izhikevich2007", Assert.Throws<KeyNotFoundException>(() => BuiltinModels.Get("nope")).Message);
    }
}
