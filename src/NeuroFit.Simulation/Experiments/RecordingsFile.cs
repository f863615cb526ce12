using System.Globalization;
using System.Text;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Simulation.Experiments;

/// <summary>
/// Saves recordings (a list of chunks) to NPZ or CSV and reads them back.
/// NPZ keys (numpy-loadable): <c>chunk0/pop;v</c> → float64 [time, neuron]; <c>chunk0/pop;spike</c> → int64 [spikes, 2]
/// rows of (neuron rank, step); <c>chunk0/pop;spike_neurons</c> → number of recorded neurons; <c>chunk0/pop;period</c>
/// and <c>chunk0/dt</c> → float64 scalars; <c>chunk0/pop;parameter_dict/NAME</c> → float64 per-neuron values.
/// CSV (long format): <c>chunk,key,row,neuron,value</c>, one line per sample, spike (value = step), scalar or parameter.
/// </summary>
public static class RecordingsFile
{
    private const string SpikeSuffix = ";spike";
    private const string SpikeCountSuffix = ";spike_neurons";
    private const string ParameterInfix = ";parameter_dict/";

    /// <summary>Writes <paramref name="recordings"/> to <paramref name="path"/>; <c>.csv</c> writes CSV, anything else NPZ.</summary>
    public static void Save(string path, IReadOnlyList<RecordingChunk> recordings, string prefix = "")
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) File.WriteAllText(path, ToCsv(recordings));
        else Npz.Write(path, ToArrays(recordings, prefix));
    }

    /// <summary>The NPZ entries of <paramref name="recordings"/>, keys prefixed by <paramref name="prefix"/> (e.g. <c>best/</c>).</summary>
    public static IEnumerable<KeyValuePair<string, NpyArray>> ToArrays(IReadOnlyList<RecordingChunk> recordings, string prefix = "")
    {
        for (var c = 0; c < recordings.Count; c++)
        {
            foreach (var (key, value) in recordings[c].OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var name = $"{prefix}chunk{c}/{key}";
                switch (value)
                {
                    case TraceMatrix trace:
                        yield return new(name, NpyArray.FromMatrix(trace.ToArray()));
                        break;
                    case SpikeTrains spikes:
                        var pairs = spikes.SelectMany(s => s.Value.Select(step => ((long)s.Key, (long)step))).ToList();
                        var flat = new long[pairs.Count * 2];
                        for (var i = 0; i < pairs.Count; i++) (flat[2 * i], flat[2 * i + 1]) = pairs[i];
                        yield return new(name, new NpyArray(flat, pairs.Count, 2));
                        yield return new($"{prefix}chunk{c}/{key[..^SpikeSuffix.Length]}{SpikeCountSuffix}", NpyArray.Scalar((long)spikes.Count));
                        break;
                    case double scalar:
                        yield return new(name, NpyArray.Scalar(scalar));
                        break;
                    case IReadOnlyDictionary<string, double[]> parameters:
                        foreach (var (parameter, values) in parameters)
                            yield return new($"{name}/{parameter}", NpyArray.FromVector(values));
                        break;
                }
            }
        }
    }

    /// <summary>Reads recordings written by <see cref="Save"/> (NPZ or CSV by suffix).</summary>
    public static IReadOnlyList<RecordingChunk> Load(string path, string prefix = "") =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? FromCsv(File.ReadAllText(path), path) : FromArrays(Npz.Read(path), prefix);

    /// <summary>Rebuilds recordings from NPZ entries (see the class summary for the key scheme).</summary>
    public static IReadOnlyList<RecordingChunk> FromArrays(IReadOnlyDictionary<string, NpyArray> arrays, string prefix = "")
    {
        var chunks = new SortedDictionary<int, Dictionary<string, object>>();
        var spikeRows = new Dictionary<(int, string), long[]>();
        var spikeCounts = new Dictionary<(int, string), int>();
        foreach (var (fullName, array) in arrays)
        {
            if (!fullName.StartsWith(prefix + "chunk", StringComparison.Ordinal)) continue;
            var rest = fullName[(prefix.Length + "chunk".Length)..];
            var slash = rest.IndexOf('/');
            if (slash < 0 || !int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var c)) continue;
            var key = rest[(slash + 1)..];
            var entries = chunks.TryGetValue(c, out var e) ? e : chunks[c] = new Dictionary<string, object>();
            if (key.EndsWith(SpikeSuffix, StringComparison.Ordinal)) spikeRows[(c, key)] = array.As<long>();
            else if (key.EndsWith(SpikeCountSuffix, StringComparison.Ordinal))
                spikeCounts[(c, key[..^SpikeCountSuffix.Length] + SpikeSuffix)] = (int)array.As<long>()[0];
            else if (key.Contains(ParameterInfix, StringComparison.Ordinal))
            {
                var at = key.IndexOf(ParameterInfix, StringComparison.Ordinal);
                var dictKey = key[..(at + ParameterInfix.Length - 1)];
                var parameters = entries.TryGetValue(dictKey, out var p) ? (Dictionary<string, double[]>)p : new Dictionary<string, double[]>();
                parameters[key[(at + ParameterInfix.Length)..]] = array.ToDoubles();
                entries[dictKey] = parameters;
            }
            else if (array.Rank == 0 || (array.Rank == 1 && array.Length == 1 && !key.Contains(';')) || key.EndsWith(";period", StringComparison.Ordinal))
                entries[key] = array.ToDoubles()[0];
            else entries[key] = TraceMatrix.FromTimeMajor(array.ToDoubleMatrix());
        }
        foreach (var ((c, key), rows) in spikeRows)
            chunks[c][key] = SpikesFromPairs(rows, spikeCounts.GetValueOrDefault((c, key)));
        return [.. chunks.Values.Select(entries => new RecordingChunk(entries.ToDictionary(e => e.Key,
            e => e.Value is Dictionary<string, double[]> d ? (object)(IReadOnlyDictionary<string, double[]>)d : e.Value)))];
    }

    private static SpikeTrains SpikesFromPairs(long[] rows, int neurons)
    {
        var count = Math.Max(neurons, rows.Length == 0 ? 0 : (int)Enumerable.Range(0, rows.Length / 2).Max(i => rows[2 * i]) + 1);
        var trains = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < rows.Length / 2; i++) trains[rows[2 * i]].Add((int)rows[2 * i + 1]);
        return new SpikeTrains(trains);
    }

    private static string ToCsv(IReadOnlyList<RecordingChunk> recordings)
    {
        var text = new StringBuilder("chunk,key,row,neuron,value\n");
        void Line(int c, string key, int row, int neuron, double value) =>
            text.Append(CultureInfo.InvariantCulture, $"{c},\"{key}\",{row},{neuron},{value.ToString("R", CultureInfo.InvariantCulture)}\n");
        for (var c = 0; c < recordings.Count; c++)
        {
            foreach (var (key, value) in recordings[c].OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                switch (value)
                {
                    case TraceMatrix trace:
                        for (var n = 0; n < trace.Neurons; n++)
                            for (var t = 0; t < trace.TimeSteps; t++) Line(c, key, t, n, trace[t, n]);
                        break;
                    case SpikeTrains spikes:
                        Line(c, key[..^SpikeSuffix.Length] + SpikeCountSuffix, -1, -1, spikes.Count);
                        foreach (var (rank, steps) in spikes)
                            for (var i = 0; i < steps.Count; i++) Line(c, key, i, rank, steps[i]);
                        break;
                    case double scalar:
                        Line(c, key, -1, -1, scalar);
                        break;
                    case IReadOnlyDictionary<string, double[]> parameters:
                        foreach (var (parameter, values) in parameters)
                            for (var n = 0; n < values.Length; n++) Line(c, $"{key}/{parameter}", -1, n, values[n]);
                        break;
                }
            }
        }
        return text.ToString();
    }

    private static IReadOnlyList<RecordingChunk> FromCsv(string text, string source)
    {
        var traces = new Dictionary<(int, string), List<(int Row, int Neuron, double Value)>>();
        var arrays = new Dictionary<string, NpyArray>();
        var spikes = new Dictionary<(int, string), List<long>>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0].Trim() != "chunk,key,row,neuron,value")
            throw new FormatException($"{source}: not a NeuroFit recordings CSV (expected the header 'chunk,key,row,neuron,value')");
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var q1 = line.IndexOf('"');
            var q2 = line.IndexOf('"', q1 + 1);
            if (q1 < 0 || q2 < 0) throw new FormatException($"{source}:{i + 1}: malformed line");
            var c = int.Parse(line[..(q1 - 1)], CultureInfo.InvariantCulture);
            var key = line[(q1 + 1)..q2];
            var parts = line[(q2 + 2)..].Split(',');
            int row = int.Parse(parts[0], CultureInfo.InvariantCulture), neuron = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var value = double.Parse(parts[2], CultureInfo.InvariantCulture);
            var name = $"chunk{c}/{key}";
            if (key.EndsWith(SpikeSuffix, StringComparison.Ordinal))
            {
                var list = spikes.TryGetValue((c, key), out var l) ? l : spikes[(c, key)] = [];
                list.Add(neuron);
                list.Add((long)value);
            }
            else if (key.EndsWith(SpikeCountSuffix, StringComparison.Ordinal)) arrays[name] = NpyArray.Scalar((long)value);
            else if (key.Contains(ParameterInfix, StringComparison.Ordinal) || row >= 0)
            {
                var list = traces.TryGetValue((c, key), out var l) ? l : traces[(c, key)] = [];
                list.Add((row, neuron, value));
            }
            else arrays[name] = NpyArray.Scalar(value);
        }
        foreach (var ((c, key), rows) in spikes) arrays[$"chunk{c}/{key}"] = new NpyArray(rows.ToArray(), rows.Count / 2, 2);
        foreach (var ((c, key), samples) in traces)
        {
            if (key.Contains(ParameterInfix, StringComparison.Ordinal))
            {
                arrays[$"chunk{c}/{key}"] = NpyArray.FromVector(samples.OrderBy(s => s.Neuron).Select(s => s.Value).ToArray());
                continue;
            }
            int steps = samples.Max(s => s.Row) + 1, neurons = samples.Max(s => s.Neuron) + 1;
            var matrix = new double[steps, neurons];
            foreach (var (row, neuron, value) in samples) matrix[row, neuron] = value;
            arrays[$"chunk{c}/{key}"] = NpyArray.FromMatrix(matrix);
        }
        return FromArrays(arrays);
    }
}
