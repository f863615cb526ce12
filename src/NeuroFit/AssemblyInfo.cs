using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NeuroFit.Tests")]
[assembly: InternalsVisibleTo("NeuroFit.Cli")]
