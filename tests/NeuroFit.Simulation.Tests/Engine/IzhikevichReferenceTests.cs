using System.Globalization;
using NeuroFit.Models;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>The Brian2 2.5.1 Izhikevich reference trace (Data/README.md): spike steps exact, v to 1e-9.</summary>
public class IzhikevichReferenceTests
{
    public static readonly NeuronModel Model = new(
        Parameters: "a = 0.02\nb = 0.2\nc = -65.0\nd = 8.0\nI = 0.0",
        Equations: "dv/dt = 0.04*v^2 + 5.0*v + 140.0 - u + I : init = -65.0\ndu/dt = a*(b*v - u) : init = -13.0",
        Spike: "v >= 30.0",
        Reset: "v = c\nu += d",
        Name: "izhikevich_reference");

    /// <summary>Rows of the reference: the state at the start of each step.</summary>
    public static (double V, double U)[] ReferenceRows() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "brian2_izhikevich_step_dt0.1.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(f => (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture)))];

    public static readonly int[] ReferenceSpikes = [1036, 1217, 1669, 2120, 2571, 3022, 3473, 3924, 4375, 4826, 5277, 5728];

    [Fact]
    public void MatchesBrian2SpikeStepsAndVoltageTrace()
    {
        var net = new Network(dt: 0.1, cache: new KernelCache());
        var pop = net.AddPopulation("izh", Model, 1);
        var rec = pop.CreateRecorder(["v", "u"], spikes: true);
        rec.Start();
        pop.Set("I", 0.0);
        net.Simulate(100);
        pop.Set("I", 10.0);
        net.Simulate(500);
        Assert.Equal(6000, net.CurrentStep);
        var data = rec.Drain();
        Assert.Equal(ReferenceSpikes, data.Spikes![0]);

        var rows = ReferenceRows();
        var v = data.Variables["v"];
        var u = data.Variables["u"];
        Assert.Equal(6000, v.GetLength(0));
        for (var k = 0; k + 1 < rows.Length; k++)
        {
            Assert.True(Math.Abs(v[k, 0] - rows[k + 1].V) <= 1e-9, $"v after step {k}: {v[k, 0]:R} vs Brian2 {rows[k + 1].V:R}");
            Assert.True(Math.Abs(u[k, 0] - rows[k + 1].U) <= 1e-9, $"u after step {k}: {u[k, 0]:R} vs Brian2 {rows[k + 1].U:R}");
        }
    }
}
