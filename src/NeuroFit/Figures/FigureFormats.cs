namespace NeuroFit.Figures;

/// <summary>
/// The figure formats this process can write: SVG always (ScottPlot writes it as text), PNG when SkiaSharp's native
/// library loads. The dotnet tool ships that library only for linux-x64 and win-x64 (it is 7–15 MB per
/// platform); elsewhere the run folder has SVG figures only, and the results say so.
/// </summary>
public static class FigureFormats
{
    private static readonly Lazy<bool> PngWorks = new(() =>
    {
        try
        {
            using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(1, 1));
            return surface is not null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            return false;
        }
    });

    /// <summary>True when PNG figures can be rendered here.</summary>
    public static bool CanWritePng => PngWorks.Value;

    /// <summary>The suffixes to write every figure in: ".svg", and ".png" when <see cref="CanWritePng"/>.</summary>
    public static IReadOnlyList<string> Suffixes => CanWritePng ? [".svg", ".png"] : [".svg"];

    /// <summary>The note for a run folder without PNG figures, or null.</summary>
    public static string? MissingPngNote => CanWritePng ? null
        : "PNG figures were not written: SkiaSharp's native library is not available for this platform (the SVG figures are complete)";
}
