using NeuroFit.Models;

namespace NeuroFit.ConfigFit;

/// <summary>Access to the built-in models and model files (NeuroFit.Models' library; placeholder until it lands on main).</summary>
internal static class ModelLibrary
{
    public static IReadOnlyList<string> BuiltinNames => [];

    public static NeuronModel? Builtin(string name)
    {
        _ = name;
        return null;
    }

    public static NeuronModel Load(string path) =>
        throw new NotSupportedException($"model files are not supported yet ({path})");

    public static NeuronModel WithParameters(NeuronModel model, IReadOnlyDictionary<string, double> set) =>
        throw new NotSupportedException($"parameter overrides are not supported yet ({model.Name}: {string.Join(", ", set.Keys)})");
}
