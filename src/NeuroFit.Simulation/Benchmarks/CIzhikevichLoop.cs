using System.Diagnostics;
using System.Globalization;

namespace NeuroFit.Simulation.Benchmarks;

/// <summary>One timed run of the C loop.</summary>
/// <param name="NeuronStepsPerSecond">Neuron-steps per second of the loop (its own clock, process start excluded).</param>
/// <param name="Spikes">Total spikes of the run.</param>
public sealed record CLoopRun(double NeuronStepsPerSecond, long Spikes);

/// <summary>
/// The hand-written C Izhikevich loop (<c>Benchmarks/izhikevich.c</c>, shipped in the assembly), compiled with gcc at
/// bench time into a temporary folder: the yardstick of <c>neurofit bench simulate</c>. Disposing deletes the folder.
/// </summary>
public sealed class CIzhikevichLoop : IDisposable
{
    /// <summary>The gcc options the loop is compiled with (before falling back to plain <c>-O3</c> where they are refused).</summary>
    public const string Flags = "-O3 -march=native -ffp-contract=off -fno-trapping-math";

    private readonly string _folder;
    private readonly string _program;

    private CIzhikevichLoop(string folder, string program, string compiler, string flags)
    {
        _folder = folder;
        _program = program;
        Compiler = compiler;
        CompilerFlags = flags;
    }

    /// <summary>The compiler that built the loop.</summary>
    public string Compiler { get; }

    /// <summary>The options it was built with.</summary>
    public string CompilerFlags { get; }

    /// <summary>The C source.</summary>
    public static string Source()
    {
        using var stream = typeof(CIzhikevichLoop).Assembly.GetManifestResourceStream("NeuroFit.Simulation.Benchmarks.izhikevich.c")
            ?? throw new InvalidOperationException("the C loop is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Compiles the loop, or returns null with the reason (no gcc on the PATH, or it failed).</summary>
    public static CIzhikevichLoop? TryBuild(out string? reason)
    {
        var gcc = FindOnPath("gcc");
        if (gcc is null)
        {
            reason = "gcc not found on the PATH";
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("neurofit-cloop-").FullName;
        try
        {
            var source = Path.Combine(folder, "izhikevich.c");
            File.WriteAllText(source, Source());
            var program = Path.Combine(folder, OperatingSystem.IsWindows() ? "izhikevich.exe" : "izhikevich");
            string? error = null;
            foreach (var flags in new[] { Flags, "-O3" })
            {
                var (code, _, stderr) = Execute(gcc, $"{flags} -o \"{program}\" \"{source}\"", TimeSpan.FromMinutes(2));
                if (code == 0)
                {
                    reason = null;
                    return new CIzhikevichLoop(folder, program, gcc, flags);
                }
                error ??= stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? $"exit code {code}";
            }
            reason = $"gcc failed: {error}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            reason = $"gcc could not be run: {e.Message}";
        }
        TryDelete(folder);
        return null;
    }

    /// <summary>Runs the loop <paramref name="repeats"/> times in one process and returns its best figure.</summary>
    public CLoopRun Run(int neurons, long steps, double dt, int repeats = 1)
    {
        var budget = TimeSpan.FromSeconds(60 + repeats * (double)neurons * steps / 1e7);
        var args = string.Join(' ', neurons.ToString(CultureInfo.InvariantCulture), steps.ToString(CultureInfo.InvariantCulture),
            dt.ToString("R", CultureInfo.InvariantCulture), repeats.ToString(CultureInfo.InvariantCulture));
        var (code, stdout, stderr) = Execute(_program, args, budget);
        if (code != 0) throw new InvalidOperationException($"the C loop failed (exit code {code}): {stderr.Trim()}");
        double? rate = null;
        long? spikes = null;
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ');
            if (parts.Length != 2) continue;
            if (parts[0] == "neuron_steps_per_s") rate = double.Parse(parts[1], CultureInfo.InvariantCulture);
            if (parts[0] == "spikes") spikes = long.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        if (rate is null || spikes is null) throw new InvalidOperationException($"the C loop printed no figures: '{stdout.Trim()}'");
        return new CLoopRun(rate.Value, spikes.Value);
    }

    /// <summary>Deletes the temporary folder with the program.</summary>
    public void Dispose() => TryDelete(_folder);

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows() ? new[] { name + ".exe" } : [name])
            {
                var full = Path.Combine(dir, candidate);
                if (File.Exists(full)) return full;
            }
        }
        return null;
    }

    private static (int Code, string Stdout, string Stderr) Execute(string program, string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, CreateNoWindow = true,
        };
        using var process = Process.Start(info) ?? throw new IOException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} ran longer than {timeout.TotalSeconds:F0} s");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
