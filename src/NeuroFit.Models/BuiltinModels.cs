using NeuroFit.Models.Files;

namespace NeuroFit.Models;

/// <summary>A built-in model's name and one-line description.</summary>
/// <param name="Name">Name used by <see cref="BuiltinModels.Get"/> and <c>neurofit models show</c>.</param>
/// <param name="Description">One-line description.</param>
public sealed record BuiltinModelInfo(string Name, string Description);

public static partial class BuiltinModels
{
    private const string ResourcePrefix = "NeuroFit.Models.Library.";

    /// <summary>Names of the built-in models in catalogue order (ANNarchy's set first, then CompNeuroPy's).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "LeakyIntegrator", "Izhikevich", "IF_curr_exp", "IF_cond_exp", "IF_curr_alpha", "IF_cond_alpha", "HH_cond_exp",
        "EIF_cond_exp_isfa_ista", "EIF_cond_alpha_isfa_ista", "GIF_curr", "GIF_curr_exp",
        "Izhikevich2007", "Izhikevich2007RecCur", "Izhikevich2007VoltageClamp", "Izhikevich2007Syn", "Izhikevich2007NoisyAmpa",
        "Izhikevich2007NoisyBase", "Izhikevich2007FsiNoisyAmpa",
        "Izhikevich2003FixedNoisyAmpa", "Izhikevich2003NoisyAmpa", "Izhikevich2003NoisyAmpaNonlin", "Izhikevich2003NoisyAmpaOscillating",
        "Izhikevich2003NoisyBase", "Izhikevich2003NoisyBaseNonlin",
        "IntegratorNeuron", "IntegratorNeuronSimple", "PoissonNeuron", "PoissonNeuronUpDown", "PoissonNeuronSin",
    ];

    /// <summary>Every built-in model with its description, in catalogue order.</summary>
    public static IReadOnlyList<BuiltinModelInfo> All => [.. Names.Select(n => new BuiltinModelInfo(n, Get(n).Description))];

    /// <summary>The built-in model called <paramref name="name"/> (exact name), or null.</summary>
    public static NeuronModel? TryGet(string name) => TryText(name) is { } text ? ModelFile.Parse(text, name + ".yaml").Model : null;

    /// <summary>The built-in model called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> for an unknown name.</summary>
    public static NeuronModel Get(string name) =>
        TryGet(name) ?? throw new KeyNotFoundException($"no built-in model '{name}'; the built-in models are: {string.Join(", ", Names)}");

    /// <summary>The model file text (YAML) of a built-in model, or null for an unknown name.</summary>
    public static string? TryText(string name)
    {
        if (!Names.Contains(name)) return null;
        using var stream = typeof(BuiltinModels).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".yaml");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static NeuronModel Create(string name, (string Name, double? Value)[] overrides)
    {
        var model = Get(name);
        var values = overrides.Where(o => o.Value.HasValue).Select(o => (o.Name, o.Value!.Value)).ToList();
        return values.Count == 0 ? model : model.WithParameters(values);
    }
}
