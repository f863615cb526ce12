using NeuroFit.Config;
using NeuroFit.Models;
using NeuroFit.Models.Analysis;

namespace NeuroFit.ConfigFit;

/// <summary>A model of a config, resolved: the model and its analysis.</summary>
/// <param name="Model">The model (with the config's <c>set</c> overrides applied).</param>
/// <param name="Analysed">Its analysis (the engine's input).</param>
/// <param name="Warnings">The model's warnings (NF2xxx), located in the model file or the block of inline text.</param>
internal sealed record ResolvedModel(NeuronModel Model, AnalysedModel Analysed, IReadOnlyList<string> Warnings);

/// <summary>
/// Resolves <c>model:</c> / <c>target.model:</c> entries: a built-in name, a model file (relative to the config) or
/// inline model text, with <c>set</c> overrides. Every mistake is a <see cref="ConfigException"/> at the entry's key path.
/// </summary>
internal static class ModelResolver
{
    public static ResolvedModel Resolve(FitConfig config, ModelSpec spec, string keyPath)
    {
        var (model, textPath, fileWarnings) = spec switch
        {
            InlineModelSpec inline => (new NeuronModel(inline.Parameters, inline.Equations, inline.Spike, inline.Reset, inline.Refractory, inline.Functions, inline.Name), keyPath, null),
            _ => Library(config, spec, keyPath),
        };
        if (spec.Set.Count > 0) model = ApplySet(config, model, spec.Set, $"{keyPath}.set", spec is InlineModelSpec);
        try
        {
            var analysed = model.Analyse();
            return new ResolvedModel(model, analysed, fileWarnings ?? analysed.Warnings);
        }
        catch (ModelException e)
        {
            var d = e.First;
            var where = spec is InlineModelSpec ? $"{textPath}.{d.Block}" : textPath;
            throw new ConfigException(config.SourcePath, where, $"the model text is not valid: {d}");
        }
    }

    /// <summary>Sets parameter defaults and variables' initial values (<c>init =</c>): each name must be a parameter or a
    /// variable of the model.</summary>
    private static NeuronModel ApplySet(FitConfig config, NeuronModel model, IReadOnlyDictionary<string, double> set, string keyPath, bool inline)
    {
        AnalysedModel analysed;
        try { analysed = model.Analyse(); }
        catch (ModelException e)
        {
            var modelPath = keyPath[..^".set".Length];
            throw new ConfigException(config.SourcePath, inline ? $"{modelPath}.{e.First.Block}" : modelPath, $"the model text is not valid: {e.First}");
        }
        var variables = analysed.Variables.Where(v => v.Kind != VariableKind.Hidden).Select(v => v.Name).ToList();
        var names = analysed.Parameters.Select(p => p.Name).Concat(variables).ToList();
        foreach (var name in set.Keys)
            if (analysed.ParameterIndex(name) < 0 && !variables.Contains(name))
                throw new ConfigException(config.SourcePath, $"{keyPath}.{name}",
                    $"model '{analysed.Name}' has no parameter or variable '{name}'{NameHints.DidYouMean(name, names)}; " +
                    $"its parameters are: {string.Join(", ", analysed.Parameters.Select(p => p.Name))}; its variables: {string.Join(", ", variables)}");
        var parameters = set.Where(p => analysed.ParameterIndex(p.Key) >= 0).ToDictionary();
        var initial = set.Where(p => analysed.ParameterIndex(p.Key) < 0).Select(p => (p.Key, p.Value)).ToList();
        var changed = ModelLibrary.WithParameters(model, parameters);
        return initial.Count > 0 ? changed.WithInitialValues(initial) : changed;
    }

    private static (NeuronModel, string, IReadOnlyList<string>?) Library(FitConfig config, ModelSpec spec, string keyPath)
    {
        switch (spec)
        {
            case BuiltinModelSpec builtin:
                return (ModelLibrary.Builtin(builtin.Name) ?? throw new ConfigException(config.SourcePath, keyPath,
                    $"no built-in model '{builtin.Name}'{NameHints.DidYouMean(builtin.Name, ModelLibrary.BuiltinNames)}; the built-in models are: {string.Join(", ", ModelLibrary.BuiltinNames)}"), keyPath, null);
            case FileModelSpec file:
                var (model, warnings) = LoadFile(config, file.Path, $"{keyPath}.file");
                return (model, $"{keyPath}.file", warnings);
            default:
                throw new InvalidOperationException($"unknown model spec {spec.GetType().Name}");
        }
    }

    private static (NeuronModel, IReadOnlyList<string>) LoadFile(FitConfig config, string file, string keyPath)
    {
        var path = config.Resolve(file);
        if (!File.Exists(path))
            throw new ConfigException(config.SourcePath, keyPath, $"model file '{file}' not found (looked for {path}; relative paths are relative to the config file)");
        try
        {
            return ModelLibrary.Load(path);
        }
        catch (ModelException e)
        {
            throw new ConfigException(config.SourcePath, keyPath, $"the model file is not valid: {e.First}");
        }
    }
}
