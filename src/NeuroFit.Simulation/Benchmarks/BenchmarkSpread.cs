using System.Globalization;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation.Benchmarks;

/// <summary>
/// A parameter spread over the benchmark population: neuron i of N gets <c>Low + (High − Low)·i/(N−1)</c>, so that
/// neurons differ and some of them spike.
/// </summary>
/// <param name="Parameter">A local parameter of the model.</param>
/// <param name="Low">Value of neuron 0.</param>
/// <param name="High">Value of neuron N−1.</param>
public sealed record BenchmarkSpread(string Parameter, double Low, double High)
{
    /// <summary>The value of neuron <paramref name="i"/> of <paramref name="n"/>.</summary>
    public double ValueOf(int i, int n) => n == 1 ? Low : Low + (High - Low) * i / (n - 1);

    /// <summary>The values of a population of <paramref name="n"/>.</summary>
    public double[] Values(int n) => [.. Enumerable.Range(0, n).Select(i => ValueOf(i, n))];

    /// <summary>As written on the command line: <c>NAME=LOW:HIGH</c>.</summary>
    public override string ToString() =>
        $"{Parameter}={Low.ToString("G6", CultureInfo.InvariantCulture)}:{High.ToString("G6", CultureInfo.InvariantCulture)}";

    /// <summary>Parses <c>NAME=LOW:HIGH</c>; null with a reason for anything else.</summary>
    public static BenchmarkSpread? TryParse(string text, out string? error)
    {
        error = null;
        var eq = text.IndexOf('=');
        var colon = eq < 0 ? -1 : text.IndexOf(':', eq + 1);
        if (eq <= 0 || colon < 0)
        {
            error = $"'{text}' is not NAME=LOW:HIGH (e.g. i_offset=0:2)";
            return null;
        }
        var name = text[..eq].Trim();
        if (!double.TryParse(text[(eq + 1)..colon], NumberStyles.Float, CultureInfo.InvariantCulture, out var low) || !double.IsFinite(low)
            || !double.TryParse(text[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var high) || !double.IsFinite(high))
        {
            error = $"'{text}': LOW and HIGH must be finite numbers (e.g. i_offset=0:2)";
            return null;
        }
        return new BenchmarkSpread(name, low, high);
    }

    /// <summary>
    /// The spread a built-in model is benchmarked with (the input current, over a range where a part of the population
    /// fires at 1,000 ms), or null for models without one.
    /// </summary>
    public static BenchmarkSpread? DefaultFor(AnalysedModel model) => model.Name switch
    {
        "bench_izhikevich" => new("I", 0, 20),
        "Izhikevich" => new("i_offset", 0, 20),
        "IF_curr_exp" or "IF_cond_exp" or "IF_curr_alpha" or "IF_cond_alpha" => new("i_offset", 0, 2),
        "EIF_cond_exp_isfa_ista" or "EIF_cond_alpha_isfa_ista" => new("i_offset", 0, 2),
        "HH_cond_exp" => new("i_offset", 0, 10),
        _ => null,
    };

    /// <summary>Checks that the model has this parameter, per neuron.</summary>
    public void Check(AnalysedModel model)
    {
        var index = model.ParameterIndex(Parameter);
        if (index < 0)
            throw new SimulationException(
                $"--spread: model '{model.Name}' has no parameter '{Parameter}'; its parameters are: {string.Join(", ", model.Parameters.Select(p => p.Name))}");
        if (model.Parameters[index].Locality != Locality.Local)
            throw new SimulationException($"--spread: parameter '{Parameter}' of model '{model.Name}' is global (one value for the population) and cannot be spread over the neurons");
    }
}
