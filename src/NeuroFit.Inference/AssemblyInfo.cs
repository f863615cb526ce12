using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NeuroFit.Inference.Tests")]
[assembly: InternalsVisibleTo("NeuroFit.Cli")]
