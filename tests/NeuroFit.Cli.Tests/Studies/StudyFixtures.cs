using System.Diagnostics;
using System.Globalization;
using NeuroFit.Cli.Tests.Fit;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;

namespace NeuroFit.Cli.Tests.Studies;

/// <summary>Skips a test with a visible reason when no PostgreSQL server is given (env NEUROFIT_PG, set by ./test.sh).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string EnvVar = "NEUROFIT_PG";

    public PostgresFactAttribute()
    {
        if (ConnectionString is null) Skip = "PostgreSQL tests skipped: NEUROFIT_PG is not set (run ./test.sh, which starts a throwaway cluster)";
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } s ? s : null;
}

/// <summary>A tiny fit for study and worker tests, the <c>neurofit</c> command as a child process, and trial fingerprints.</summary>
internal static class StudyFixtures
{
    /// <summary>The rate-neuron config of the fit tests with TPE and a fine time step (each evaluation simulates 20,000
    /// steps, slow enough for a process to be killed in the middle of a run).</summary>
    public static string Config(string method = "hyperopt", int maxEvals = 200, double dt = 0.01) =>
        FitFixtures.RateConfig
            .Replace("method: cmaes", $"method: {method}")
            .Replace("max_evals: 300", $"max_evals: {maxEvals}")
            .Replace("dt: 1\n", string.Create(CultureInfo.InvariantCulture, $"dt: {dt}\n"));

    /// <summary>Writes the config and its data files into a fresh folder; returns the folder and the config path.</summary>
    public static (string Dir, string Config) Folder(string config)
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-study-").FullName;
        var path = Path.Combine(dir, "config.yaml");
        File.WriteAllText(path, config);
        foreach (var (name, bytes) in FitFixtures.RateFiles()) File.WriteAllBytes(Path.Combine(dir, name), bytes);
        return (dir, path);
    }

    /// <summary>Runs <c>neurofit</c> in this process.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NeuroFitCommand.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Starts <c>neurofit</c> as a child process (the CLI assembly next to the tests).</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NeuroFit.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start neurofit");
        // drain the pipes so a chatty child never blocks on a full buffer
        var output = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        Outputs.Add(p, output);
        return p;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> Outputs = new();

    /// <summary>Everything the child wrote (stdout and stderr interleaved).</summary>
    public static string OutputOf(Process p)
    {
        var b = Outputs.TryGetValue(p, out var o) ? o : new System.Text.StringBuilder();
        lock (b) return b.ToString();
    }

    public static int Wait(Process p, TimeSpan timeout)
    {
        if (!p.WaitForExit((int)timeout.TotalMilliseconds))
        {
            p.Kill(true);
            throw new TimeoutException($"neurofit did not finish in {timeout.TotalSeconds} s: {OutputOf(p)}");
        }
        p.WaitForExit(); // flush the asynchronous readers
        return p.ExitCode;
    }

    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out waiting for {what}");
            Thread.Sleep(10);
        }
    }

    /// <summary>What must be equal between two runs: number, state, loss and parameters (not workers, attempts or times).</summary>
    public static string Fingerprint(IEnumerable<Trial> trials) =>
        string.Join("\n", trials.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{t.Number} {t.State} {t.Loss:R} {string.Join(",", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToString("R", CultureInfo.InvariantCulture)))}")));

    public static IReadOnlyList<Trial> Trials(string url, string study)
    {
        using var storage = StudyStorage.Open(url);
        return storage.GetTrials((storage.FindStudy(study) ?? throw new InvalidOperationException($"no study {study}")).Id);
    }

    public static void Delete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
