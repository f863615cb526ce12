using System.Diagnostics;

namespace NeuroFit.Simulation.Tests.IO;

/// <summary>Runs the python named by NEUROFIT_PYTHON (default /usr/bin/python3) for numpy interoperability tests.</summary>
internal static class PythonNumpy
{
    public static string Python => Environment.GetEnvironmentVariable("NEUROFIT_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    private static readonly Lazy<bool> NumpyImports = new(() =>
    {
        try
        {
            Run("import numpy");
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    });

    public static bool Available => NumpyImports.Value;

    /// <summary>Runs <paramref name="script"/> (passed on stdin) and returns its stdout; throws when python fails.</summary>
    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-");
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {Python}");
        process.StandardInput.Write(script);
        process.StandardInput.Close();
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        var stdout = stdoutTask.Result;
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("python did not finish within 60 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"python exited with {process.ExitCode}:\n{stderr}\n{stdout}");
        return stdout;
    }
}

/// <summary>A fact that is skipped only when <c>import numpy</c> fails in the configured python.</summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when numpy is unavailable.</summary>
    public NumpyFactAttribute()
    {
        if (!PythonNumpy.Available) Skip = $"numpy cannot be imported by {PythonNumpy.Python}";
    }
}
