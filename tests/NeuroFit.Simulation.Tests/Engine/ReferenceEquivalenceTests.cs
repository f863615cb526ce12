using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>The generated kernels give bit-identical results to the scalar reference interpreter.</summary>
public class ReferenceEquivalenceTests
{
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

    public static TheoryData<string> BuiltinNames => [.. NeuroFit.Models.BuiltinModels.Names];

    private static TheoryData<string, VectorWidth> BothWidths(IEnumerable<string> names)
    {
        var data = new TheoryData<string, VectorWidth>();
        foreach (var n in names)
        {
            data.Add(n, VectorWidth.Bits256);
            data.Add(n, VectorWidth.Bits512);
        }
        return data;
    }

    public static TheoryData<string, VectorWidth> BuiltinNamesAndWidths => BothWidths(NeuroFit.Models.BuiltinModels.Names);

    public static TheoryData<string, VectorWidth> ModelNamesAndWidths =>
        BothWidths(["izh", "izh_noise", "lif_cond", "kitchen", "globals", "osc_mid", "osc_rk4", "osc_impl"]);

    [Theory]
    [MemberData(nameof(BuiltinNamesAndWidths))]
    public void BuiltinModelKernelsMatchTheReference(string name, VectorWidth width)
    {
        var model = NeuroFit.Models.BuiltinModels.Get(name).Analyse();
        const int size = 5, steps = 400;
        var local = model.Parameters.Where(p => p.Locality == Locality.Local).ToList();
        var drive = model.ParameterIndex("i_offset");
        void Fill(Func<int, double[]> target)
        {
            foreach (var p in local) Spread(p, size, 3).CopyTo(target(model.ParameterIndex(p.Name)), 0);
            if (drive >= 0 && model.Parameters[drive].Locality == Locality.Local)
                Enumerable.Range(0, size).Select(i => 0.5 + 2.0 * i).ToArray().CopyTo(target(drive), 0);
        }
        var expected = Run.Reference(model, size, steps, dt: 0.1, seed: 7, setup: sim => Fill(p => sim.Parameters[p]));
        var actual = Run.Engine(model, size, steps, dt: 0.1, seed: 7, width: width, setup: pop =>
        {
            var values = model.Parameters.Select((p, i) => p.Locality == Locality.Local ? new double[size] : null).ToArray();
            Fill(p => values[p]!);
            for (var p = 0; p < values.Length; p++)
                if (values[p] is { } v) pop.Set(model.Parameters[p].Name, v);
        });
        Run.AssertIdentical(expected, actual);
    }

    [Theory]
    [MemberData(nameof(ModelNamesAndWidths))]
    public void KernelMatchesReferenceBitForBit(string name, VectorWidth width)
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
            var actual = Run.Engine(model, size, steps, dt: 0.25, seed: 42, threads: threads, width: width, setup: pop =>
            {
                foreach (var p in local) pop.Set(p.Name, Spread(p, size, 1));
            });
            Run.AssertIdentical(expected, actual);
        }
    }

    [Fact]
    public void PowerWithAnExponentThatIsNotASmallLiteralCompilesAndMatchesTheReference()
    {
        // power(x, n) with n a variable, a parameter, 0 or a negative literal crashed the kernel compiler
        // ("VMath.IntPower/2: 2 candidates"): the emitter found the private scalar overload too
        var model = new NeuroFit.Models.NeuronModel(
            Parameters: "k = 3 : int\nx0 = 1.5",
            Equations: "n = n + 1 : int\na = power(x0, k)\nb = power(x0, n)\nc = power(2, 0)\nd = power(2, -1)\ne = power(x0, 2.7)\nr = power(2.0, k) + power(x0, 17)").Analyse();
        var actual = Run.Engine(model, size: 5, steps: 6);
        Run.AssertIdentical(Run.Reference(model, size: 5, steps: 6), actual);
        Assert.Equal(1.5 * 1.5 * 1.5, actual.Variables["a"][0, 0]);
        Assert.Equal([1.5, 1.5 * 1.5, 1.5 * 1.5 * 1.5, 1.5 * 1.5 * 1.5 * 1.5], Run.Column(actual.Variables["b"], 4)[..4]);
        Assert.Equal(1.0, actual.Variables["c"][0, 0]); // n below 1 gives 1 (ANNarchy's C loop does not terminate there)
        Assert.Equal(1.0, actual.Variables["d"][0, 0]);
        Assert.Equal(1.5 * 1.5, actual.Variables["e"][0, 0]); // the exponent is truncated, as C's int argument
        Assert.Equal(8.0 + Math.Pow(1.5, 17), actual.Variables["r"][0, 0], 1e-9);
    }
}
