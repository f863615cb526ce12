using NeuroFit.Examples;
using NeuroFit.Fitting;

namespace NeuroFit.Tests.Fitting;

public class OptNeuronSbiTests
{
    [Fact]
    [Trait("Category", "slow")]
    public void SeedModeFindsExampleAWithinFivePercentFromTwoThousandSimulations()
    {
        var result = CompNeuroPyExamples.Create("from-data", "sbi", seed: 0, new OptNeuronOptions { WriteFiles = false }).Run(2000);
        Assert.InRange(result.Best["a"], 0.8 * 0.95, 0.8 * 1.05);
        Assert.InRange(result.Best["b"], 2 * 0.95, 2 * 1.05);
        Assert.Equal(2000, result.Evaluations);
        Assert.Equal(10_000, result.PosteriorSamples!.GetLength(0));
    }

    [Fact]
    public void SbiIsSeedReproducibleAndReportsPosteriorSamples()
    {
        OptNeuronResult Fit() => CompNeuroPyExamples.Create("from-data", "sbi", seed: 4,
            new OptNeuronOptions { WriteFiles = false, SbiRounds = 2, SbiEstimator = new NeuroFit.Inference.Estimators.MdnSettings { Components = 3, HiddenFeatures = 20 } }).Run(300);
        var first = Fit();
        var second = Fit();
        Assert.Equal(first.Best, second.Best);
        Assert.Equal(300, first.Evaluations);
        Assert.Equal(2, first.PosteriorSamples!.GetLength(1));
        Assert.Contains(first.Notes, n => n.Contains("seed mode"));
    }

    private sealed class RecordingProgress : NeuroFit.Progress.IFitProgress
    {
        public List<NeuroFit.Progress.FitProgressSnapshot> Snapshots { get; } = [];

        public void Run(string title, int total, Action<Action<NeuroFit.Progress.FitProgressSnapshot>> work) => work(Snapshots.Add);
    }

    [Fact]
    public void TheProgressSaysWhichRoundIsSimulatingAndWhichIsTraining()
    {
        // a large sbi run spent minutes training between two progress updates, looking hung
        var progress = new RecordingProgress();
        CompNeuroPyExamples.Create("from-data", "sbi", seed: 4, new OptNeuronOptions
        {
            WriteFiles = false, SbiRounds = 2, Progress = progress,
            SbiEstimator = new NeuroFit.Inference.Estimators.MdnSettings { Components = 3, HiddenFeatures = 20 },
        }).Run(300);
        var stages = progress.Snapshots.Select(s => s.Stage!).Distinct().ToList();
        Assert.Contains("round 1/2, simulating", stages);
        Assert.Contains("round 2/2, simulating", stages);
        Assert.Contains("round 1/2, training, epoch 1", stages);
        Assert.Contains("round 2/2, training, epoch 1", stages);
        var firstTraining = stages.IndexOf("round 1/2, training, epoch 1");
        Assert.True(firstTraining > stages.IndexOf("round 1/2, simulating") && firstTraining < stages.IndexOf("round 2/2, simulating"), string.Join(" | ", stages));
    }

    [Fact]
    public void WhenASimulationBeatThePosteriorsSampleANoteNamesItsLossAndParameters()
    {
        // examples/from-data (wide bounds) in seed mode with 300 simulations and seed 3: the most probable posterior sample
        // is worse than the best simulation (measured: 8.41 against 3.53)
        string config = "";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && config.Length == 0; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "examples", "from-data", "config.yaml"))) config = Path.Combine(dir.FullName, "examples", "from-data", "config.yaml");
        var output = Directory.CreateTempSubdirectory("neurofit-sbi-note-").FullName;
        try
        {
            var loaded = NeuroFit.Config.FitConfigLoader.Load(config);
            var seedMode = loaded with { MethodOptions = new Dictionary<string, string>(loaded.MethodOptions) { ["sbi_statistics"] = "none" } };
            var result = NeuroFit.ConfigFit.ConfiguredFit.Prepare(seedMode)
                .Run(new NeuroFit.ConfigFit.ConfiguredFitSettings { OutputDirectory = output, Method = "sbi", MaxEvals = 300, Seed = 3 }).Result;
            var lowest = result.History.Where(h => h.Loss is not null).MinBy(h => h.Loss!.Value)!;
            Assert.True(lowest.Loss < result.Loss);
            var note = Assert.Single(result.Notes, n => n.Contains("the lowest loss among the simulations", StringComparison.Ordinal));
            Assert.Contains($"(loss {OptNeuron.Format(result.Loss)}); the lowest loss among the simulations was {OptNeuron.Format(lowest.Loss!.Value)}, " +
                            $"at evaluation {lowest.Evaluation}: a = ", note);
        }
        finally { Directory.Delete(output, true); }
    }

    [Fact]
    public void FewerThanTenEvaluationsAreAFitConfigurationErrorNotAnInferenceOne()
    {
        // used to surface the inference library's "sequential SimulationsPerRound must be at least 10 (got 3)"
        var e = Assert.Throws<FitConfigurationException>(() =>
            CompNeuroPyExamples.Create("from-data", "sbi", seed: 0, new OptNeuronOptions { WriteFiles = false }).Run(3));
        Assert.Equal("method sbi needs at least 10 evaluations to train its posterior, got 3", e.Message);
        string config = "";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null && config.Length == 0; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "examples", "from-data", "config.yaml"))) config = Path.Combine(dir.FullName, "examples", "from-data", "config.yaml");
        var output = Path.Combine(Path.GetTempPath(), "neurofit-sbi-few-" + Guid.NewGuid().ToString("N"));
        var c = Assert.Throws<NeuroFit.Config.ConfigException>(() => NeuroFit.ConfigFit.ConfiguredFit.Prepare(NeuroFit.Config.FitConfigLoader.Load(config))
            .Run(new NeuroFit.ConfigFit.ConfiguredFitSettings { OutputDirectory = output, Method = "sbi", MaxEvals = 9 }));
        Assert.Equal("max_evals", c.KeyPath);
        Assert.Contains("at least 10 evaluations", c.Problem);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void SbiWritesThePosteriorPairPlotAndSamplesBesideTheResults()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-sbi-").FullName;
        try
        {
            var result = CompNeuroPyExamples.Create("from-data", "sbi", seed: 2,
                new OptNeuronOptions { OutputDirectory = dir, SbiRounds = 1, SbiEstimator = new NeuroFit.Inference.Estimators.MdnSettings { Components = 2, HiddenFeatures = 10 } })
                .Run(200, resultsFileName: "fit", sbiPlotFile: "posterior.svg");
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "posterior.svg")));
            var json = File.ReadAllText(Path.Combine(dir, "fit.json"));
            Assert.Contains("\"method\": \"sbi\"", json);
            Assert.Contains(result.Files, f => f.EndsWith("posterior.svg"));
            Assert.True(new FileInfo(Path.Combine(dir, "fit.npz")).Length > 10_000 * 2 * 8); // posterior samples inside
        }
        finally { Directory.Delete(dir, true); }
    }
}
