namespace NeuroFit.Models;

/// <summary>
/// The built-in neuron models, written in the model language (Library/*.yaml, embedded). One factory per model takes
/// optional named parameter overrides: <c>BuiltinModels.Izhikevich2007(C: 66.5, k: 2.3)</c>.
/// </summary>
public static partial class BuiltinModels
{
    /// <summary>Rate-coded leaky integrator of its inputs (ANNarchy LeakyIntegrator), output r = pos(v - T). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel LeakyIntegrator(double? tau = null, double? B = null, double? T = null) =>
        Create("LeakyIntegrator", [("tau", tau), ("B", B), ("T", T)]);

    /// <summary>Izhikevich (2003) quadratic integrate-and-fire neuron (ANNarchy Izhikevich), dimensionless units. Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich(double? a = null, double? b = null, double? c = null, double? d = null, double? v_thresh = null, double? i_offset = null, double? noise = null, double? tau_refrac = null) =>
        Create("Izhikevich", [("a", a), ("b", b), ("c", c), ("d", d), ("v_thresh", v_thresh), ("i_offset", i_offset), ("noise", noise), ("tau_refrac", tau_refrac)]);

    /// <summary>Leaky integrate-and-fire with exponentially decaying current-based synapses (ANNarchy/PyNN IF_curr_exp). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel IF_curr_exp(double? v_rest = null, double? cm = null, double? tau_m = null, double? tau_refrac = null, double? tau_syn_E = null, double? tau_syn_I = null, double? v_thresh = null, double? v_reset = null, double? i_offset = null) =>
        Create("IF_curr_exp", [("v_rest", v_rest), ("cm", cm), ("tau_m", tau_m), ("tau_refrac", tau_refrac), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("v_thresh", v_thresh), ("v_reset", v_reset), ("i_offset", i_offset)]);

    /// <summary>Leaky integrate-and-fire with exponentially decaying conductance-based synapses (ANNarchy/PyNN IF_cond_exp). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel IF_cond_exp(double? v_rest = null, double? cm = null, double? tau_m = null, double? tau_refrac = null, double? tau_syn_E = null, double? tau_syn_I = null, double? e_rev_E = null, double? e_rev_I = null, double? v_thresh = null, double? v_reset = null, double? i_offset = null) =>
        Create("IF_cond_exp", [("v_rest", v_rest), ("cm", cm), ("tau_m", tau_m), ("tau_refrac", tau_refrac), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("e_rev_E", e_rev_E), ("e_rev_I", e_rev_I), ("v_thresh", v_thresh), ("v_reset", v_reset), ("i_offset", i_offset)]);

    /// <summary>Leaky integrate-and-fire with alpha-shaped current-based synapses (ANNarchy/PyNN IF_curr_alpha). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel IF_curr_alpha(double? v_rest = null, double? cm = null, double? tau_m = null, double? tau_refrac = null, double? tau_syn_E = null, double? tau_syn_I = null, double? v_thresh = null, double? v_reset = null, double? i_offset = null) =>
        Create("IF_curr_alpha", [("v_rest", v_rest), ("cm", cm), ("tau_m", tau_m), ("tau_refrac", tau_refrac), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("v_thresh", v_thresh), ("v_reset", v_reset), ("i_offset", i_offset)]);

    /// <summary>Leaky integrate-and-fire with alpha-shaped conductance-based synapses (ANNarchy/PyNN IF_cond_alpha). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel IF_cond_alpha(double? v_rest = null, double? cm = null, double? tau_m = null, double? tau_refrac = null, double? tau_syn_E = null, double? tau_syn_I = null, double? e_rev_E = null, double? e_rev_I = null, double? v_thresh = null, double? v_reset = null, double? i_offset = null) =>
        Create("IF_cond_alpha", [("v_rest", v_rest), ("cm", cm), ("tau_m", tau_m), ("tau_refrac", tau_refrac), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("e_rev_E", e_rev_E), ("e_rev_I", e_rev_I), ("v_thresh", v_thresh), ("v_reset", v_reset), ("i_offset", i_offset)]);

    /// <summary>Hodgkin-Huxley (Traub) neuron with exponentially decaying conductance-based synapses (ANNarchy/PyNN HH_cond_exp). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel HH_cond_exp(double? gbar_Na = null, double? gbar_K = null, double? gleak = null, double? cm = null, double? v_offset = null, double? e_rev_Na = null, double? e_rev_K = null, double? e_rev_leak = null, double? e_rev_E = null, double? e_rev_I = null, double? tau_syn_E = null, double? tau_syn_I = null, double? i_offset = null, double? v_thresh = null) =>
        Create("HH_cond_exp", [("gbar_Na", gbar_Na), ("gbar_K", gbar_K), ("gleak", gleak), ("cm", cm), ("v_offset", v_offset), ("e_rev_Na", e_rev_Na), ("e_rev_K", e_rev_K), ("e_rev_leak", e_rev_leak), ("e_rev_E", e_rev_E), ("e_rev_I", e_rev_I), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("i_offset", i_offset), ("v_thresh", v_thresh)]);

    /// <summary>Adaptive exponential integrate-and-fire (AdEx, Brette &amp; Gerstner 2005) with exponential conductances (ANNarchy/PyNN). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel EIF_cond_exp_isfa_ista(double? v_rest = null, double? cm = null, double? tau_m = null, double? tau_refrac = null, double? tau_syn_E = null, double? tau_syn_I = null, double? e_rev_E = null, double? e_rev_I = null, double? tau_w = null, double? a = null, double? b = null, double? i_offset = null, double? delta_T = null, double? v_thresh = null, double? v_reset = null, double? v_spike = null) =>
        Create("EIF_cond_exp_isfa_ista", [("v_rest", v_rest), ("cm", cm), ("tau_m", tau_m), ("tau_refrac", tau_refrac), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("e_rev_E", e_rev_E), ("e_rev_I", e_rev_I), ("tau_w", tau_w), ("a", a), ("b", b), ("i_offset", i_offset), ("delta_T", delta_T), ("v_thresh", v_thresh), ("v_reset", v_reset), ("v_spike", v_spike)]);

    /// <summary>Adaptive exponential integrate-and-fire (AdEx) with alpha-shaped conductances (ANNarchy/PyNN). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel EIF_cond_alpha_isfa_ista(double? v_rest = null, double? cm = null, double? tau_m = null, double? tau_refrac = null, double? tau_syn_E = null, double? tau_syn_I = null, double? e_rev_E = null, double? e_rev_I = null, double? tau_w = null, double? a = null, double? b = null, double? i_offset = null, double? delta_T = null, double? v_thresh = null, double? v_reset = null, double? v_spike = null) =>
        Create("EIF_cond_alpha_isfa_ista", [("v_rest", v_rest), ("cm", cm), ("tau_m", tau_m), ("tau_refrac", tau_refrac), ("tau_syn_E", tau_syn_E), ("tau_syn_I", tau_syn_I), ("e_rev_E", e_rev_E), ("e_rev_I", e_rev_I), ("tau_w", tau_w), ("a", a), ("b", b), ("i_offset", i_offset), ("delta_T", delta_T), ("v_thresh", v_thresh), ("v_reset", v_reset), ("v_spike", v_spike)]);

    /// <summary>Generalized (escape-noise) integrate-and-fire with a moving threshold and stochastic spiking (ANNarchy GIF_curr). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel GIF_curr(double? tau_m = null, double? R = null, double? tau_v = null, double? J_v = null, double? u_r = null, double? u_th = null, double? c = null, double? delta_u = null, double? I_ext = null) =>
        Create("GIF_curr", [("tau_m", tau_m), ("R", R), ("tau_v", tau_v), ("J_v", J_v), ("u_r", u_r), ("u_th", u_th), ("c", c), ("delta_u", delta_u), ("I_ext", I_ext)]);

    /// <summary>GIF_curr with exponentially decaying current-based synapses (ANNarchy GIF_curr_exp). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel GIF_curr_exp(double? tau_m = null, double? R = null, double? tau_v = null, double? J_v = null, double? u_r = null, double? u_th = null, double? c = null, double? delta_u = null, double? I_ext = null, double? tau_g_exc = null, double? tau_g_inh = null) =>
        Create("GIF_curr_exp", [("tau_m", tau_m), ("R", R), ("tau_v", tau_v), ("J_v", J_v), ("u_r", u_r), ("u_th", u_th), ("c", c), ("delta_u", delta_u), ("I_ext", I_ext), ("tau_g_exc", tau_g_exc), ("tau_g_inh", tau_g_inh)]);

    /// <summary>Izhikevich (2007) simple model in physical units (CompNeuroPy Izhikevich2007); v starts at v_r. Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null) =>
        Create("Izhikevich2007", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app)]);

    /// <summary>Izhikevich2007 with its currents I_u, I_k and I_a as recordable variables (CompNeuroPy Izhikevich2007RecCur). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007RecCur(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null) =>
        Create("Izhikevich2007RecCur", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app)]);

    /// <summary>Izhikevich2007 with v clamped (dv/dt = 0) to record the instantaneous current I_inf (CompNeuroPy Izhikevich2007VoltageClamp). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007VoltageClamp(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null) =>
        Create("Izhikevich2007VoltageClamp", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app)]);

    /// <summary>Izhikevich2007 with conductance-based AMPA and GABA synapses (CompNeuroPy Izhikevich2007Syn). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007Syn(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null) =>
        Create("Izhikevich2007Syn", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba)]);

    /// <summary>Izhikevich2007Syn with Poisson-timed kicks to the AMPA conductance (CompNeuroPy Izhikevich2007NoisyAmpa). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007NoisyAmpa(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? increase_noise = null, double? rates_noise = null) =>
        Create("Izhikevich2007NoisyAmpa", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("increase_noise", increase_noise), ("rates_noise", rates_noise)]);

    /// <summary>Izhikevich2007Syn with a baseline current that jumps to Gaussian values at Poisson times (CompNeuroPy Izhikevich2007NoisyBase). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007NoisyBase(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? base_mean = null, double? base_noise = null, double? rate_base_noise = null) =>
        Create("Izhikevich2007NoisyBase", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("base_mean", base_mean), ("base_noise", base_noise), ("rate_base_noise", rate_base_noise)]);

    /// <summary>Izhikevich (2007) fast-spiking interneuron with a cubic recovery below v_b and noisy AMPA input (CompNeuroPy Izhikevich2007FsiNoisyAmpa). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2007FsiNoisyAmpa(double? C = null, double? k = null, double? v_r = null, double? v_t = null, double? v_b = null, double? a = null, double? b = null, double? c = null, double? d = null, double? v_peak = null, double? I_app = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? increase_noise = null, double? rates_noise = null) =>
        Create("Izhikevich2007FsiNoisyAmpa", [("C", C), ("k", k), ("v_r", v_r), ("v_t", v_t), ("v_b", v_b), ("a", a), ("b", b), ("c", c), ("d", d), ("v_peak", v_peak), ("I_app", I_app), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("increase_noise", increase_noise), ("rates_noise", rates_noise)]);

    /// <summary>Izhikevich (2003) with the fixed quadratic 0.04v^2+5v+140 and noisy AMPA input (CompNeuroPy Izhikevich2003FixedNoisyAmpa). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2003FixedNoisyAmpa(double? a = null, double? b = null, double? c = null, double? d = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? I_app = null, double? increase_noise = null, double? rates_noise = null) =>
        Create("Izhikevich2003FixedNoisyAmpa", [("a", a), ("b", b), ("c", c), ("d", d), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("I_app", I_app), ("increase_noise", increase_noise), ("rates_noise", rates_noise)]);

    /// <summary>Izhikevich (2003) with a free quadratic n2*v^2+n1*v+n0 and noisy AMPA input (CompNeuroPy Izhikevich2003NoisyAmpa). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2003NoisyAmpa(double? a = null, double? b = null, double? c = null, double? d = null, double? n2 = null, double? n1 = null, double? n0 = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? I_app = null, double? increase_noise = null, double? rates_noise = null) =>
        Create("Izhikevich2003NoisyAmpa", [("a", a), ("b", b), ("c", c), ("d", d), ("n2", n2), ("n1", n1), ("n0", n0), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("I_app", I_app), ("increase_noise", increase_noise), ("rates_noise", rates_noise)]);

    /// <summary>Izhikevich2003NoisyAmpa with a power-law input nonlinearity f(I, nonlin) (CompNeuroPy Izhikevich2003NoisyAmpaNonlin). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2003NoisyAmpaNonlin(double? a = null, double? b = null, double? c = null, double? d = null, double? n2 = null, double? n1 = null, double? n0 = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? I_app = null, double? increase_noise = null, double? rates_noise = null, double? nonlin = null) =>
        Create("Izhikevich2003NoisyAmpaNonlin", [("a", a), ("b", b), ("c", c), ("d", d), ("n2", n2), ("n1", n1), ("n0", n0), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("I_app", I_app), ("increase_noise", increase_noise), ("rates_noise", rates_noise), ("nonlin", nonlin)]);

    /// <summary>Izhikevich2003NoisyAmpa with an added sinusoidal current osc (CompNeuroPy Izhikevich2003NoisyAmpaOscillating). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2003NoisyAmpaOscillating(double? a = null, double? b = null, double? c = null, double? d = null, double? n2 = null, double? n1 = null, double? n0 = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? I_app = null, double? increase_noise = null, double? rates_noise = null, double? freq = null, double? amp = null) =>
        Create("Izhikevich2003NoisyAmpaOscillating", [("a", a), ("b", b), ("c", c), ("d", d), ("n2", n2), ("n1", n1), ("n0", n0), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("I_app", I_app), ("increase_noise", increase_noise), ("rates_noise", rates_noise), ("freq", freq), ("amp", amp)]);

    /// <summary>Izhikevich (2003) with a free quadratic, synapses and a noisy baseline current (CompNeuroPy Izhikevich2003NoisyBase). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2003NoisyBase(double? a = null, double? b = null, double? c = null, double? d = null, double? n2 = null, double? n1 = null, double? n0 = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? I_app = null, double? base_mean = null, double? base_noise = null, double? rate_base_noise = null) =>
        Create("Izhikevich2003NoisyBase", [("a", a), ("b", b), ("c", c), ("d", d), ("n2", n2), ("n1", n1), ("n0", n0), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("I_app", I_app), ("base_mean", base_mean), ("base_noise", base_noise), ("rate_base_noise", rate_base_noise)]);

    /// <summary>Izhikevich2003NoisyBase with a power-law input nonlinearity f(I, nonlin) (CompNeuroPy Izhikevich2003NoisyBaseNonlin). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel Izhikevich2003NoisyBaseNonlin(double? a = null, double? b = null, double? c = null, double? d = null, double? n2 = null, double? n1 = null, double? n0 = null, double? tau_ampa = null, double? tau_gaba = null, double? E_ampa = null, double? E_gaba = null, double? I_app = null, double? base_mean = null, double? base_noise = null, double? rate_base_noise = null, double? nonlin = null) =>
        Create("Izhikevich2003NoisyBaseNonlin", [("a", a), ("b", b), ("c", c), ("d", d), ("n2", n2), ("n1", n1), ("n0", n0), ("tau_ampa", tau_ampa), ("tau_gaba", tau_gaba), ("E_ampa", E_ampa), ("E_gaba", E_gaba), ("I_app", I_app), ("base_mean", base_mean), ("base_noise", base_noise), ("rate_base_noise", rate_base_noise), ("nonlin", nonlin)]);

    /// <summary>Integrates incoming spikes in g_ampa and, at the threshold, sets decision to neuron_id, for stop conditions (CompNeuroPy IntegratorNeuron). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel IntegratorNeuron(double? tau = null, double? threshold = null, double? neuron_id = null) =>
        Create("IntegratorNeuron", [("tau", tau), ("threshold", threshold), ("neuron_id", neuron_id)]);

    /// <summary>Rate-coded integrator of incoming spikes in g_ampa, for stop conditions (CompNeuroPy IntegratorNeuronSimple). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel IntegratorNeuronSimple(double? tau = null, double? neuron_id = null) =>
        Create("IntegratorNeuronSimple", [("tau", tau), ("neuron_id", neuron_id)]);

    /// <summary>Poisson spike source with a fixed rate in Hz (CompNeuroPy PoissonNeuron). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel PoissonNeuron(double? rates = null) =>
        Create("PoissonNeuron", [("rates", rates)]);

    /// <summary>Poisson spike source whose rate follows the parameter rates with rise and decay time constants (CompNeuroPy PoissonNeuronUpDown). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel PoissonNeuronUpDown(double? rates = null, double? tau_up = null, double? tau_down = null) =>
        Create("PoissonNeuronUpDown", [("rates", rates), ("tau_up", tau_up), ("tau_down", tau_down)]);

    /// <summary>Poisson spike source with a sinusoidal rate (CompNeuroPy PoissonNeuronSin). Each argument overrides the parameter of the same name.</summary>
    public static NeuronModel PoissonNeuronSin(double? amplitude = null, double? @base = null, double? frequency = null, double? phase = null) =>
        Create("PoissonNeuronSin", [("amplitude", amplitude), ("base", @base), ("frequency", frequency), ("phase", phase)]);
}
