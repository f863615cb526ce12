using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NeuroFit.Optimization.Tests")]
