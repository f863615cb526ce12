using NeuroFit.Models.Analysis;
using VT = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Simulation.Tests.Support;

/// <summary>Hand-built models covering the engine's features.</summary>
internal static class TestModels
{
    /// <summary>Izhikevich as in the bench workload: I a local parameter, explicit Euler, v ≥ 30 → v = c; u += d.</summary>
    public static AnalysedModel Izhikevich() => new ModelBuilder("izh")
        .Param("a", 0.02).Param("b", 0.2).Param("c", -65).Param("d", 8).Param("I", 0)
        .Var("v", init: "-65.0", method: IntegrationMethod.Explicit)
        .Var("u", init: "-13.0", method: IntegrationMethod.Explicit)
        .Block(new OdeSpec("v", IntegrationMethod.Explicit, "0.04*v^2 + 5.0*v + 140.0 - u + I"),
               new OdeSpec("u", IntegrationMethod.Explicit, "a*(b*v - u)"))
        .Spike("v >= 30").Reset("v", "c").Reset("u", "u + d")
        .Build();

    /// <summary>The built-in Izhikevich shape: noise through a Normal draw every step, refractory by parameter, hidden g_exc.</summary>
    public static AnalysedModel NoisyIzhikevich() => new ModelBuilder("izh_noise")
        .Param("a", 0.02).Param("b", 0.2).Param("c", -65).Param("d", 8).Param("v_thresh", 30).Param("i_offset", 10)
        .Param("noise", 2.0).Param("tau_refrac", 2.0)
        .Var("I").Var("v", init: "c", method: IntegrationMethod.Explicit).Var("u", init: "b*c", method: IntegrationMethod.Explicit)
        .Var("g_exc").Var("g_inh")
        .Assign("I", "g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset")
        .Block(new OdeSpec("v", IntegrationMethod.Explicit, "0.04 * v^2 + 5.0 * v + 140.0 - u + I"),
               new OdeSpec("u", IntegrationMethod.Explicit, "a * (b*v - u)"))
        .Assign("g_exc", "0.0").Assign("g_inh", "0.0")
        .Spike("v > v_thresh").Reset("v", "c").Reset("u", "u + d").Refractory("tau_refrac")
        .Build();

    /// <summary>Exponential-Euler conductance LIF with an alpha-like chain, clamps and a t_last-dependent term.</summary>
    public static AnalysedModel ConductanceLif() => new ModelBuilder("lif_cond")
        .Param("tau_m", 20).Param("cm", 1).Param("v_rest", -65).Param("e_exc", 0).Param("tau_e", 5)
        .Param("v_thresh", -50).Param("v_reset", -65).Param("i_offset", 2.5).Param("tau_refrac", 2)
        .Var("v", init: "v_rest", min: "-90", method: IntegrationMethod.Exponential)
        .Var("g_exc", method: IntegrationMethod.Exponential)
        .Var("since", init: "0")
        .Block(new OdeSpec("v", IntegrationMethod.Exponential, "(cm/tau_m*(v_rest - v) + g_exc*(e_exc - v) + i_offset)/cm",
                   Tau: "cm/(cm/tau_m + g_exc)", Target: "(cm/tau_m*v_rest + g_exc*e_exc + i_offset)/(cm/tau_m + g_exc)"),
               new OdeSpec("g_exc", IntegrationMethod.Exponential, "-g_exc/tau_e", Tau: "tau_e", Target: "0.0"))
        .Assign("since", "t - t_last")
        .Spike("v > v_thresh").Reset("v", "v_reset").Reset("g_exc", "g_exc + 0.1").Refractory("tau_refrac")
        .Build();

    /// <summary>Every expression feature: ints, bools, conditionals, functions, modulo, powers, clamps, t.</summary>
    public static AnalysedModel Kitchen() => new ModelBuilder("kitchen")
        .Param("k", 3, type: VT.Int).Param("flag", 1, type: VT.Bool).Param("x0", 0.7).Param("g", 1.5, Locality.Global)
        .Var("x", init: "x0", min: "-2", max: "2.5", method: IntegrationMethod.Explicit)
        .Var("n", type: VT.Int).Var("b", type: VT.Bool).Var("y").Var("z").Var("w")
        .Assign("n", "n + k/2 + modulo(7.9, 3)")
        .Assign("b", "(x > 0.5) and not (n > 40) or flag == 0")
        .Assign("y", "ite(b, exp(-x*x) + log(1 + abs(x)) + sqrt(abs(x)) + x^3 + x**(-2) + x^0.5, pos(x) - neg(x))")
        .Ode("x", "g*sin(t/7) - x + 0.3*cos(x) + tanh(x) - atan(x) + clip(x, -0.1, 0.1)")
        .Assign("z", "max(x, y, 0.2) + min(x, -y) + round(x*3.3) + floor(x) + ceil(x) + power(x, 3) + 7.5 % (1 + abs(x)) + x^1.7")
        .Assign("w", "ite(isfinite(y), y, -1) + ite(isnan(z), 1, 0) + log10(2 + x) + sinh(x)/(1 + cosh(x)) + tan(x/3) + asin(x/9) + acos(x/9)")
        .Build();

    /// <summary>A global ODE, a global op (previous step's mean) and an assignment reading a later variable.</summary>
    public static AnalysedModel Globals() => new ModelBuilder("globals")
        .Param("tau", 10, Locality.Global).Param("drive", 1)
        .Var("m", init: "1", locality: Locality.Global, method: IntegrationMethod.Explicit)
        .Var("gmean", locality: Locality.Global)
        .Var("r", init: "0.5").Var("early").Var("v", method: IntegrationMethod.RungeKutta4)
        .Ode("m", "-m/tau + 0.01*Normal(0, 1)")
        .Assign("gmean", "mean(v) + max(v)")
        .Assign("early", "v*2")
        .Block(new OdeSpec("v", IntegrationMethod.RungeKutta4, "(drive*m - v)/5 + 0.1*gmean + Uniform(-0.1, 0.1)"))
        .Assign("r", "pos(v - 0.2)")
        .Build();

    /// <summary>Coupled midpoint, RK4 and implicit pairs (a damped oscillator) in one model each.</summary>
    public static AnalysedModel Oscillator(IntegrationMethod method)
    {
        var b = new ModelBuilder($"osc_{method}").Param("k", 2.0).Param("c", 0.3)
            .Var("x", init: "1.0", method: method).Var("y", init: "0.0", method: method);
        if (method == IntegrationMethod.Implicit)
            b.Block(new OdeSpec("x", method, "y", Offset: "0.0", Coefficients: ["0.0", "1.0"]),
                    new OdeSpec("y", method, "-k*x - c*y", Offset: "0.0", Coefficients: ["-k", "-c"]));
        else
            b.Block(new OdeSpec("x", method, "y"), new OdeSpec("y", method, "-k*x - c*y"));
        return b.Build();
    }
}
