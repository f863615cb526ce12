using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>Kernels at 256 and 512 bits compute the same bits for every neuron (the width is a speed choice only).</summary>
public class VectorWidthTests
{
    [Fact]
    public void TheCacheReportsItsWidth()
    {
        Assert.Equal(256, new KernelCache(VectorWidth.Bits256).VectorBits);
        Assert.Equal(512, new KernelCache(VectorWidth.Bits512).VectorBits);
        Assert.Contains(new KernelCache().VectorBits, new[] { 256, 512 });
    }

    public static TheoryData<string> Models => ["izh_noise", "lif_cond", "kitchen", "globals", "HH_cond_exp", "EIF_cond_exp_isfa_ista"];

    private static AnalysedModel Model(string name) => name switch
    {
        "izh_noise" => TestModels.NoisyIzhikevich(),
        "lif_cond" => TestModels.ConductanceLif(),
        "kitchen" => TestModels.Kitchen(),
        "globals" => TestModels.Globals(),
        _ => NeuroFit.Models.BuiltinModels.Get(name).Analyse(),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void BothWidthsGiveIdenticalRecordingsAndSpikes(string name)
    {
        // 203 neurons: several main groups at either width, a partial tail, padding lanes; 2 threads split the groups
        var model = Model(name);
        const int size = 203, steps = 700;
        var drive = model.ParameterIndex("i_offset");
        void Setup(Population pop)
        {
            if (drive >= 0 && model.Parameters[drive].Locality == Locality.Local)
                pop.Set("i_offset", [.. Enumerable.Range(0, size).Select(i => model.Parameters[drive].Default + 0.05 * i)]);
        }
        var narrow = Run.Engine(model, size, steps, dt: 0.1, seed: 3, threads: 2, setup: Setup, width: VectorWidth.Bits256);
        var wide = Run.Engine(model, size, steps, dt: 0.1, seed: 3, threads: 2, setup: Setup, width: VectorWidth.Bits512);
        Run.AssertIdentical(narrow, wide);
        if (wide.Spikes is { } spikes && name != "kitchen" && name != "globals")
            Assert.True(spikes.Sum(s => s.Length) > 0, "the drive should make some neurons spike");
    }
}
