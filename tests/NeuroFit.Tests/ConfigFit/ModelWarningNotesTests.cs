using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Tests.Data;

namespace NeuroFit.Tests.ConfigFit;

/// <summary>The models' warnings (what <c>neurofit check</c> prints) reach the user of <c>neurofit fit</c> as notes.</summary>
public class ModelWarningNotesTests
{
    [Fact]
    public void WarningsOfAModelFileAndOfAnInlineTargetAreNotesWithTheirPositions()
    {
        using var files = new TempFiles();
        files.Write("cell.yaml", """
            name: cell
            parameters: |
              tau = 10
              I_app = 0
            equations: |
              tau*dv/dt = 1/2 - v + I_app
              r = v
            """);
        var config = files.Write("config.yaml", """
            model: {file: cell.yaml}
            target:
              model:
                parameters: |
                  tau = 10
                  I_app = 0
                equations: |
                  tau*dv/dt = 3/2 - v + I_app
                  r = v
            experiment:
              record: [r]
              chunks: [[{duration: 10, set: {I_app: 1}}]]
            loss: [{rmse: r}]
            parameters: {tau: [1, 20]}
            """);
        var notes = ConfiguredFit.Prepare(FitConfigLoader.Load(config)).Notes;
        Assert.Contains(notes, n => n.StartsWith($"model: {files.Path("cell.yaml")}:6:16: warning NF2001: integer division 1/2", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("target.model: equations:1:14: warning NF2001: integer division 3/2", StringComparison.Ordinal));
    }

    [Fact]
    public void ABuiltinModelWithoutWarningsAddsNoNote()
    {
        using var files = new TempFiles();
        var config = files.Write("config.yaml", """
            model: Izhikevich2007
            target: {model: {builtin: Izhikevich2007, set: {C: 150}}}
            experiment:
              record: [v]
              chunks: [[{duration: 10, set: {I_app: 1}}]]
            loss: [{rmse: v}]
            parameters: {C: [50, 200]}
            """);
        Assert.Empty(ConfiguredFit.Prepare(FitConfigLoader.Load(config)).Notes);
    }
}
