using NeuroFit.Models;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>Every built-in model runs 1 s from its defaults (with a suprathreshold current where it has one) without NaN.</summary>
public class BuiltinModelTests
{
    /// <summary>Current parameter and a suprathreshold value, for the models that take an input current.</summary>
    private static (string Name, double Value)? Drive(AnalysedModel model) =>
        model.Name switch
        {
            "Izhikevich" => ("i_offset", 10.0),
            "HH_cond_exp" => ("i_offset", 5.0), // one spike then depolarisation block, as an independent Euler solution at dt 0.001 shows
            "EIF_cond_exp_isfa_ista" or "EIF_cond_alpha_isfa_ista" => ("i_offset", 1.0),
            "IF_curr_exp" or "IF_cond_exp" or "IF_curr_alpha" or "IF_cond_alpha" => ("i_offset", 1.0),
            _ => null,
        };

    public static TheoryData<string> Names => [.. BuiltinModels.Names];

    [Theory]
    [MemberData(nameof(Names))]
    public void SimulatesOneSecondWithoutNaN(string name)
    {
        var model = BuiltinModels.Get(name).Analyse();
        var net = new Network(dt: 0.1, seed: 3, cache: new KernelCache());
        var pop = net.AddPopulation("p", model, 4);
        var drive = Drive(model);
        if (drive is { } d) pop.Set(d.Name, d.Value);
        var recorded = model.Variables.Where(v => v.Locality == Locality.Local).Select(v => v.Name).ToList();
        var rec = pop.CreateRecorder(recorded, model.Kind == NeuronKind.Spiking);
        rec.Start(10);
        net.Simulate(1000);
        Assert.Equal(0, pop.DivergedCount);
        var data = rec.Drain();
        foreach (var (variable, values) in data.Variables)
            foreach (var x in values)
                Assert.True(double.IsFinite(x), $"{name}.{variable} became {x}");
        if (drive is not null)
            Assert.All(pop.GetSpikeCounts(), c => Assert.True(c > 0, $"{name} did not spike with {drive.Value.Name} = {drive.Value.Value}"));
    }
}
