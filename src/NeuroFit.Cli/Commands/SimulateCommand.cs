using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroFit.Config;
using NeuroFit.Models;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Files;
using NeuroFit.Simulation;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Cli;

/// <summary><c>neurofit simulate</c>: one neuron of a model, in phases, with its recorded trace and spikes.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Built-in model name, or a model file (YAML)." };
        var set = new Option<string[]>("--set") { Description = "NAME=VALUE: initial value of a parameter or variable (repeatable).", DefaultValueFactory = _ => [] };
        var dt = new Option<double>("--dt") { Description = "Time step in ms.", DefaultValueFactory = _ => 0.1, CustomParser = NumberOption.Parser<double>("a number of ms") };
        var phase = new Option<string[]>("--phase")
        {
            Description = "NAME=VALUE[,NAME=VALUE...]:MS: set the values, then simulate MS ms (repeatable, run in order).",
            DefaultValueFactory = _ => [],
        };
        var duration = new Option<double?>("--duration")
        {
            Description = "Simulate this many ms (after the phases, if any).",
            CustomParser = NumberOption.NullableParser<double>("a number of ms"),
        };
        var record = new Option<string?>("--record")
        {
            Description = "Comma-separated variables to record (default: every declared local variable); spikes of a spiking model are always included.",
        };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 0UL, CustomParser = NumberOption.Parser<ulong>("a whole number ≥ 0") };
        var format = new Option<string>("--format") { Description = "json, csv or npz.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "csv", "npz");
        var output = new Option<string?>("--out") { Description = "Output file (default: standard output; required for npz)." };
        var experiment = SimulateExperimentOption.Create();
        var target = SimulateExperimentOption.CreateTarget();
        var command = new Command("simulate", "Simulate one neuron of a model and print its recorded variables and spikes.")
        {
            model, set, dt, phase, duration, record, seed, format, output, experiment, target,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(experiment) is { } config)
                return SimulateExperimentOption.Run(parse, config, parse.GetValue(target), parse.GetValue(set) ?? [], parse.GetValue(seed),
                    parse.GetValue(format)!, parse.GetValue(output), [model, dt, phase, duration, record]);
            if (parse.GetValue(model) is null) throw new CliUsageException("give --model NAME|FILE (or --experiment CONFIG)");
            var request = new Request(
                parse.GetValue(model)!, parse.GetValue(set) ?? [], parse.GetValue(dt), parse.GetValue(phase) ?? [],
                parse.GetValue(duration), parse.GetValue(record), parse.GetValue(seed), parse.GetValue(format)!, parse.GetValue(output));
            try
            {
                return Execute(request, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            }
            catch (SimulationException e)
            {
                throw new CliUsageException(e.Message);
            }
        });
        return command;
    }

    private sealed record Request(string Model, string[] Sets, double Dt, string[] Phases, double? Duration, string? Record, ulong Seed,
        string Format, string? Out);

    private sealed record Phase(IReadOnlyList<(string Name, double Value)> Values, double Ms);

    private static int Execute(Request r, TextWriter stdout, TextWriter stderr)
    {
        if (!(r.Dt > 0)) throw new CliUsageException($"--dt must be positive, got {r.Dt}");
        var analysed = LoadModel(r.Model);
        // as neurofit check prints them: a truncating 1/2 or an ignored reset should not pass unseen (stdout stays the data)
        foreach (var warning in analysed.Warnings) stderr.WriteLine(warning.ToString());
        var phases = r.Phases.Select(ParsePhase).ToList();
        if (r.Duration is { } d) phases.Add(new Phase([], d));
        if (phases.Count == 0) throw new CliUsageException("nothing to simulate: give --duration MS or at least one --phase NAME=VALUE:MS");
        if (phases.Any(p => !(p.Ms >= 0))) throw new CliUsageException("durations must be non-negative numbers of ms");
        if (r.Format == "npz" && r.Out is null) throw new CliUsageException("--format npz writes a binary file: give --out FILE");
        if (r.Out is { } outPath) CheckOutputPath(outPath);

        var network = new Network(r.Dt, r.Seed, threads: 1);
        var population = network.AddPopulation(analysed.Name.Length > 0 ? analysed.Name : "neuron", analysed, 1);
        foreach (var (name, value) in r.Sets.Select(s => ParseAssignment(s, "--set")))
        {
            RequireAttribute(population, name, "--set");
            // inputs have no initial value (the engine's message said "use Set", an API call)
            if (name.StartsWith("sum(", StringComparison.Ordinal))
                throw new CliUsageException($"--set: '{name}' is an input, which is 0 after a reset; set it for a while with --phase {name}={value.ToString(CultureInfo.InvariantCulture)}:MS");
            population.SetInitial(name, value);
        }
        network.Reset();

        var spiking = analysed.Kind == NeuronKind.Spiking;
        var variables = r.Record is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : analysed.Variables.Where(v => v.Kind != VariableKind.Hidden && v.Locality == Locality.Local).Select(v => v.Name).ToArray();
        if (variables.Contains("spike"))
        {
            // as in a fit config's record list; spikes of a spiking model are recorded anyway
            if (!spiking) throw new CliUsageException($"--record: model '{analysed.Name}' is rate-coded and does not spike; record its variables ({string.Join(", ", analysed.Variables.Select(x => x.Name))})");
            variables = variables.Where(v => v != "spike").ToArray();
        }
        foreach (var v in variables)
            if (analysed.VariableIndex(v) < 0)
                throw new CliUsageException($"--record: model '{analysed.Name}' has no variable '{v}'{NameHints.DidYouMean(v, analysed.Variables.Select(x => x.Name))}; its variables are: {string.Join(", ", analysed.Variables.Select(x => x.Name))}");
        RequireDistinctColumns(variables, spiking, r.Format);
        var recorder = population.CreateRecorder(variables, spiking);
        recorder.Start();
        foreach (var p in phases)
        {
            foreach (var (name, value) in p.Values)
            {
                RequireAttribute(population, name, "--phase");
                population.Set(name, value);
            }
            network.Simulate(p.Ms);
        }
        var data = recorder.Drain();
        try
        {
            switch (r.Format)
            {
                case "csv":
                    WriteText(r.Out, stdout, w => Csv(w, data, variables, r.Dt, network.CurrentStep));
                    break;
                case "npz":
                    WriteNpz(r.Out!, data, variables, r.Dt, network.CurrentStep);
                    break;
                default:
                    WriteText(r.Out, stdout, w => Json(w, data, variables, r.Dt, network.CurrentStep));
                    break;
            }
        }
        catch (Exception e) when (r.Out is not null && e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--out: cannot write '{r.Out}': {e.Message}");
        }
        return 0;
    }

    /// <summary>
    /// A folder, or a file in a folder that does not exist, is refused before simulating (writing it failed only at the
    /// end, and a folder crashed with UnauthorizedAccessException).
    /// </summary>
    private static void CheckOutputPath(string path)
    {
        if (Directory.Exists(path)) throw new CliUsageException($"--out: '{path}' is a folder; give a file name, e.g. {Path.Combine(path, "trace.csv")}");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null && !Directory.Exists(folder)) throw new CliUsageException($"--out: the folder '{folder}' does not exist");
    }

    /// <summary>A built-in model by name, or a model file; a usage error naming close built-in names otherwise.</summary>
    internal static AnalysedModel LoadModel(string nameOrFile)
    {
        if (File.Exists(nameOrFile)) return ModelFile.Load(nameOrFile).Analyse();
        if (BuiltinModels.TryGet(nameOrFile) is { } builtin) return builtin.Analyse();
        throw new CliUsageException($"--model: '{nameOrFile}' is neither a model file nor a built-in model{NameHints.DidYouMean(nameOrFile, BuiltinModels.Names)}; built-in models: {string.Join(", ", BuiltinModels.Names)}");
    }

    private static void RequireAttribute(Population population, string name, string option)
    {
        if (!population.HasAttribute(name))
            throw new CliUsageException($"{option}: model '{population.Model.Name}' has no parameter or variable '{name}'{NameHints.DidYouMean(name, population.AttributeNames)}; it has: {string.Join(", ", population.AttributeNames)}");
    }

    internal static (string Name, double Value) ParseAssignment(string text, string option)
    {
        var eq = text.IndexOf('=');
        if (eq <= 0) throw new CliUsageException($"{option}: expected NAME=VALUE, got '{text}'");
        var name = text[..eq].Trim();
        var valueText = text[(eq + 1)..].Trim();
        if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw new CliUsageException($"{option}: '{valueText}' (for {name}) is not a number");
        // "NaN", "Infinity" and out-of-range numbers such as 1e400 parse, but no attribute should start there
        if (!double.IsFinite(value))
            throw new CliUsageException($"{option}: '{valueText}' (for {name}) is not a finite number");
        return (name, value);
    }

    private static Phase ParsePhase(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0) throw new CliUsageException($"--phase: expected NAME=VALUE[,NAME=VALUE...]:MS, got '{text}'");
        var msText = text[(colon + 1)..].Trim();
        if (!double.TryParse(msText, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            throw new CliUsageException($"--phase: the duration '{msText}' in '{text}' is not a number of ms");
        var values = text[..colon].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => ParseAssignment(a, "--phase")).ToList();
        return new Phase(values, ms);
    }

    /// <summary>Streams text output to <paramref name="path"/>, or to stdout when it is null (a long run gives more
    /// text than one string or MemoryStream can hold, so csv and json are written in pieces).</summary>
    private static void WriteText(string? path, TextWriter stdout, Action<TextWriter> write)
    {
        if (path is null)
        {
            write(stdout);
            return;
        }
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        write(file);
    }

    private static void Json(TextWriter output, RecordedData data, string[] variables, double dt, long steps)
    {
        using var stream = new MemoryStream();
        using var w = new Utf8JsonWriter(stream);
        void Drain()
        {
            w.Flush();
            output.Write(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
            stream.SetLength(0);
        }
        w.WriteStartObject();
        w.WriteNumber("dt", dt);
        w.WriteNumber("steps", steps);
        w.WriteStartObject("spikes");
        if (data.Spikes is { } spikes)
        {
            w.WriteStartArray("0");
            foreach (var s in spikes[0]) w.WriteNumberValue(s);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        if (data.Spikes is { } trains)
        {
            w.WriteStartArray("spike_times_ms");
            foreach (var s in trains[0]) w.WriteNumberValue(SpikeTime(s, dt));
            w.WriteEndArray();
        }
        w.WriteStartObject("variables");
        foreach (var v in variables)
        {
            w.WriteStartArray(v);
            var values = data.Variables[v];
            for (var t = 0; t < values.GetLength(0); t++)
            {
                if (double.IsFinite(values[t, 0])) w.WriteNumberValue(values[t, 0]);
                else w.WriteNullValue();
                if ((t & 0xFFFF) == 0xFFFF) Drain();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        Drain();
        output.Write('\n');
    }

    /// <summary>
    /// The csv columns and npz arrays of the output have fixed names besides the variables (<c>t</c> and <c>dt</c> cannot
    /// be variables): a variable named <c>spikes</c> (spiking model) or <c>steps</c> (npz) would give two columns or
    /// arrays of that name, so it is refused before simulating.
    /// </summary>
    private static void RequireDistinctColumns(string[] variables, bool spiking, string format)
    {
        string[] reserved = format switch
        {
            "csv" => spiking ? ["spikes"] : [],
            "npz" => spiking ? ["steps", "spikes"] : ["steps"],
            _ => [],
        };
        foreach (var v in variables.Where(reserved.Contains))
            throw new CliUsageException($"--format {format}: the variable '{v}' has the name of the '{v}' {(format == "csv" ? "column" : "array")} of the output; "
                + $"use --format json (variables are kept apart there), or leave '{v}' out with --record");
    }

    private static void Csv(TextWriter w, RecordedData data, string[] variables, double dt, long steps)
    {
        var spikes = data.Spikes?[0].CountBy(s => s).ToDictionary();
        w.Write(string.Join(",", ["t", .. variables, .. spikes is null ? Array.Empty<string>() : ["spikes"]]));
        w.Write('\n');
        // with only spikes recorded there are no samples: still one row per step, so the spike column is not lost
        var rows = variables.Length == 0 ? steps : data.Steps.Length;
        for (var row = 0L; row < rows; row++)
        {
            var step = variables.Length == 0 ? row : data.Steps[row];
            w.Write((step * dt).ToString("G15", CultureInfo.InvariantCulture));
            foreach (var v in variables)
            {
                w.Write(',');
                w.Write(data.Variables[v][row, 0].ToString("R", CultureInfo.InvariantCulture));
            }
            if (spikes is not null)
            {
                w.Write(',');
                w.Write(step <= int.MaxValue ? spikes.GetValueOrDefault((int)step) : 0);
            }
            w.Write('\n');
        }
    }

    /// <summary>Spike time of step <paramref name="step"/> in ms, without the float noise of step · dt (618 · 0.1 = 61.800000000000004).</summary>
    internal static double SpikeTime(int step, double dt) => Math.Round(step * dt, 9);

    private static void WriteNpz(string path, RecordedData data, string[] variables, double dt, long steps)
    {
        var arrays = new List<KeyValuePair<string, NpyArray>>
        {
            new("dt", NpyArray.Scalar(dt)),
            new("steps", NpyArray.Scalar(steps)),
            new("t", NpyArray.FromVector(data.Steps.Select(s => s * dt).ToArray())),
        };
        foreach (var v in variables)
        {
            var values = data.Variables[v];
            arrays.Add(new(v, NpyArray.FromVector(Enumerable.Range(0, values.GetLength(0)).Select(t => values[t, 0]).ToArray())));
        }
        if (data.Spikes is { } spikes) arrays.Add(new("spikes", NpyArray.FromVector(spikes[0].Select(s => (long)s).ToArray())));
        Npz.Write(path, arrays);
    }
}
