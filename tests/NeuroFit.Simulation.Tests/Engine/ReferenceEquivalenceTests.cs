using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>The generated kernels give bit-identical results to the scalar reference interpreter.</summary>
public class ReferenceEquivalenceTests
{
    public static TheoryData<string> ModelNames => ["izh", "izh_noise", "lif_cond", "kitchen", "globals", "osc_mid", "osc_rk4", "osc_impl"];

    private static AnalysedModel Model(string name) => name switch
    {
        "izh" => TestModels.Izhikevich(),
        "izh_noise" => TestModels.NoisyIzhikevich(),
        "lif_cond" => TestModels.ConductanceLif(),
        "kitchen" => TestModels.Kitchen(),
        "globals" => TestModels.Globals(),
        "osc_mid" => TestModels.Oscillator(IntegrationMethod.Midpoint),
        "osc_rk4" => TestModels.Oscillator(IntegrationMethod.RungeKutta4),
        _ => TestModels.Oscillator(IntegrationMethod.Implicit),
    };

    /// <summary>Per-neuron parameter values spread around the defaults so neurons differ.</summary>
    private static double[] Spread(ParameterInfo p, int size, int salt) =>
        [.. Enumerable.Range(0, size).Select(i => p.Type == Models.Analysis.ValueType.Float
            ? p.Default * (1 + 0.1 * Math.Sin(i * 1.3 + salt)) + 0.05 * Math.Cos(i + salt)
            : p.Default)];

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void KernelMatchesReferenceBitForBit(string name)
    {
        var model = Model(name);
        foreach (var (size, threads) in new[] { (1, 1), (7, 1), (37, 2) })
        {
            const int steps = 300;
            var local = model.Parameters.Where(p => p.Locality == Locality.Local).ToList();
            var expected = Run.Reference(model, size, steps, dt: 0.25, seed: 42, setup: sim =>
            {
                foreach (var p in local)
                {
                    var values = Spread(p, size, 1);
                    values.CopyTo(sim.Parameters[model.ParameterIndex(p.Name)], 0);
                }
            });
            var actual = Run.Engine(model, size, steps, dt: 0.25, seed: 42, threads: threads, setup: pop =>
            {
                foreach (var p in local) pop.Set(p.Name, Spread(p, size, 1));
            });
            Run.AssertIdentical(expected, actual);
        }
    }
}
