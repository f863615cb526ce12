using NeuroFit.Models;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>annarchy-dsl.md §10 items 18–28: blocks, coupling, clamps, ordering, time, spikes, refractoriness.</summary>
public class SemanticsTests
{
    private static void Close(double expected, double actual, double tol = 1e-12) =>
        Assert.True(Math.Abs(expected - actual) <= tol * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void Item18_IzhikevichBlockUsesOldValues_AndAnAssignmentSplitsTheBlock()
    {
        const double h = 0.5, a = 0.02, b = 0.2, current = 5;
        var together = new NeuronModel(
            Parameters: "a = 0.02\nb = 0.2\nI = 5.0",
            Equations: "dv/dt = 0.04*v^2 + 5.0*v + 140.0 - u + I : init = -60.0\ndu/dt = a*(b*v - u) : init = -13.0\nr = 0.0");
        var split = together with { Equations = "dv/dt = 0.04*v^2 + 5.0*v + 140.0 - u + I : init = -60.0\nx = v\ndu/dt = a*(b*v - u) : init = -13.0\nr = 0.0" };
        double v0 = -60, u0 = -13;
        var v1 = v0 + h * (0.04 * v0 * v0 + 5 * v0 + 140 - u0 + current);
        Close(v1, Dsl.Trace(together, "v", 1, h)[0]);
        Close(u0 + h * (a * (b * v0 - u0)), Dsl.Trace(together, "u", 1, h)[0]);
        Close(u0 + h * (a * (b * v1 - u0)), Dsl.Trace(split, "u", 1, h)[0]);
    }

    [Theory]
    [InlineData("implicit", false)]
    [InlineData("exponential", false)]
    [InlineData("semiimplicit", false)]
    [InlineData("explicit", true)]
    [InlineData("midpoint", true)]
    [InlineData("rk4", true)]
    public void Item17_ANonLinearOdeNeedsAnExplicitMidpointOrRk4Method(string method, bool accepted)
    {
        var model = new NeuronModel(Equations: $"dv/dt = -v^2 + 1 : init = 0.5, {method}\nr = v");
        if (!accepted)
        {
            Assert.Throws<ModelException>(() => new Network(cache: new KernelCache()).AddPopulation("p", model, 1));
            return;
        }
        // dv/dt = 1 - v² tends to 1 from 0.5 with every method
        var v = Dsl.Trace(model, "v", 200, dt: 0.05);
        Assert.Equal(1.0, v[^1], 6);
    }

    [Fact]
    public void Item19_MixingImplicitWithMidpointIsAnError()
    {
        var model = new NeuronModel(Equations: "dx/dt = y : implicit\ndy/dt = -x : midpoint\nr = x");
        Assert.Throws<ModelException>(() => new Network(cache: new KernelCache()).AddPopulation("p", model, 1));
    }

    [Theory]
    [InlineData("midpoint")]
    [InlineData("rk4")]
    [InlineData("implicit")]
    public void Item19_TwoOdesOfOneMethodAreCoupled(string method)
    {
        const double k = 2.0, c = 0.3, h = 0.1;
        var model = new NeuronModel(
            Parameters: "k = 2.0\nc = 0.3",
            Equations: $"dx/dt = y : init = 1.0, {method}\ndy/dt = -k*x - c*y : init = 0.0, {method}\nr = x");
        double[] F(double[] s) => [s[1], -k * s[0] - c * s[1]];
        double[] Add(double[] s, double f, double[] d) => [s[0] + f * d[0], s[1] + f * d[1]];
        double[] x = [1.0, 0.0];
        double[] expected = method switch
        {
            "midpoint" => Add(x, h, F(Add(x, 0.5 * h, F(x)))),
            "rk4" => RungeKutta(x),
            _ => BackwardEuler(x),
        };
        double[] RungeKutta(double[] s)
        {
            var k1 = F(s); var k2 = F(Add(s, h / 2, k1)); var k3 = F(Add(s, h / 2, k2)); var k4 = F(Add(s, h, k3));
            return [s[0] + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]), s[1] + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])];
        }
        double[] BackwardEuler(double[] s)
        {
            // (I - hA) s' = s with A = [[0, 1], [-k, -c]]
            double m00 = 1, m01 = -h, m10 = h * k, m11 = 1 + h * c;
            var det = m00 * m11 - m01 * m10;
            return [(s[0] * m11 - m01 * s[1]) / det, (m00 * s[1] - m10 * s[0]) / det];
        }
        Close(expected[0], Dsl.Trace(model, "x", 1, h)[0]);
        Close(expected[1], Dsl.Trace(model, "y", 1, h)[0]);
    }

    [Fact]
    public void Item20_ClampAppliesAfterTheVariablesOwnUpdate_OthersInTheBlockSawTheOldValue()
    {
        var model = new NeuronModel(Equations: "dv/dt = 1.0 : max = 0.5\ndu/dt = v\nr = u");
        Assert.Equal([0.5, 0.5, 0.5], Dsl.Trace(model, "v", 3));
        Assert.Equal([0.0, 0.5, 1.0], Dsl.Trace(model, "u", 3));
    }

    [Fact]
    public void Item21_AnAssignmentReadingALaterVariableSeesThePreviousStep()
    {
        var model = new NeuronModel(Equations: "x = y + 1\ny = t\nr = x");
        Assert.Equal([1.0, 1.0, 2.0, 3.0], Dsl.Trace(model, "x", 4));
    }

    [Fact]
    public void Item22_TimeStartsAtZeroInTheFirstUpdate()
    {
        var model = new NeuronModel(Equations: "r = t");
        Assert.Equal([0.0, 0.5, 1.0, 1.5], Dsl.Trace(model, "r", 4, dt: 0.5));
    }

    [Fact]
    public void Item23_SpikeOnPostUpdateValues_ResetInOrder_RecordedValueIsTheReset()
    {
        var model = new NeuronModel(
            Equations: "dv/dt = 1.0\nu = 0",
            Spike: "v >= 2.0",
            Reset: "u = v\nv = -1.0\nu += v");
        var (net, _, rec) = Dsl.Create(model);
        net.RunSteps(3);
        var data = rec.Drain();
        Assert.Equal([1.0, -1.0, 0.0], Run.Column(data.Variables["v"], 0));
        Assert.Equal([0.0, 1.0, 0.0], Run.Column(data.Variables["u"], 0));
        Assert.Equal([1], data.Spikes![0]);
    }

    private static NeuronModel Refractory(string refractory, string parameters = "") => new(
        Parameters: parameters,
        Equations: "v = v + 1",
        Spike: "v == 3",
        Reset: "v = 1",
        Refractory: refractory);

    [Theory]
    [InlineData("3", "")]
    [InlineData("tau_ref", "tau_ref = 3.0")]
    public void Item24_RefractoryPeriodFreezesForIntRDtSteps(string refractory, string parameters)
    {
        var (net, _, rec) = Dsl.Create(Refractory(refractory, parameters));
        net.RunSteps(10);
        var data = rec.Drain();
        Assert.Equal([1, 2, 1, 1, 1, 1, 2, 1, 1, 1], Run.Column(data.Variables["v"], 0));
        Assert.Equal([2, 7], data.Spikes![0]);
    }

    [Fact]
    public void Item24_RefractoryZeroMeansNone_AndAPeriodIsTruncatedToWholeSteps()
    {
        var (net, _, rec) = Dsl.Create(Refractory("0"));
        net.RunSteps(6);
        Assert.Equal([2, 4], rec.Drain().Spikes![0]);

        // 0.3 ms at dt 0.1 is int(2.9999999999999996) = 2 steps: spike, 2 frozen steps, then 2 updates to the next spike.
        (net, _, rec) = Dsl.Create(Refractory("0.3"), dt: 0.1);
        net.RunSteps(10);
        Assert.Equal([2, 6], rec.Drain().Spikes![0]);
    }

    [Fact]
    public void Item25_ConductancesEvolveDuringRefractoriness_EverythingElseIsFrozen()
    {
        var model = new NeuronModel(
            Equations: "dv/dt = 1.0\nw = v * 10 + t\ndg_exc/dt = 1.0",
            Spike: "v >= 1.0",
            Reset: "v = 0.0",
            Refractory: "2");
        var (net, _, rec) = Dsl.Create(model);
        net.RunSteps(5);
        var data = rec.Drain();
        Assert.Equal([0.0, 0.0, 0.0, 0.0, 0.0], Run.Column(data.Variables["v"], 0)); // spikes at 0 and 3
        Assert.Equal([10.0, 10.0, 10.0, 13.0, 13.0], Run.Column(data.Variables["w"], 0));
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], Run.Column(data.Variables["g_exc"], 0));
    }

    [Fact]
    public void Item25_AnImplicitVariableIsFrozenNotZeroedDuringRefractoriness()
    {
        var model = new NeuronModel(
            Equations: "dv/dt = 1.0\n10*dy/dt + y = 5.0 : init = 1.0, implicit",
            Spike: "v >= 1.0",
            Reset: "v = 0.0",
            Refractory: "2");
        var y = Dsl.Trace(model, "y", 4);
        var y0 = (5.0 * 1 + 10 * 1.0) / (1 + 10);
        Assert.Equal(y0, y[0], 12);
        Assert.Equal(y0, y[1]);
        Assert.Equal(y0, y[2]);
        Assert.Equal((5.0 + 10 * y0) / 11, y[3], 12);
    }

    [Fact]
    public void Item26_AHiddenConductanceIsAOneStepPulse_ADeclaredOneDecays()
    {
        var pulse = new NeuronModel(Equations: "dv/dt = g_exc - v/10", Spike: "v > 1000");
        var trace = Dsl.Trace(pulse, "v", 3, setup: p => p.Set("g_exc", 2.0));
        Assert.Equal([2.0, 1.8, 1.62], trace.Select(x => Math.Round(x, 12)));

        var decaying = new NeuronModel(Equations: "dv/dt = g_exc\n5*dg_exc/dt = -g_exc : exponential", Spike: "v > 1000");
        var g = Dsl.Trace(decaying, "g_exc", 2, setup: p => p.Set("g_exc", 1.0));
        Assert.Equal(Math.Exp(-0.2), g[0], 12);
        Assert.Equal(Math.Exp(-0.4), g[1], 12);
    }

    [Fact]
    public void Item27_SpikesAreStepIndicesPerNeuron_IncludingEmptyLists()
    {
        var model = new NeuronModel(Parameters: "start = 0.0", Equations: "v = v + 1 : init = start", Spike: "v == 5", Reset: "v = 3");
        var (net, pop, rec) = Dsl.Create(model, size: 2);
        pop.Set("v", [0.0, -100.0]);
        net.RunSteps(10);
        var spikes = rec.Drain().Spikes!;
        Assert.Equal([4, 6, 8], spikes[0]);
        Assert.Empty(spikes[1]);
    }

    [Theory]
    [InlineData(0.3, 0.1, 3)]
    [InlineData(3.3, 0.1, 33)]
    [InlineData(1.1, 0.1, 11)]
    [InlineData(10, 1.0, 10)]
    public void Item28_SimulateRunsCeilDurationOverDtSteps(double duration, double dt, long steps)
    {
        Assert.Equal(steps, Network.StepsFor(duration, dt));
        var (net, _, rec) = Dsl.Create(new NeuronModel(Equations: "r = t"), dt: dt);
        net.Simulate(duration);
        Assert.Equal(steps, net.CurrentStep);
        Assert.Equal((int)steps, rec.Drain().Steps.Length);
    }
}
