using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroFit.Config;
using NeuroFit.ConfigFit;
using NeuroFit.Simulation.Experiments;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit simulate --experiment CONFIG</c>: runs the <c>experiment:</c> section of a fit config on its model (or,
/// with <c>--target</c>, its target model) to look at a model before fitting. <c>--set NAME=VALUE</c> sets parameter
/// and initial values as a fit candidate would.
/// </summary>
internal static class SimulateExperimentOption
{
    public static Option<string?> Create() =>
        new("--experiment") { Description = "Fit config (YAML): simulate its experiment (chunks, phases, record, period) on its model instead of --phase/--duration." };

    public static Option<bool> CreateTarget() =>
        new("--target") { Description = "With --experiment: simulate the config's target model." };

    /// <summary>Runs the experiment and writes json (default), csv or npz; <paramref name="conflicting"/> are options that make no sense with it.</summary>
    public static int Run(ParseResult parse, string configPath, bool target, IReadOnlyList<string> sets, ulong seed, string format, string? output,
        IEnumerable<Option> conflicting)
    {
        foreach (var option in conflicting)
            if (parse.GetResult(option) is { Implicit: false })
                throw new CliUsageException($"{option.Name} cannot be combined with --experiment: the config's experiment section sets it");
        if (format == "npz" && output is null) throw new CliUsageException("--format npz writes a binary file: give --out FILE");
        var values = new Dictionary<string, double>();
        foreach (var text in sets)
        {
            var (name, value) = SimulateCommand.ParseAssignment(text, "--set");
            values[name] = value;
        }
        var config = FitConfigLoader.Load(configPath);
        var simulated = ConfigSimulation.Run(config, values, target, seed);
        switch (format)
        {
            case "npz":
                Npz.Write(output!, RecordingsFile.ToArrays(simulated.Results.Recordings));
                break;
            case "csv":
                Write(output, parse.InvocationConfiguration.Output, Csv(simulated));
                break;
            default:
                Write(output, parse.InvocationConfiguration.Output, Json(simulated));
                break;
        }
        return 0;
    }

    private static string Json(SimulatedExperiment simulated)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("chunks");
            foreach (var sweep in simulated.Sweeps)
            {
                w.WriteStartObject();
                w.WriteNumber("duration_ms", sweep.DurationMs);
                w.WriteNumber("period", sweep.Dt);
                w.WriteStartObject("variables");
                foreach (var (name, values) in sweep.Traces)
                {
                    w.WriteStartArray(name);
                    foreach (var v in values)
                        if (double.IsFinite(v)) w.WriteNumberValue(v);
                        else w.WriteNullValue();
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                if (sweep.SpikeTimesMs is { } spikes)
                {
                    w.WriteStartArray("spike_times_ms");
                    foreach (var t in spikes) w.WriteNumberValue(Math.Round(t, 9)); // step · dt without float noise
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Csv(SimulatedExperiment simulated)
    {
        var names = simulated.Sweeps.SelectMany(s => s.Traces.Keys).Distinct().ToList();
        var spikes = simulated.Sweeps.Any(s => s.SpikeTimesMs is not null);
        var text = new StringBuilder(string.Join(",", ["chunk", "t", .. names, .. spikes ? ["spikes"] : Array.Empty<string>()])).Append('\n');
        for (var c = 0; c < simulated.Sweeps.Count; c++)
        {
            var sweep = simulated.Sweeps[c];
            // one row per recorded sample; a chunk that records only spikes gets the rows it would record
            var length = sweep.Traces.Values.Select(v => v.Length).DefaultIfEmpty((int)Math.Ceiling(sweep.DurationMs / sweep.Dt - 1e-9)).Max();
            var counts = new int[length];
            foreach (var t in sweep.SpikeTimesMs ?? [])
                counts[Math.Clamp((int)Math.Floor(t / sweep.Dt + 1e-9), 0, length - 1)]++; // spikes in [t, t + period)
            for (var i = 0; i < length; i++)
            {
                text.Append(c).Append(',').Append((i * sweep.Dt).ToString("G15", CultureInfo.InvariantCulture));
                foreach (var n in names) text.Append(',').Append(sweep.Traces[n][i].ToString("R", CultureInfo.InvariantCulture));
                if (spikes) text.Append(',').Append(counts[i]);
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    private static void Write(string? path, TextWriter stdout, string text)
    {
        if (path is null) stdout.Write(text);
        else File.WriteAllText(path, text);
    }
}
