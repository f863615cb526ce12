using System.CommandLine;
using System.Globalization;
using NeuroFit.Simulation;
using NeuroFit.Simulation.Benchmarks;

namespace NeuroFit.Cli;

/// <summary>
/// <c>neurofit bench simulate</c>: the generated kernel on a population with a spread input, against a baseline (the
/// hand-written scalar C# loop for the default Izhikevich workload, the scalar reference interpreter for
/// <c>--model</c>) and the C Izhikevich loop built with gcc, all in the same run.
/// </summary>
internal static class BenchSimulateCommand
{
    public static Command Create()
    {
        var neurons = new Option<int>("--neurons")
        {
            Description = "Number of neurons.", DefaultValueFactory = _ => 10_000, CustomParser = NumberOption.Parser<int>("a whole number"),
        };
        var duration = new Option<double>("--duration")
        {
            Description = "Simulated time in ms.", DefaultValueFactory = _ => 1000.0, CustomParser = NumberOption.Parser<double>("a number of ms"),
        };
        var dt = new Option<double>("--dt") { Description = "Time step in ms.", DefaultValueFactory = _ => 0.1, CustomParser = NumberOption.Parser<double>("a number of ms") };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads for the generated kernel (the baseline and the C loop use one).", DefaultValueFactory = _ => 1,
            CustomParser = NumberOption.Parser<int>("a whole number"),
        };
        var model = new Option<string>("--model")
        {
            Description = "Built-in model name or model file (default: the Izhikevich workload with its hand-written C# loop as the baseline; a model is compared with the scalar reference interpreter).",
        };
        var spread = new Option<string>("--spread")
        {
            Description = "Parameter spread over the neurons, NAME=LOW:HIGH (neuron i of N gets LOW + (HIGH-LOW)*i/(N-1)); built-in models have a default.",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed runs of each contender, interleaved; the best counts.", DefaultValueFactory = _ => 3,
            CustomParser = NumberOption.Parser<int>("a whole number"),
        };
        var vectorBits = new Option<int?>("--vector-bits")
        {
            Description = "Vector width of the kernel, 256 or 512 (default: 512 where the processor has it).",
            CustomParser = NumberOption.NullableParser<int>("256 or 512"),
        };
        var noCLoop = new Option<bool>("--no-c-loop") { Description = "Do not build and time the C Izhikevich loop." };
        var command = new Command("simulate",
            "Generated kernel vs a baseline (scalar C# loop, or the scalar reference interpreter with --model) and the gcc-built C Izhikevich loop, same run.")
        {
            neurons, duration, dt, threads, model, spread, repeats, vectorBits, noCLoop,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(neurons);
            var ms = parse.GetValue(duration);
            var step = parse.GetValue(dt);
            var k = parse.GetValue(threads);
            var r = parse.GetValue(repeats);
            if (n < 1) throw new CliUsageException($"--neurons must be at least 1, got {n}");
            if (!(ms > 0) || !double.IsFinite(ms)) throw new CliUsageException($"--duration must be a positive number of ms, got {ms}");
            if (!(step > 0) || !double.IsFinite(step)) throw new CliUsageException($"--dt must be a positive number of ms, got {step}");
            if (k < 1) throw new CliUsageException($"--threads must be at least 1, got {k}");
            if (r < 1) throw new CliUsageException($"--repeats must be at least 1, got {r}");
            var width = parse.GetValue(vectorBits) switch
            {
                null => VectorWidth.Auto,
                256 => VectorWidth.Bits256,
                512 => VectorWidth.Bits512,
                var bits => throw new CliUsageException($"--vector-bits must be 256 or 512, got {bits}"),
            };
            var analysed = parse.GetValue(model) is { } name ? SimulateCommand.LoadModel(name) : null;
            BenchmarkSpread? spreadValue = null;
            if (parse.GetValue(spread) is { } text)
                spreadValue = BenchmarkSpread.TryParse(text, out var error) ?? throw new CliUsageException($"--spread: {error}");
            var result = SimulationBenchmark.Run(new SimulationBenchmarkOptions
            {
                Neurons = n, DurationMs = ms, Dt = step, Threads = k, Repeats = r, Width = width, Model = analysed, Spread = spreadValue,
                CLoop = !parse.GetValue(noCLoop),
            });
            Print(result, parse.InvocationConfiguration.Output);
            if (!result.BaselineAgrees)
            {
                parse.InvocationConfiguration.Error.WriteLine(result.Baseline == BenchmarkBaseline.ScalarLoop
                    ? $"neurofit: spike totals differ: kernel {result.Spikes}, baseline {result.BaselineSpikes}"
                    : $"neurofit: the kernel and the reference interpreter differ on {result.BaselineNeurons} neurons");
                return 1;
            }
            if (result.Baseline == BenchmarkBaseline.ScalarLoop && result.CLoop is { } c && c.Spikes != result.Spikes)
            {
                parse.InvocationConfiguration.Error.WriteLine($"neurofit: spike totals differ: kernel {result.Spikes}, C loop {c.Spikes}");
                return 1;
            }
            return 0;
        });
        return command;
    }

    private static void Print(SimulationBenchmarkResult result, TextWriter output)
    {
        static string F(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
        output.WriteLine($"spikes {result.Spikes}");
        output.WriteLine($"neuron_steps_per_s {F(result.NeuronStepsPerSecond)}");
        output.WriteLine($"compile_ms {F(result.CompileMilliseconds)}");
        output.WriteLine($"baseline_neuron_steps_per_s {F(result.BaselineNeuronStepsPerSecond)}");
        output.WriteLine($"ratio {F(result.Ratio)}");
        if (result.CLoop is { } c)
        {
            output.WriteLine($"c_loop_neuron_steps_per_s {F(c.NeuronStepsPerSecond)}");
            output.WriteLine($"c_loop_ratio {F(result.CLoopRatio!.Value)}");
        }
        else output.WriteLine($"c_loop skipped: {result.CLoopSkipped}");
        output.WriteLine($"model {result.ModelName}");
        output.WriteLine($"spread {(result.Spread is { } s ? s.ToString() : "none")}");
        output.WriteLine($"vector_bits {result.VectorBits}");
        output.WriteLine($"threads {result.Threads}");
        output.WriteLine(result.Baseline == BenchmarkBaseline.ScalarLoop
            ? "baseline scalar C# loop, same neurons"
            : $"baseline scalar reference interpreter, {result.BaselineNeurons} of the neurons, bit-identical to the kernel: {(result.BaselineAgrees ? "yes" : "NO")}");
        if (result.CLoopFlags is { } flags) output.WriteLine($"c_loop_build gcc {flags}, one thread, the Izhikevich workload at the same size");
        var load = LoadAverage();
        if (load is not null) output.WriteLine($"load_average {load}");
    }

    /// <summary>The 1-minute load average where the system reports one (Linux), to judge timings on shared machines.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
