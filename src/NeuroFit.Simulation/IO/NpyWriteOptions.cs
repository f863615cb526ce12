namespace NeuroFit.Simulation.IO;

/// <summary>How <see cref="Npy.Write(Stream, NpyArray, NpyWriteOptions?)"/> lays out a file.</summary>
/// <param name="FortranOrder">Store the elements in Fortran (column-major) order with <c>fortran_order: True</c>.
/// The in-memory <see cref="NpyArray"/> is always C order; only the file layout changes.</param>
/// <param name="Version">Format version 1, 2 or 3 to write; <c>null</c> picks 1.0, or 2.0 when the header does not
/// fit 1.0's 16-bit length (what numpy does).</param>
public sealed record NpyWriteOptions(bool FortranOrder = false, int? Version = null);
