using System.Collections.Immutable;

namespace NeuroFit.Models.Analysis;

/// <summary>Whether an attribute has one value per neuron or one per population.</summary>
public enum Locality
{
    /// <summary>One value per neuron (the default of the string syntax).</summary>
    Local,
    /// <summary>One value for the whole population (<c>: population</c>).</summary>
    Global,
}

/// <summary>Numerical method of an ODE (ANNarchy names in parentheses).</summary>
public enum IntegrationMethod
{
    /// <summary>Forward Euler (<c>explicit</c>, the default).</summary>
    Explicit,
    /// <summary>Backward Euler (<c>implicit</c>); coupled when two or more implicit ODEs exist.</summary>
    Implicit,
    /// <summary><c>semiimplicit</c>: <c>X += (h/τ)/(h/τ + 1)·(A − X)</c>.</summary>
    SemiImplicit,
    /// <summary>Exponential Euler (<c>exponential</c>): <c>X += (1 − exp(−h/τ))·(A − X)</c>.</summary>
    Exponential,
    /// <summary>RK2 (<c>midpoint</c>); coupled when two or more midpoint ODEs exist.</summary>
    Midpoint,
    /// <summary>Classic RK4 (<c>rk4</c>, <c>runge-kutta4</c>) with <c>t</c> frozen in the step; coupled when two or more.</summary>
    RungeKutta4,
}

/// <summary>Rate-coded or spiking.</summary>
public enum NeuronKind
{
    /// <summary>No spike condition; must define <c>r</c>.</summary>
    Rate,
    /// <summary>Has a spike condition; must not define <c>r</c> (a hidden <c>r</c> is added).</summary>
    Spiking,
}

/// <summary>How a variable gets its value each step.</summary>
public enum VariableKind
{
    /// <summary>Integrated ODE.</summary>
    Ode,
    /// <summary>Assignment or increment, recomputed in order each step.</summary>
    Assignment,
    /// <summary>Added by the language, not written by the user (<c>g_exc = 0</c>, the mean-rate <c>r</c> of spiking neurons).</summary>
    Hidden,
}

/// <summary>A parameter: constant during a simulation, settable between runs.</summary>
/// <param name="Name">Attribute name.</param>
/// <param name="Default">Default value (bools as 0/1).</param>
/// <param name="Type">float, int or bool.</param>
/// <param name="Locality">Per neuron or per population.</param>
public sealed record ParameterInfo(string Name, double Default, ValueType Type, Locality Locality);

/// <summary>A state variable.</summary>
/// <param name="Name">Attribute name.</param>
/// <param name="Type">float, int or bool.</param>
/// <param name="Locality">Per neuron or per population.</param>
/// <param name="Kind">ODE, assignment or hidden.</param>
/// <param name="Init">Initial value: constant, parameter, expression of parameters, or a <see cref="RandomEx"/> drawn once per neuron.</param>
/// <param name="Min">Lower clamp applied after the variable's own update, or null.</param>
/// <param name="Max">Upper clamp applied after the variable's own update, or null.</param>
/// <param name="Method">Integration method for ODEs, null otherwise.</param>
public sealed record VariableInfo(
    string Name,
    ValueType Type,
    Locality Locality,
    VariableKind Kind,
    Ex Init,
    Ex? Min,
    Ex? Max,
    IntegrationMethod? Method)
{
    /// <summary>True for conductances (<c>g_*</c>), which keep evolving during the refractory period.</summary>
    public bool IsConductance => Name.StartsWith("g_", StringComparison.Ordinal);
}

/// <summary>One statement of the per-step update, in execution order.</summary>
public abstract record Statement;

/// <summary>
/// <c>x = value</c>; increments (<c>x += e</c>, <c>-=</c>, <c>*=</c>, <c>/=</c>) arrive already rewritten as
/// <c>x = x op (e)</c>. Runs sequentially (sees the newest values), then clamps <c>x</c> to its min/max
/// (except in reset statements, which are never clamped).
/// </summary>
public sealed record AssignStatement(int Variable, Ex Value) : Statement;

/// <summary>
/// A block of ODEs updated simultaneously: every increment (all stages) is computed from the values at the
/// start of the block, then each variable is switched in order and clamped.
/// All ODEs of a block with method Implicit, Midpoint or RungeKutta4 form one coupled system
/// (the analysis puts every ODE of that kind in the neuron into one block, and only one such kind is allowed).
/// </summary>
public sealed record OdeBlock(ImmutableArray<Ode> Odes) : Statement;

/// <summary>One ODE, always available as <c>dX/dt = Derivative</c>.</summary>
/// <param name="Variable">Index of X in <see cref="AnalysedModel.Variables"/>.</param>
/// <param name="Method">Integration method.</param>
/// <param name="Derivative">f in <c>dX/dt = f</c>.</param>
/// <param name="Linear">
/// For Exponential, SemiImplicit and a single Implicit ODE: the standard form <c>τ·dX/dt + X = A</c>
/// (neither τ nor A contains X). Null when the method does not need it.
/// </param>
/// <param name="Affine">
/// For coupled Implicit ODEs: <c>f = Offset + Σ_j Coefficients[j]·Y_j</c> over the block's implicit variables
/// Y (in block order); no coefficient contains a coupled variable. Null otherwise.
/// </param>
public sealed record Ode(int Variable, IntegrationMethod Method, Ex Derivative, LinearForm? Linear, AffineForm? Affine);

/// <summary><c>τ·dX/dt + X = A</c>.</summary>
public sealed record LinearForm(Ex Tau, Ex Target);

/// <summary><c>dX/dt = Offset + Σ Coefficients[j]·Y_j</c>.</summary>
public sealed record AffineForm(Ex Offset, ImmutableArray<Ex> Coefficients);

/// <summary>
/// The checked, analysed neuron model: everything the engine needs, with names resolved to indices.
/// Produced by the model language front end (<c>NeuronModel.Analyse()</c>); consumed by the kernel compiler.
/// </summary>
/// <param name="Name">Model name (reporting only).</param>
/// <param name="Description">One-line description (reporting only).</param>
/// <param name="Kind">Rate or spiking.</param>
/// <param name="Parameters">Parameters in declaration order.</param>
/// <param name="Variables">Variables in declaration order, hidden ones last.</param>
/// <param name="GlobalStatements">Update of global variables, run once per step before the local pass.</param>
/// <param name="LocalStatements">Update of local variables, run per neuron.</param>
/// <param name="Spike">Spike condition on post-update values (spiking neurons), else null.</param>
/// <param name="Reset">Reset statements applied in order right after a spike (not clamped, not masked).</param>
/// <param name="RefractoryMs">Refractory period in ms: a constant, or a parameter/variable read at spike time; null = none.</param>
/// <param name="Inputs">Targets of <c>sum(target)</c> (empty string for <c>sum()</c>), indexed by <see cref="InputEx"/>.</param>
/// <param name="RandomStreamCount">Number of random occurrences (<see cref="RandomEx.Stream"/> values 0..count-1), init draws included.</param>
/// <param name="Warnings">Non-fatal diagnostics (e.g. integer-literal division).</param>
public sealed record AnalysedModel(
    string Name,
    string Description,
    NeuronKind Kind,
    ImmutableArray<ParameterInfo> Parameters,
    ImmutableArray<VariableInfo> Variables,
    ImmutableArray<Statement> GlobalStatements,
    ImmutableArray<Statement> LocalStatements,
    Ex? Spike,
    ImmutableArray<AssignStatement> Reset,
    Ex? RefractoryMs,
    ImmutableArray<string> Inputs,
    int RandomStreamCount,
    ImmutableArray<string> Warnings)
{
    /// <summary>Index of the parameter called <paramref name="name"/>, or −1.</summary>
    public int ParameterIndex(string name)
    {
        for (var i = 0; i < Parameters.Length; i++)
            if (Parameters[i].Name == name) return i;
        return -1;
    }

    /// <summary>Index of the variable called <paramref name="name"/>, or −1.</summary>
    public int VariableIndex(string name)
    {
        for (var i = 0; i < Variables.Length; i++)
            if (Variables[i].Name == name) return i;
        return -1;
    }
}
