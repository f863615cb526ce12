using NeuroFit.Models;
using NeuroFit.Models.Files;

namespace NeuroFit.ConfigFit;

/// <summary>The built-in models and model files of NeuroFit.Models, as the config resolver uses them.</summary>
internal static class ModelLibrary
{
    public static IReadOnlyList<string> BuiltinNames => BuiltinModels.Names;

    public static NeuronModel? Builtin(string name) => BuiltinModels.TryGet(name);

    /// <summary>Loads a model file; a mistake is a <see cref="ModelException"/> located in the file. The warnings are located in the file too.</summary>
    public static (NeuronModel Model, IReadOnlyList<string> Warnings) Load(string path)
    {
        var document = ModelFile.Load(path);
        var analysed = document.Analyse();
        return (document.Model, analysed.Warnings);
    }

    public static NeuronModel WithParameters(NeuronModel model, IReadOnlyDictionary<string, double> set) => model.WithParameters(set);
}
