using System.Globalization;
using System.Text;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Models;

/// <summary>A readable summary of an analysed model: parameters, variables, the update order with its ODE blocks and methods.</summary>
public static class ModelReport
{
    /// <summary>Multi-line text describing <paramref name="model"/>.</summary>
    public static string Describe(AnalysedModel model)
    {
        var text = new StringBuilder();
        var kind = model.Kind == NeuronKind.Spiking ? "spiking" : "rate-coded";
        text.Append(CultureInfo.InvariantCulture, $"model {(model.Name.Length > 0 ? model.Name : "(unnamed)")} ({kind})");
        if (model.Description.Length > 0) text.Append(": ").Append(model.Description);
        text.Append('\n');

        text.Append(CultureInfo.InvariantCulture, $"parameters ({model.Parameters.Length}):\n");
        var width = Math.Max(4, model.Parameters.Select(p => p.Name.Length).Concat(model.Variables.Select(v => v.Name.Length)).DefaultIfEmpty(0).Max());
        foreach (var p in model.Parameters)
            text.Append(CultureInfo.InvariantCulture,
                $"  {p.Name.PadRight(width)}  = {ExFormatter.FormatNumber(p.Default, p.Type),-10}  {Type(p.Type),-5}  {Locality(p.Locality)}\n");

        text.Append(CultureInfo.InvariantCulture, $"variables ({model.Variables.Length}):\n");
        foreach (var v in model.Variables)
        {
            var how = v.Kind switch
            {
                VariableKind.Ode => $"ODE, {Method(v.Method!.Value)}",
                VariableKind.Assignment => "assignment",
                _ => v.Name == "r" ? "hidden: mean firing rate" : "hidden: input conductance, reset to 0 each step",
            };
            text.Append(CultureInfo.InvariantCulture, $"  {v.Name.PadRight(width)}  {how,-28}  {Type(v.Type),-5}  {Locality(v.Locality),-6}  init {ExFormatter.Format(v.Init, model)}");
            if (v.Min is not null) text.Append(CultureInfo.InvariantCulture, $", min {ExFormatter.Format(v.Min, model)}");
            if (v.Max is not null) text.Append(CultureInfo.InvariantCulture, $", max {ExFormatter.Format(v.Max, model)}");
            text.Append('\n');
        }

        if (model.GlobalStatements.Length > 0)
        {
            text.Append("update, once per population (before the neurons):\n");
            WriteStatements(text, model, model.GlobalStatements);
        }
        text.Append("update, per neuron:\n");
        WriteStatements(text, model, model.LocalStatements);

        if (model.Spike is not null) text.Append("spike: ").Append(ExFormatter.Format(model.Spike, model)).Append('\n');
        if (model.Reset.Length > 0)
            text.Append("reset: ").Append(string.Join("; ", model.Reset.Select(r => $"{model.Variables[r.Variable].Name} = {ExFormatter.Format(r.Value, model)}"))).Append('\n');
        if (model.RefractoryMs is not null) text.Append("refractory: ").Append(ExFormatter.Format(model.RefractoryMs, model)).Append(" ms\n");
        if (model.Inputs.Length > 0)
            text.Append("inputs: ").Append(string.Join(", ", model.Inputs.Select(i => $"sum({i})"))).Append('\n');
        if (model.RandomStreamCount > 0) text.Append(CultureInfo.InvariantCulture, $"random streams: {model.RandomStreamCount}\n");
        foreach (var warning in model.Warnings) text.Append(warning).Append('\n');
        return text.ToString();
    }

    private static void WriteStatements(StringBuilder text, AnalysedModel model, IReadOnlyList<Statement> statements)
    {
        if (statements.Count == 0) text.Append("  (nothing)\n");
        for (var i = 0; i < statements.Count; i++)
        {
            switch (statements[i])
            {
                case AssignStatement a:
                    text.Append(CultureInfo.InvariantCulture, $"  {i + 1}. {model.Variables[a.Variable].Name} = {ExFormatter.Format(a.Value, model)}\n");
                    break;
                case OdeBlock block:
                    var members = string.Join(", ", block.Odes.Select(o => $"{model.Variables[o.Variable].Name}: {Method(o.Method)}"));
                    text.Append(CultureInfo.InvariantCulture, $"  {i + 1}. ODE block, updated together from the values at its start [{members}]\n");
                    foreach (var ode in block.Odes)
                    {
                        var name = model.Variables[ode.Variable].Name;
                        text.Append(CultureInfo.InvariantCulture, $"       d{name}/dt = {ExFormatter.Format(ode.Derivative, model)}\n");
                        if (ode.Linear is { } linear)
                            text.Append(CultureInfo.InvariantCulture, $"         tau = {ExFormatter.Format(linear.Tau, model)},  target = {ExFormatter.Format(linear.Target, model)}\n");
                    }
                    break;
            }
        }
    }

    private static string Method(IntegrationMethod method) => method switch
    {
        IntegrationMethod.Explicit => "explicit",
        IntegrationMethod.Implicit => "implicit",
        IntegrationMethod.SemiImplicit => "semiimplicit",
        IntegrationMethod.Exponential => "exponential",
        IntegrationMethod.Midpoint => "midpoint",
        _ => "rk4",
    };

    private static string Type(Analysis.ValueType type) => type.ToString().ToLowerInvariant();

    private static string Locality(Locality locality) => locality == Analysis.Locality.Global ? "global" : "local";
}
