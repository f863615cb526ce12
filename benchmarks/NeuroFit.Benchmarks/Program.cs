using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(NeuroFit.Benchmarks.KernelBenchmarks).Assembly).Run(args);
