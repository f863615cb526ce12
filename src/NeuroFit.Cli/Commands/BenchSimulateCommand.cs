using System.CommandLine;
using System.Globalization;
using NeuroFit.Simulation.Benchmarks;

namespace NeuroFit.Cli;

/// <summary><c>neurofit bench simulate</c>: the generated kernel against a hand-written scalar loop on the Izhikevich workload.</summary>
internal static class BenchSimulateCommand
{
    public static Command Create()
    {
        var neurons = new Option<int>("--neurons") { Description = "Number of neurons (neuron i gets I = 20*i/(N-1)).", Required = true };
        var duration = new Option<double>("--duration") { Description = "Simulated time in ms.", Required = true };
        var dt = new Option<double>("--dt") { Description = "Time step in ms.", DefaultValueFactory = _ => 0.1 };
        var threads = new Option<int>("--threads") { Description = "Threads for the generated kernel.", DefaultValueFactory = _ => 1 };
        var command = new Command("simulate", "Izhikevich workload: generated kernel vs a hand-written scalar C# loop, same process.")
        {
            neurons, duration, dt, threads,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(neurons);
            var ms = parse.GetValue(duration);
            var step = parse.GetValue(dt);
            var k = parse.GetValue(threads);
            if (n < 1) throw new CliUsageException($"--neurons must be at least 1, got {n}");
            if (!(ms > 0)) throw new CliUsageException($"--duration must be positive, got {ms}");
            if (!(step > 0)) throw new CliUsageException($"--dt must be positive, got {step}");
            if (k < 1) throw new CliUsageException($"--threads must be at least 1, got {k}");
            var result = SimulationBenchmark.Run(n, ms, step, k);
            var output = parse.InvocationConfiguration.Output;
            string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
            output.WriteLine($"spikes {result.Spikes}");
            output.WriteLine($"neuron_steps_per_s {F(result.NeuronStepsPerSecond)}");
            output.WriteLine($"compile_ms {F(result.CompileMilliseconds)}");
            output.WriteLine($"baseline_neuron_steps_per_s {F(result.BaselineNeuronStepsPerSecond)}");
            output.WriteLine($"ratio {F(result.Ratio)}");
            if (result.Spikes != result.BaselineSpikes)
            {
                parse.InvocationConfiguration.Error.WriteLine($"neurofit: spike totals differ: kernel {result.Spikes}, baseline {result.BaselineSpikes}");
                return 1;
            }
            return 0;
        });
        return command;
    }
}
