using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Tests.Support;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>annarchy-dsl.md §10 item 16: <c>tau*dv/dt + v = E</c> under all six methods against closed forms.</summary>
public class ClosedFormTests
{
    private const double Tau = 10.0, E = -50.0, V0 = -70.0;

    private static AnalysedModel Leak(IntegrationMethod method) => new ModelBuilder($"leak_{method}")
        .Param("tau", Tau).Param("E", E)
        .Var("v", init: V0.ToString("R", System.Globalization.CultureInfo.InvariantCulture), method: method)
        .Block(new OdeSpec("v", method, "(E - v)/tau", Tau: "tau", Target: "E"))
        .Build();

    /// <summary>Per-step amplification of (v − E) for each method, x = h/τ.</summary>
    private static double Factor(IntegrationMethod method, double h)
    {
        var x = h / Tau;
        return method switch
        {
            IntegrationMethod.Explicit => 1 - x,
            IntegrationMethod.Implicit or IntegrationMethod.SemiImplicit => 1 / (1 + x),
            IntegrationMethod.Exponential => Math.Exp(-x),
            IntegrationMethod.Midpoint => 1 - x + x * x / 2,
            IntegrationMethod.RungeKutta4 => 1 - x + x * x / 2 - x * x * x / 6 + x * x * x * x / 24,
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    [Theory]
    [InlineData(IntegrationMethod.Explicit, 0.1)]
    [InlineData(IntegrationMethod.Implicit, 0.1)]
    [InlineData(IntegrationMethod.SemiImplicit, 0.1)]
    [InlineData(IntegrationMethod.Exponential, 0.1)]
    [InlineData(IntegrationMethod.Midpoint, 0.1)]
    [InlineData(IntegrationMethod.RungeKutta4, 0.1)]
    [InlineData(IntegrationMethod.Explicit, 1.0)]
    [InlineData(IntegrationMethod.Implicit, 1.0)]
    [InlineData(IntegrationMethod.SemiImplicit, 1.0)]
    [InlineData(IntegrationMethod.Exponential, 1.0)]
    [InlineData(IntegrationMethod.Midpoint, 1.0)]
    [InlineData(IntegrationMethod.RungeKutta4, 1.0)]
    public void LeakyIntegratorMatchesClosedFormAfter1_10_1000Steps(IntegrationMethod method, double dt)
    {
        var net = new Network(dt, cache: new KernelCache());
        var pop = net.AddPopulation("p", Leak(method), 3);
        var done = 0;
        foreach (var n in new[] { 1, 10, 1000 })
        {
            net.RunSteps(n - done);
            done = n;
            var expected = E + (V0 - E) * Math.Pow(Factor(method, dt), n);
            foreach (var v in pop.Get("v"))
                Assert.True(Math.Abs(v - expected) <= 1e-12 * Math.Abs(expected), $"{method} dt={dt} after {n} steps: {v:R} vs {expected:R}");
        }
    }

    [Fact]
    public void SemiImplicitAndImplicitAgreeOnALinearEquation()
    {
        var a = Run.Engine(Leak(IntegrationMethod.Implicit), 1, 50, dt: 0.5);
        var b = Run.Engine(Leak(IntegrationMethod.SemiImplicit), 1, 50, dt: 0.5);
        for (var t = 0; t < 50; t++) Assert.Equal(a.Variables["v"][t, 0], b.Variables["v"][t, 0], 12);
    }
}
