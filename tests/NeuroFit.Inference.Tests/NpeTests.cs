using NeuroFit.Inference.Estimators;
using NeuroFit.Inference.Priors;
using NeuroFit.Inference.Simulation;

namespace NeuroFit.Inference.Tests;

public class NpeTests
{
    [Fact]
    public void TrainingWithoutSimulationsIsAClearError()
    {
        var npe = new Npe(new BoxUniform([0], [1]));
        Assert.Contains("AppendSimulations", Assert.Throws<InferenceException>(() => npe.Train(0)).Message);
        Assert.Contains("Train first", Assert.Throws<InferenceException>(() => npe.BuildPosterior()).Message);
    }

    [Fact]
    public void OnlyInvalidSimulationsIsAClearError()
    {
        var npe = new Npe(new BoxUniform([0], [1]));
        npe.AppendSimulations(new double[,] { { 0.5 }, { 0.2 } }, new double[,] { { double.NaN }, { double.PositiveInfinity } });
        Assert.Equal(2, npe.Simulations.InvalidCount);
        Assert.Contains("all 2 simulations were invalid", Assert.Throws<InferenceException>(() => npe.Train(0)).Message);
    }

    [Fact]
    public void AppendedSetsAccumulateWithTheirInvalidCounts()
    {
        var npe = new Npe(new BoxUniform([0, 0], [1, 1]));
        var simulator = DelegateSimulator.PerRow(t => [t[0] + t[1], t[0] > 0.9 ? double.NaN : t[0]]);
        npe.AppendSimulations(Simulations.Run(simulator, npe.Prior, 300, seed: 1))
           .AppendSimulations(Simulations.Run(simulator, npe.Prior, 200, seed: 2));
        Assert.Equal(500, npe.Simulations.Attempted);
        Assert.InRange(npe.Simulations.InvalidCount, 25, 80);
        Assert.Throws<InferenceException>(() => npe.AppendSimulations(Simulations.Run(simulator, new BoxUniform([0, 0, 0], [1, 1, 1]), 10, 3)));
    }

    [Theory]
    [InlineData("maf", typeof(MafSettings))]
    [InlineData(" MDN ", typeof(MdnSettings))]
    public void EstimatorsByName(string name, Type type) => Assert.IsType(type, DensityEstimatorSettings.FromName(name));

    [Fact]
    public void UnknownEstimatorNameIsAClearError() =>
        Assert.Contains("\"maf\" or \"mdn\"", Assert.Throws<InferenceException>(() => DensityEstimatorSettings.FromName("nsf")).Message);
}
