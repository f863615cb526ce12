using NeuroFit.Models;
using NeuroFit.Models.Files;

namespace NeuroFit.ConfigFit;

/// <summary>The built-in models and model files of NeuroFit.Models, as the config resolver uses them.</summary>
internal static class ModelLibrary
{
    public static IReadOnlyList<string> BuiltinNames => BuiltinModels.Names;

    public static NeuronModel? Builtin(string name) => BuiltinModels.TryGet(name);

    /// <summary>Loads a model file; a mistake is a <see cref="ModelException"/> located in the file.</summary>
    public static NeuronModel Load(string path)
    {
        var document = ModelFile.Load(path);
        document.Analyse();
        return document.Model;
    }

    public static NeuronModel WithParameters(NeuronModel model, IReadOnlyDictionary<string, double> set) => model.WithParameters(set);
}
