using NeuroFit.Models;

namespace NeuroFit.Models.Tests;

/// <summary>Model texts copied from the spec (annarchy-dsl.md §5), used as fixtures independent of the shipped library.</summary>
internal static class TestModels
{
    public static readonly NeuronModel Izhikevich = new(
        Parameters: """
            a = 0.02
            b = 0.2
            c = -65.0
            d = 8.0
            v_thresh = 30.0
            i_offset = 0.0
            noise = 0.0
            tau_refrac = 0.0
            """,
        Equations: """
            I = g_exc - g_inh + noise * Normal(0.0, 1.0) + i_offset
            dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = c
            du/dt = a * (b*v - u) : init = b*c
            """,
        Spike: "v > v_thresh",
        Reset: "v = c\nu += d",
        Refractory: "tau_refrac",
        Name: "Izhikevich");

    public static readonly NeuronModel LeakyIntegrator = new(
        Parameters: """
            tau = 10.0 : population
            B = 0.0
            T = 0.0 : population
            """,
        Equations: """
            tau * dv/dt + v = sum(exc) - sum(inh) + B : exponential
            r = pos(v - T)
            """,
        Name: "LeakyIntegrator");

    public static readonly NeuronModel IfCurrExp = new(
        Parameters: """
            v_rest = -65.0
            cm = 1.0
            tau_m = 20.0
            tau_refrac = 0.0
            tau_syn_E = 5.0
            tau_syn_I = 5.0
            v_thresh = -50.0
            v_reset = -65.0
            i_offset = 0.0
            """,
        Equations: """
            cm*dv/dt = cm/tau_m*(v_rest - v) + g_exc - g_inh + i_offset : exponential, init=v_reset
            tau_syn_E*dg_exc/dt = -g_exc : exponential
            tau_syn_I*dg_inh/dt = -g_inh : exponential
            """,
        Spike: "v > v_thresh",
        Reset: "v = v_reset",
        Refractory: "tau_refrac");

    public static readonly NeuronModel HhCondExp = new(
        Parameters: """
            gbar_Na = 20.0
            gbar_K = 6.0
            gleak = 0.01
            cm = 0.2
            v_offset = -63.0
            e_rev_Na = 50.0
            e_rev_K = -90.0
            e_rev_leak = -65.0
            e_rev_E = 0.0
            e_rev_I = -80.0
            tau_syn_E = 0.2
            tau_syn_I = 2.0
            i_offset = 0.0
            v_thresh = 0.0
            """,
        Equations: """
            prev_v = v
            an = 0.032*(15 - v + v_offset)/(exp((15 - v + v_offset)/5) - 1)
            am = 0.32*(13 - v + v_offset)/(exp((13 - v + v_offset)/4) - 1)
            ah = 0.128*exp((17 - v + v_offset)/18)
            bn = 0.5*exp((10 - v + v_offset)/40)
            bm = 0.28*(v - v_offset - 40)/(exp((v - v_offset - 40)/5) - 1)
            bh = 4/(1 + exp(10 - v + v_offset))
            dn/dt = an*(1-n) - bn*n : init=0, exponential
            dm/dt = am*(1-m) - bm*m : init=0, exponential
            dh/dt = ah*(1-h) - bh*h : init=1, exponential
            cm*dv/dt = gleak*(e_rev_leak - v) + gbar_K*n**4*(e_rev_K - v) + gbar_Na*m**3*h*(e_rev_Na - v)
                       + g_exc*(e_rev_E - v) + g_inh*(e_rev_I - v) + i_offset : exponential, init=-65
            tau_syn_E*dg_exc/dt = -g_exc : exponential
            tau_syn_I*dg_inh/dt = -g_inh : exponential
            """,
        Spike: "(v > v_thresh) and (prev_v <= v_thresh)");
}
