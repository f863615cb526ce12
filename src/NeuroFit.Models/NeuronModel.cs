using NeuroFit.Models.Analysis;

namespace NeuroFit.Models;

/// <summary>
/// A neuron model written in the ANNarchy neuron language: the same strings as ANNarchy's <c>Neuron(...)</c>.
/// <see cref="Analyse"/> parses and checks it and returns the <see cref="AnalysedModel"/> the engine compiles.
/// </summary>
/// <param name="Parameters">Parameter block: <c>name = value [: flags]</c> per line or <c>;</c>.</param>
/// <param name="Equations">Equation block: ODEs, assignments and increments in order.</param>
/// <param name="Spike">Spike condition; makes the neuron spiking.</param>
/// <param name="Reset">Statements applied after a spike.</param>
/// <param name="Refractory">Refractory period: a number of ms or the name of a parameter/variable.</param>
/// <param name="Functions">User functions <c>name(args) = expr</c>.</param>
/// <param name="Name">Name used in reports.</param>
/// <param name="Description">One-line description.</param>
public sealed record NeuronModel(
    string Parameters = "",
    string Equations = "",
    string? Spike = null,
    string? Reset = null,
    string? Refractory = null,
    string? Functions = null,
    string Name = "",
    string Description = "")
{
    /// <summary>Parses and checks the model. Throws <see cref="ModelException"/> for any mistake in the text.</summary>
    public AnalysedModel Analyse() => Binding.ModelAnalyser.Analyse(this);

    /// <summary>
    /// The same model with new default values for the named parameters, written into the parameter text (comments,
    /// flags and layout are kept). Throws <see cref="ModelException"/> (NF1301) for an unknown name and (NF1302) for a
    /// value the parameter's type cannot hold.
    /// </summary>
    public NeuronModel WithParameters(params IEnumerable<(string Name, double Value)> values) =>
        this with { Parameters = Files.TextRewriter.SetParameters(Parameters, values) };

    /// <summary>The same model with new default values for the named parameters (dictionary form).</summary>
    public NeuronModel WithParameters(IReadOnlyDictionary<string, double> values) =>
        WithParameters(values.Select(p => (p.Key, p.Value)));

    /// <summary>
    /// The same model with <c>init = value</c> set on the named variables (CompNeuroPy's <c>init={"v": -60}</c>):
    /// an existing <c>init=</c> flag is replaced, otherwise one is added.
    /// </summary>
    public NeuronModel WithInitialValues(params IEnumerable<(string Variable, double Value)> values) =>
        this with { Equations = Files.TextRewriter.SetInitialValues(Equations, values) };
}
