using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NeuroFit.Models.Tests")]
