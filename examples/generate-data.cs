#:project ../src/NeuroFit/NeuroFit.csproj
// Generates the data files of an example from known parameters: simulates the example's experiment (config.yaml)
// with the parameters of known.json and writes every file the config's target names — traces (CSV t,variable) with
// Gaussian noise of SD known.noise_sd (seeded by known.noise_seed; 0 = noise-free) and spike times (CSV t, in ms).
//
//   dotnet run examples/generate-data.cs -- examples/izhikevich-trace
using System.Globalization;
using System.Text;
using System.Text.Json;
using NeuroFit.Config;
using NeuroFit.ConfigFit;

if (args.Length != 1) { Console.Error.WriteLine("usage: dotnet run generate-data.cs -- EXAMPLE_FOLDER"); return 2; }
var folder = args[0];
var known = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "known.json"))).RootElement;
var parameters = known.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
var noiseSd = known.TryGetProperty("noise_sd", out var sd) ? sd.GetDouble() : 0;
var random = new Random(known.TryGetProperty("noise_seed", out var seed) ? seed.GetInt32() : 0);
var config = FitConfigLoader.Load(Path.Combine(folder, "config.yaml"));
if (config.Target is not DataTargetSpec target) { Console.Error.WriteLine("the config's target is not data"); return 2; }
var simulated = ConfigSimulation.Run(config, parameters);
string F(double x, string format) => x.ToString(format, CultureInfo.InvariantCulture);

foreach (var trace in target.Traces)
{
    var sweep = simulated.Sweeps[trace.Chunk];
    var values = sweep.Traces[trace.Variable];
    var text = new StringBuilder($"t,{trace.Column ?? trace.Variable}\n");
    for (var i = 0; i < values.Length; i++)
    {
        // Box–Muller: a standard normal from two uniforms.
        var noise = noiseSd == 0 ? 0 : noiseSd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        text.Append(F(i * sweep.Dt, "0.######")).Append(',').Append(F(values[i] + noise, noiseSd == 0 ? "R" : "0.####")).Append('\n');
    }
    File.WriteAllText(config.Resolve(trace.File), text.ToString());
    Console.WriteLine($"{trace.File}: {values.Length} samples of {trace.Variable} every {sweep.Dt} ms (chunk {trace.Chunk})");
}
foreach (var spikes in target.Spikes)
{
    var times = simulated.Sweeps[spikes.Chunk].SpikeTimesMs ?? [];
    File.WriteAllText(config.Resolve(spikes.File), $"{spikes.Column ?? "t"}\n" + string.Concat(times.Select(t => F(t, "0.######") + "\n")));
    Console.WriteLine($"{spikes.File}: {times.Count} spike times (chunk {spikes.Chunk})");
}
return 0;
