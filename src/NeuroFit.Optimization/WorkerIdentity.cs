using System.Diagnostics;
using System.Globalization;

namespace NeuroFit.Optimization;

/// <summary>Worker ids of the form <c>host/pid/suffix</c>, and a liveness check for workers on this machine.</summary>
public static class WorkerIdentity
{
    /// <summary>A new id for a worker in this process.</summary>
    public static string Create() =>
        $"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>True when <paramref name="workerId"/> names a process on this machine that no longer runs (or is a
    /// zombie). Workers on other machines, or ids of another form, are never declared dead here: heartbeats decide.</summary>
    public static bool IsDeadLocalProcess(string? workerId)
    {
        if (workerId is null) return false;
        var parts = workerId.Split('/');
        if (parts.Length < 3 || parts[0] != Environment.MachineName) return false;
        if (!int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return false;
        var stat = $"/proc/{pid}/stat";
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (!File.Exists(stat)) return true;
                var text = File.ReadAllText(stat);
                var close = text.LastIndexOf(')');
                if (close > 0 && close + 2 < text.Length) return text[close + 2] is 'Z' or 'X';
                return false;
            }
            catch (IOException) { return true; }
        }
        try
        {
            using var p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException) { return true; }
        catch (InvalidOperationException) { return true; }
    }
}
