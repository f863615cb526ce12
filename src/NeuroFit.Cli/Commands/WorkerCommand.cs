using System.CommandLine;
using System.Globalization;
using NeuroFit.ConfigFit;
using NeuroFit.Fitting;
using NeuroFit.Optimization;
using NeuroFit.Optimization.Storage;
using NeuroFit.Optimization.Trials;
using NeuroFit.Progress;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit worker --storage URL --study NAME</c>: joins a study made by <c>neurofit study create</c> and evaluates
/// its trials until the budget is used (re-queued trials of stopped workers included), then prints what it did and
/// the study's best. Workers write no result files; <c>neurofit study show/export</c> read the study, and
/// <c>neurofit fit CONFIG --storage URL --study NAME</c> on a finished study writes the run folder without new evaluations.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var storage = new Option<string>("--storage") { Description = "Study storage: postgresql://user@host:port/db (or sqlite:PATH for one process).", Required = true };
        var study = FitStorageOptions.StudyName(new Option<string>("--study") { Description = "Study name.", Required = true });
        var maxEvals = new Option<int?>("--max-evals") { Description = "Budget of the study instead of the one stored by 'study create' (give every worker the same)." };
        var timeLimit = FitCommand.TimeLimitOption("Wall time of this worker in seconds: it stops at the study's budget or the limit, whichever comes first (default: the stored config's time_limit, else none).");
        var threads = new Option<int?>("--threads") { Description = "Engine threads per batch (default: the config's, else all cores)." };
        var batch = new Option<int?>("--batch-size") { Description = "Candidates simulated together (default: the method's; a CMA-ES generation is shared by all workers)." };
        var grace = new Option<double>("--grace-period") { Description = "Seconds without heartbeat after which another worker's trial is re-queued.", DefaultValueFactory = _ => 60 };
        var heartbeat = new Option<double>("--heartbeat") { Description = "Seconds between this worker's heartbeats (keep well below every worker's grace period).", DefaultValueFactory = _ => 10 };
        var workerId = new Option<string?>("--worker-id") { Description = "Name of this worker in the study (default host/pid/random; a name of a dead local process is re-queued at once, others after the grace period)." };
        var command = new Command("worker", "Join a study made by 'neurofit study create' and evaluate its trials until the budget is used.")
        {
            storage, study, maxEvals, timeLimit, threads, batch, grace, heartbeat, workerId,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var evals = parse.GetValue(maxEvals);
            if (evals is < 1) throw new CliUsageException($"--max-evals must be at least 1, got {evals}");
            if (parse.GetValue(batch) is < 1) throw new CliUsageException("--batch-size must be at least 1");
            if (parse.GetValue(threads) is < 0) throw new CliUsageException("--threads must be 0 (all cores) or more");
            var graceSeconds = parse.GetValue(grace);
            var beatSeconds = parse.GetValue(heartbeat);
            if (!(graceSeconds > 0) || !(beatSeconds > 0) || beatSeconds >= graceSeconds)
                throw new CliUsageException($"--heartbeat ({beatSeconds} s) must be positive and shorter than --grace-period ({graceSeconds} s)");
            var name = parse.GetRequiredValue(study);
            var id = parse.GetValue(workerId) ?? WorkerIdentity.Create();

            IStudyStorage opened;
            try { opened = StudyStorage.OpenExisting(parse.GetRequiredValue(storage)); }
            catch (StudyStorageException e) { throw new StudyStorageException($"cannot join study '{name}': {e.Message}", e); }
            using var store = opened;
            var setup = StudySetup.Load(store, name);
            var fit = setup.Prepare();
            var options = fit.ApplyMethodOptions(new OptNeuronOptions { WriteFiles = false, Storage = store });
            options = options with
            {
                StudyName = name,
                BatchSize = parse.GetValue(batch) ?? options.BatchSize,
                Threads = parse.GetValue(threads) ?? options.Threads,
                Progress = new PlainProgress(parse.InvocationConfiguration.Error) { Interval = TimeSpan.FromSeconds(10) },
                StudyOptions = new StudyOptions
                {
                    WorkerId = id,
                    GracePeriod = TimeSpan.FromSeconds(graceSeconds),
                    HeartbeatInterval = TimeSpan.FromSeconds(beatSeconds),
                },
            };
            var budget = evals ?? setup.MaxEvals;
            var seconds = parse.GetValue(timeLimit) ?? fit.Config.TimeLimit;
            var result = fit.CreateOptNeuron(setup.Method, setup.Seed, options).Run(budget, timeLimit: seconds is { } s ? TimeSpan.FromSeconds(s) : null);

            var record = store.FindStudy(name)!;
            var trials = store.GetTrials(record.Id);
            var mine = trials.Count(t => t.WorkerId == id && t.State.IsFinished());
            string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
            output.WriteLine($"worker {id}: evaluated {mine} trial(s); study '{name}' has {trials.Count(t => t.State == TrialState.Complete)} complete, " +
                             $"{trials.Count(t => t.State == TrialState.Failed)} failed of a budget of {budget}; this worker stopped by {FitCommand.StoppedBy(result)}");
            output.WriteLine($"best loss {F(result.Loss)}: {string.Join(", ", result.Best.Select(p => $"{p.Key}={F(p.Value)}"))}");
            foreach (var note in result.Notes) output.WriteLine($"note: {note}");
            return 0;
        });
        return command;
    }
}
