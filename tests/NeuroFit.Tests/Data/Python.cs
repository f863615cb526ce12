using System.Collections.Concurrent;
using System.Diagnostics;

namespace NeuroFit.Tests.Data;

/// <summary>Runs the python named by NEUROFIT_PYTHON (default /usr/bin/python3) for interoperability tests.</summary>
internal static class Python
{
    public static string Executable => Environment.GetEnvironmentVariable("NEUROFIT_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, bool> Importable = new();

    /// <summary>Whether <c>import <paramref name="modules"/></c> succeeds (checked once per module list).</summary>
    public static bool CanImport(string modules) => Importable.GetOrAdd(modules, m =>
    {
        try
        {
            Run($"import {m}");
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    });

    /// <summary>Runs <paramref name="script"/> (passed on stdin) and returns its stdout; throws when python fails.</summary>
    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-");
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {Executable}");
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("python did not finish within 60 s");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"python exited with {process.ExitCode}:\n{stderr}");
        return stdout.Result;
    }
}

/// <summary>A fact skipped only when the configured python cannot import h5py and numpy.</summary>
public sealed class H5pyFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when h5py is unavailable.</summary>
    public H5pyFactAttribute()
    {
        if (!Python.CanImport("h5py, numpy")) Skip = $"h5py cannot be imported by {Python.Executable} (apt-get install python3-h5py)";
    }
}
