using System.Globalization;
using NeuroFit.Fitting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NeuroFit.Config;

/// <summary>Reads and validates a <c>neurofit fit</c> configuration (YAML). Every error names the key path.</summary>
public static class FitConfigLoader
{
    /// <summary>Loss term kinds understood by <c>loss:</c>, with the setting a scalar shorthand fills (<c>{rmse: v}</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string?> LossKinds = new Dictionary<string, string?>
    {
        ["rmse"] = "variable",
        ["mse"] = "variable",
        ["spike_count"] = null,
        ["van_rossum"] = "tau",
        ["victor_purpura"] = "q",
        ["gamma_factor"] = "delta",
        ["spike_features"] = "features",
        ["efel"] = "features",
    };

    /// <summary>The top-level keys of a config.</summary>
    internal static readonly IReadOnlyList<string> RootKeys =
        ["name", "model", "target", "experiment", "loss", "parameters", "method", "max_evals", "time_limit", "num_rep_loss", "seed", "method_options", "output"];

    /// <summary>The longest time limit accepted, in seconds (about 31 years; larger values overflow a TimeSpan's arithmetic).</summary>
    public const double MaxTimeLimitSeconds = 1e9;

    /// <summary>Checks a time limit in seconds; null when it is fine, else what is wrong (for the config and the command line).</summary>
    public static string? TimeLimitProblem(double seconds) =>
        !double.IsFinite(seconds) || seconds <= 0 ? $"expected a positive number of seconds, got {Format(seconds)}"
        : seconds > MaxTimeLimitSeconds ? $"{Format(seconds)} s is too long; give at most {MaxTimeLimitSeconds:0} s (or leave the limit out)"
        : null;

    /// <summary>The keys of a <c>target.data</c> entry, a <c>target.spikes</c> entry and a phase's <c>current</c> mapping.</summary>
    internal static readonly string[] TraceKeys = ["file", "variable", "column", "chunk", "dt", "scale", "time_unit"],
        SpikeKeys = ["file", "column", "chunk", "time_unit"],
        CurrentKeys = ["file", "into", "column", "dt", "scale", "time_unit"];

    /// <summary>Methods accepted by <c>method:</c>.</summary>
    public static readonly IReadOnlyList<string> Methods = ["auto", "hyperopt", "optuna", "cmaes", "deap", "random", "sobol", "sbi", "bads"];

    /// <summary>Loads <paramref name="path"/>.</summary>
    public static FitConfig Load(string path)
    {
        if (Directory.Exists(path))
            throw new ConfigException(path, "", File.Exists(Path.Combine(path, "config.yaml"))
                ? $"is a folder; did you mean {Path.Combine(path, "config.yaml")}?"
                : "is a folder; give the config file (YAML) inside it");
        if (!File.Exists(path)) throw new ConfigException(path, "", "file not found");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ConfigException(path, "", $"cannot read the file: {e.Message}"); }
        return Parse(text, path);
    }

    /// <summary>Parses configuration text; <paramref name="sourcePath"/> names it in errors and anchors relative paths.</summary>
    public static FitConfig Parse(string text, string sourcePath)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e) { throw new ConfigException(sourcePath, "", $"not valid YAML: {e.Message}", (int)e.Start.Line); }
        if (stream.Documents.Count == 0) throw new ConfigException(sourcePath, "", "the file is empty; see docs/config.md for the keys a fit needs");
        var root = new YamlCursor(sourcePath, "", stream.Documents[0].RootNode);
        root.OnlyKeys([.. RootKeys]);
        foreach (var required in new[] { "model", "target", "experiment", "loss", "parameters" })
            if (!root.Has(required)) throw root.Key(required).Error($"missing required key '{required}'; see docs/config.md");

        var experiment = ReadExperiment(root.Key("experiment"));
        var method = root.Key("method").OptionalString()?.ToLowerInvariant() ?? "auto";
        if (!Methods.Contains(method)) throw root.Key("method").Error($"unknown method '{method}'{NameHints.DidYouMean(method, Methods)}; expected one of {string.Join(", ", Methods)}");
        var loss = ReadLoss(root.Key("loss"), experiment.Chunks.Count);
        var lines = new Dictionary<string, int>();
        CollectLines(stream.Documents[0].RootNode, "", lines);
        return new FitConfig(
            sourcePath,
            Name(root.Key("name")) ?? Path.GetFileNameWithoutExtension(sourcePath),
            ReadModel(root.Key("model")),
            ReadTarget(root.Key("target"), experiment.Chunks.Count),
            experiment,
            loss,
            ReadParameters(root.Key("parameters")),
            method,
            root.Key("max_evals").IsMissing ? 1000 : root.Key("max_evals").Int(min: 1),
            root.Key("num_rep_loss").IsMissing ? 1 : root.Key("num_rep_loss").Int(min: 1),
            root.Key("seed").IsMissing ? 0UL : (ulong)root.Key("seed").Long(min: 0),
            root.Key("method_options").IsMissing ? new Dictionary<string, string>() : ScalarMap(root.Key("method_options")),
            Output(root.Key("output")))
        {
            Lines = lines,
            ObjectiveKey = ObjectiveKey(stream.Documents[0].RootNode, sourcePath),
            TimeLimit = TimeLimit(root.Key("time_limit")),
            MaxEvalsGiven = root.Has("max_evals"),
            MethodGiven = root.Has("method"),
        };
    }

    private static double? TimeLimit(YamlCursor c)
    {
        if (c.IsMissing) return null;
        var text = c.IsScalar ? c.String() : throw c.Error($"expected the time limit in seconds, a positive number, got {c.Describe()}");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            throw c.Error($"expected the time limit in seconds, a positive number (time_limit: 30), got '{text}'");
        return TimeLimitProblem(seconds) is { } problem ? throw c.Error(problem) : seconds;
    }

    private static string? Name(YamlCursor c) =>
        c.OptionalString() is not { } text ? null
        : text.Trim().Length > 0 ? text : throw c.Error("expected a name for the fit (it names the study and the default run folder), got an empty string");

    private static string? Output(YamlCursor c) =>
        c.OptionalString() is not { } text ? null
        : text.Trim().Length > 0 ? text : throw c.Error("expected a folder for the run's files (relative to the config), got an empty string");

    /// <summary>See <see cref="FitConfig.ObjectiveKey"/>: the canonical text of the sections the loss depends on and a
    /// hash of every existing file they name (a <c>file:</c> entry, or a phase's <c>current: FILE</c>) in place of its path, SHA-256.</summary>
    private static string ObjectiveKey(YamlNode root, string sourcePath)
    {
        var text = new System.Text.StringBuilder();
        var folder = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? ".";
        if (root is YamlMappingNode map)
            foreach (var section in new[] { "model", "target", "experiment", "loss", "parameters", "num_rep_loss" })
            {
                if (!map.Children.TryGetValue(new YamlScalarNode(section), out var node)) continue;
                text.Append(section).Append('=');
                if (section == "parameters" && node is YamlMappingNode entries)
                {
                    // ranges form the search space, which the study checks itself (and [hi, lo] is the same range)
                    foreach (var (key, value) in entries.Children)
                        if (value is not YamlSequenceNode) { Canonical(key, text, folder, null); text.Append(':'); Canonical(value, text, folder, null); text.Append(';'); }
                }
                else Canonical(node, text, folder, null);
                text.Append('\n');
            }
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(hash).ToLowerInvariant();
    }

    private static void Canonical(YamlNode node, System.Text.StringBuilder text, string folder, string? key)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                var value = scalar.Value ?? "";
                if (key is "file" or "current" && value.Length > 0)
                {
                    // a file counts by its content, not by how the path is written (relative, absolute, moved config)
                    var path = Path.IsPathRooted(value) ? value : Path.Combine(folder, value);
                    try
                    {
                        if (File.Exists(path))
                        {
                            using var stream = File.OpenRead(path);
                            text.Append("#").Append(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(stream)));
                            break;
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // reported where the file is read
                }
                text.Append('"').Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append('"');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var child in sequence.Children) { Canonical(child, text, folder, null); text.Append(','); }
                text.Append(']');
                break;
            case YamlMappingNode mapping:
                text.Append('{');
                foreach (var (k, v) in mapping.Children)
                {
                    Canonical(k, text, folder, null);
                    text.Append(':');
                    Canonical(v, text, folder, k is YamlScalarNode { Value: { } name } ? name : null);
                    text.Append(',');
                }
                text.Append('}');
                break;
        }
    }

    /// <summary>Records the line of every key path, with the paths <see cref="YamlCursor"/> gives (a chunk's phases are <c>.phases[i]</c>).</summary>
    private static void CollectLines(YamlNode node, string path, Dictionary<string, int> lines)
    {
        if (path.Length > 0) lines.TryAdd(path, (int)node.Start.Line);
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    if (key is YamlScalarNode { Value: { } name })
                    {
                        var child = path.Length == 0 ? name : $"{path}.{name}";
                        lines.TryAdd(child, (int)key.Start.Line);
                        CollectLines(value, child, lines);
                    }
                break;
            case YamlSequenceNode seq:
                var phases = System.Text.RegularExpressions.Regex.IsMatch(path, @"^experiment\.chunks\[\d+\]$");
                for (var i = 0; i < seq.Children.Count; i++)
                    CollectLines(seq.Children[i], phases ? $"{path}.phases[{i}]" : $"{path}[{i}]", lines);
                break;
        }
    }

    private static ModelSpec ReadModel(YamlCursor c)
    {
        if (c.IsScalar) return new BuiltinModelSpec(c.String(), new Dictionary<string, double>());
        if (!c.IsMapping) throw c.Error($"expected a built-in model name, {{builtin: NAME, set: {{...}}}}, {{file: model.yaml}} or inline model text, got {c.Describe()}");
        var set = c.Has("set") ? NumberMap(c.Key("set")) : new Dictionary<string, double>();
        if (c.Has("builtin"))
        {
            c.OnlyKeys("builtin", "set");
            return new BuiltinModelSpec(c.Key("builtin").String(), set);
        }
        if (c.Has("file"))
        {
            c.OnlyKeys("file", "set");
            return new FileModelSpec(c.Key("file").String(), set);
        }
        c.OnlyKeys("name", "description", "parameters", "equations", "spike", "reset", "refractory", "functions", "set");
        if (!c.Has("equations")) throw c.Error("an inline model needs 'equations' (or use builtin: NAME / file: PATH)");
        return new InlineModelSpec(
            c.Key("name").OptionalString() ?? "model",
            c.Key("parameters").OptionalString() ?? "",
            c.Key("equations").String(),
            c.Key("spike").OptionalString(),
            c.Key("reset").OptionalString(),
            c.Key("refractory").OptionalString(),
            c.Key("functions").OptionalString(),
            set);
    }

    private static TargetSpec ReadTarget(YamlCursor c, int chunks)
    {
        c.OnlyKeys("model", "data", "spikes");
        var hasModel = c.Has("model");
        var hasData = c.Has("data") || c.Has("spikes");
        if (hasModel == hasData) throw c.Error("give exactly one of 'model' (a target neuron model) or 'data'/'spikes' (recorded data)");
        if (hasModel) return new ModelTargetSpec(ReadModel(c.Key("model")));
        var traces = c.Has("data") ? OneOrMany(c.Key("data")).Select(d => ReadTrace(d, chunks)).ToList() : [];
        var spikes = c.Has("spikes") ? OneOrMany(c.Key("spikes")).Select(s => ReadSpikes(s, chunks)).ToList() : [];
        return new DataTargetSpec(traces, spikes);
    }

    private static TraceDataSpec ReadTrace(YamlCursor c, int chunks)
    {
        c.OnlyKeys(TraceKeys);
        return new TraceDataSpec(
            c.Key("file").String(),
            c.Key("variable").String(),
            c.Key("column").OptionalString(),
            ReadChunkIndex(c.Key("chunk"), chunks) ?? 0,
            c.Key("dt").IsMissing ? null : c.Key("dt").PositiveDouble(),
            c.Path)
        {
            Scale = ReadScale(c.Key("scale")),
            TimeUnit = ReadTimeUnit(c.Key("time_unit")),
        };
    }

    private static SpikeDataSpec ReadSpikes(YamlCursor c, int chunks)
    {
        c.OnlyKeys(SpikeKeys);
        return new SpikeDataSpec(c.Key("file").String(), c.Key("column").OptionalString(), ReadChunkIndex(c.Key("chunk"), chunks) ?? 0, c.Path)
        {
            TimeUnit = ReadTimeUnit(c.Key("time_unit")),
        };
    }

    private static double ReadScale(YamlCursor c)
    {
        if (c.IsMissing) return 1;
        var scale = c.Double();
        return scale != 0 ? scale : throw c.Error("a scale of 0 erases the data; give the factor that turns the file's unit into the model's (e.g. 1000 for V → mV)");
    }

    private static Data.TimeUnit ReadTimeUnit(YamlCursor c) => c.IsMissing ? Data.TimeUnit.Milliseconds : c.String() switch
    {
        "ms" => Data.TimeUnit.Milliseconds,
        "s" => Data.TimeUnit.Seconds,
        var other => throw c.Error($"expected ms or s, got '{other}'"),
    };

    private static ExperimentSpec ReadExperiment(YamlCursor c)
    {
        c.OnlyKeys("dt", "record", "period", "chunks");
        var dt = c.Key("dt").IsMissing ? 1.0 : c.Key("dt").PositiveDouble();
        var record = c.Key("record").IsMissing ? (IReadOnlyList<string>)["v"] : c.Key("record").StringList();
        if (record.Count == 0) throw c.Key("record").Error("record at least one variable (or 'spike')");
        double? period = c.Key("period").IsMissing ? null : c.Key("period").PositiveDouble();
        if (period is { } p && p < dt) throw c.Key("period").Error($"the recording period ({p} ms) must be at least dt ({dt} ms)");
        if (!c.Has("chunks")) throw c.Error("missing 'chunks': a list of chunks, each a list of phases like {duration: 100, set: {I_app: 10}}");
        var chunks = c.Key("chunks").Items().Select(chunk => ReadChunk(chunk, dt)).ToList();
        if (chunks.Count == 0) throw c.Key("chunks").Error("give at least one chunk");
        return new ExperimentSpec(dt, record, period, chunks);
    }

    private static ChunkSpec ReadChunk(YamlCursor c, double dt)
    {
        // A chunk is a list of phases, or {phases: [...]}; errors use the ".phases[i]" path in both forms.
        IReadOnlyList<YamlCursor> phases;
        if (c.IsMapping)
        {
            c.OnlyKeys("phases");
            phases = c.Key("phases").Items();
        }
        else if (c.IsSequence)
            phases = c.Items().Select((p, i) => new YamlCursor(p.File, $"{c.Path}.phases[{i}]", p.Node)).ToList();
        else throw c.Error($"expected a list of phases, got {c.Describe()}");
        if (phases.Count == 0) throw c.Error("a chunk needs at least one phase");
        return new ChunkSpec(phases.Select(p => ReadPhase(p, dt)).ToList());
    }

    private static PhaseSpec ReadPhase(YamlCursor c, double dt)
    {
        c.OnlyKeys("duration", "set", "current");
        if (!c.Has("duration")) throw c.Error("missing 'duration' (ms)");
        var duration = c.Key("duration").PositiveDouble();
        var set = c.Has("set") ? NumberMap(c.Key("set")) : new Dictionary<string, double>();
        CurrentSpec? current = null;
        if (c.Has("current"))
        {
            var cur = c.Key("current");
            if (cur.IsScalar) current = new CurrentSpec(cur.String(), "I_app", null, null, cur.Path);
            else
            {
                cur.OnlyKeys(CurrentKeys);
                current = new CurrentSpec(cur.Key("file").String(), cur.Key("into").OptionalString() ?? "I_app", cur.Key("column").OptionalString(),
                    cur.Key("dt").IsMissing ? null : cur.Key("dt").PositiveDouble(), cur.Path)
                {
                    Scale = ReadScale(cur.Key("scale")),
                    TimeUnit = ReadTimeUnit(cur.Key("time_unit")),
                };
            }
        }
        return new PhaseSpec(duration, set, current, c.Path);
    }

    private static List<LossTermSpec> ReadLoss(YamlCursor c, int chunks)
    {
        var terms = OneOrMany(c).Select(t => ReadLossTerm(t, chunks)).ToList();
        if (terms.Count == 0) throw c.Error("give at least one loss term, e.g. - {rmse: v}");
        return terms;
    }

    private static LossTermSpec ReadLossTerm(YamlCursor c, int chunks)
    {
        if (c.IsScalar) c = new YamlCursor(c.File, c.Path, new YamlMappingNode(new YamlScalarNode(c.String()), new YamlMappingNode()));
        var kinds = c.Keys().Where(k => k is not ("weight" or "chunk")).ToList();
        if (kinds.Count != 1)
            throw c.Error($"a loss term has exactly one kind ({string.Join(", ", LossKinds.Keys)}) plus optional weight and chunk; found {(kinds.Count == 0 ? "none" : string.Join(", ", kinds))}");
        var kind = kinds[0];
        if (!LossKinds.TryGetValue(kind, out var shorthand))
            throw c.Key(kind).Error($"unknown loss term '{kind}'{NameHints.DidYouMean(kind, LossKinds.Keys)}; expected one of {string.Join(", ", LossKinds.Keys)}");
        var body = c.Key(kind);
        Dictionary<string, string> settings;
        if (body.IsMissing) settings = [];
        else if (body.IsMapping) settings = ScalarMap(body);
        else if (shorthand is not null) settings = new() { [shorthand] = body.IsSequence ? string.Join(",", body.StringList()) : body.String() };
        else throw body.Error($"'{kind}' takes a mapping of settings, e.g. {{{kind}: {{}}}}");
        var weight = c.Key("weight").IsMissing ? 1.0 : c.Key("weight").Double();
        if (weight < 0) throw c.Key("weight").Error("a weight must be ≥ 0");
        return new LossTermSpec(kind, settings, weight, ReadChunkIndex(c.Key("chunk"), chunks), body.Path, c.Line);
    }

    private static VariablesBounds ReadParameters(YamlCursor c)
    {
        var bounds = new VariablesBounds();
        foreach (var (name, value) in c.Entries())
        {
            try
            {
                if (value.IsSequence)
                {
                    var items = value.Items();
                    if (items.Count != 2) throw value.Error($"a search range is [lo, hi] with two numbers, got {items.Count} value(s)");
                    bounds.Add(name, new RangeBound([items[0].Double(), items[1].Double()]));
                }
                else if (value.TryDouble(out var constant)) bounds.Add(name, constant);
                else if (value.IsScalar) bounds.Add(name, new ExpressionBound(value.String()));
                else throw value.Error($"expected [lo, hi], a number, or an expression string, got {value.Describe()}");
            }
            catch (FitConfigurationException e) { throw value.Error(e.Message); }
        }
        if (bounds.OptimisedNames.Count == 0) throw c.Error("no parameter to optimise: give at least one [lo, hi] range");
        return bounds;
    }

    private static int? ReadChunkIndex(YamlCursor c, int chunks)
    {
        if (c.IsMissing) return null;
        var index = c.Int(min: 0);
        return index < chunks ? index : throw c.Error($"chunk {index} does not exist; the experiment has {chunks} chunk(s), numbered from 0");
    }

    private static IReadOnlyList<YamlCursor> OneOrMany(YamlCursor c) => c.IsSequence ? c.Items() : [c];

    private static Dictionary<string, double> NumberMap(YamlCursor c) =>
        c.Entries().ToDictionary(e => e.Key, e => e.Value.Double());

    private static Dictionary<string, string> ScalarMap(YamlCursor c) =>
        c.Entries().ToDictionary(e => e.Key, e => e.Value.IsSequence
            ? string.Join(",", e.Value.StringList())
            : e.Value.IsMissing ? "" : e.Value.String());

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
