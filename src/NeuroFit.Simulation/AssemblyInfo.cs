using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NeuroFit.Simulation.Tests")]
