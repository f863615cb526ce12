using System.Globalization;
using System.Text;
using NeuroFit.Cli;

namespace NeuroFit.Cli.Tests.Fit;

/// <summary>Valid base configs (with their data files) that the corpus breaks one entry at a time, and a runner.</summary>
internal static class FitFixtures
{
    /// <summary>CompNeuroPy's example A, shortened: a rate neuron fitted to two recorded chunks.</summary>
    public const string RateConfig = """
        model:
          name: simple
          parameters: |
            I_app = 0
            a = 0
            b = 0
          equations: |
            r = a*I_app + b
        target:
          data:
            - {file: chunk0.csv, variable: r, chunk: 0}
            - {file: chunk1.csv, variable: r, chunk: 1}
        experiment:
          dt: 1
          record: [r]
          chunks:
            - [{duration: 50, set: {I_app: 0}}, {duration: 50, set: {I_app: 5}}]
            - [{duration: 50, set: {I_app: 0}}, {duration: 50, set: {I_app: 10}}]
        loss:
          - {rmse: r}
        parameters:
          a: [-50, 100]
          b: [-50, 150]
        method: cmaes
        max_evals: 300
        seed: 1
        """;

    /// <summary>A spiking model fitted to a voltage trace and spike times.</summary>
    public const string SpikeConfig = """
        model: Izhikevich2007
        target:
          data: {file: v.csv, variable: v}
          spikes: {file: spikes.csv}
        experiment:
          dt: 0.1
          record: [v, spike]
          chunks:
            - [{duration: 50, set: {I_app: 80}}]
        loss:
          - {rmse: v}
          - {van_rossum: 5}
        parameters:
          C: [50, 150]
          k: [0.1, 2]
        max_evals: 12
        """;

    public static Dictionary<string, byte[]> RateFiles() => new()
    {
        ["chunk0.csv"] = Csv("r", Enumerable.Range(0, 100).Select(i => i < 50 ? 2.0 : 6.0)),
        ["chunk1.csv"] = Csv("r", Enumerable.Range(0, 100).Select(i => i < 50 ? 2.0 : 10.0)),
    };

    public static Dictionary<string, byte[]> SpikeFiles() => new()
    {
        ["v.csv"] = Csv("v", Enumerable.Range(0, 500).Select(i => -60.0 + 0.01 * i), dt: 0.1),
        ["spikes.csv"] = Encoding.UTF8.GetBytes("t\n10.5\n30.2\n"),
    };

    /// <summary>A CSV with columns t (every <paramref name="dt"/> ms) and <paramref name="column"/>.</summary>
    public static byte[] Csv(string column, IEnumerable<double> values, double dt = 1)
    {
        var text = new StringBuilder($"t,{column}\n");
        var i = 0;
        foreach (var v in values) text.Append(CultureInfo.InvariantCulture, $"{i++ * dt},{v}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Writes the config and files into a fresh folder and runs <c>neurofit</c> with the arguments (CONFIG is replaced by the config path).</summary>
    public static (int Code, string Out, string Err, string Dir) Run(string config, IReadOnlyDictionary<string, byte[]> files, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-fit-").FullName;
        var path = Path.Combine(dir, "config.yaml");
        File.WriteAllText(path, config);
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(dir, name), bytes);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NeuroFitCommand.Run(args.Select(a => a.Replace("CONFIG", path).Replace("DIR", dir)).ToArray(), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString(), dir);
    }

    public static void Delete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
