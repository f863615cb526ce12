using System.Globalization;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;
using NeuroFit.Optimization.Storage;

namespace NeuroFit.Optimization.Tests.Tools;

/// <summary>
/// A worker process for the crash and concurrency tests:
/// <c>worker --storage URL --study NAME --max N [--batch B] [--sleep-ms S] [--hang-first] [--create METHOD:SEED]
/// [--heartbeat-ms H] [--grace-ms G] [--worker-id ID]</c>. It evaluates the sphere function on the trial's parameters (sleeping S ms
/// per batch), and exits when the study's budget is done.
/// </summary>
internal static class WorkerProcess
{
    public static SearchSpace Space => new(Hp.Uniform("a", -5, 5), Hp.Uniform("b", -5, 5), Hp.Uniform("c", -5, 5));

    public static SamplerSettings Sampler(string spec)
    {
        var parts = spec.Split(':');
        var seed = long.Parse(parts[1], CultureInfo.InvariantCulture);
        return parts[0] switch
        {
            "tpe" => TpeSettings.Hyperopt(seed),
            "random" => new RandomSettings { Seed = seed },
            "cmaes" => new CmaEsSettings { Seed = seed },
            _ => throw new ArgumentException(spec),
        };
    }

    public static double Loss(IReadOnlyDictionary<string, double> p) => p.Values.Sum(v => v * v);

    public static int Run(string[] args)
    {
        string Arg(string name, string? fallback = null)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"missing {name}");
        }
        var options = new StudyOptions
        {
            MaxTrials = int.Parse(Arg("--max"), CultureInfo.InvariantCulture),
            HeartbeatInterval = TimeSpan.FromMilliseconds(int.Parse(Arg("--heartbeat-ms", "500"), CultureInfo.InvariantCulture)),
            GracePeriod = TimeSpan.FromMilliseconds(int.Parse(Arg("--grace-ms", "60000"), CultureInfo.InvariantCulture)),
            WorkerId = Arg("--worker-id", "") is { Length: > 0 } id ? id : null,
        };
        var batch = int.Parse(Arg("--batch", "1"), CultureInfo.InvariantCulture);
        var sleep = int.Parse(Arg("--sleep-ms", "0"), CultureInfo.InvariantCulture);
        var hangFirst = args.Contains("--hang-first");
        using var storage = StudyStorage.Open(Arg("--storage"));
        var create = Arg("--create", "");
        using var study = create.Length > 0
            ? Study.CreateOrLoad(storage, Arg("--study"), Space, Sampler(create), options)
            : Study.Load(storage, Arg("--study"), options);
        var done = 0;
        while (true)
        {
            var b = study.Ask(batch);
            if (b.Count == 0)
            {
                if (b.Status == AskStatus.Waiting) { Thread.Sleep(50); continue; }
                break;
            }
            if (hangFirst)
            {
                Console.WriteLine($"holding {b[0].Number}");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite);
            }
            if (sleep > 0) Thread.Sleep(sleep);
            foreach (var t in b)
            {
                study.Tell(t, Loss(t.Params));
                done++;
            }
        }
        Console.WriteLine($"done {done}");
        return 0;
    }
}
