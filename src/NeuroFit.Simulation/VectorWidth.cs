namespace NeuroFit.Simulation;

/// <summary>The width of the vectors a kernel computes with.</summary>
public enum VectorWidth
{
    /// <summary>512 bits (8 neurons per operation) where the processor and runtime accelerate them, else 256.</summary>
    Auto,

    /// <summary>256 bits: 4 neurons per operation (AVX2).</summary>
    Bits256,

    /// <summary>512 bits: 8 neurons per operation (AVX-512; emulated, slowly, where it is missing).</summary>
    Bits512,
}
