namespace NeuroFit.Figures;

/// <summary>Appearance of a <see cref="PairPlot"/>.</summary>
public sealed record PairPlotOptions
{
    /// <summary>Bins of the 1-D histograms on the diagonal.</summary>
    public int Bins { get; init; } = 30;

    /// <summary>Bins per axis of the 2-D densities off the diagonal.</summary>
    public int DensityBins { get; init; } = 25;

    /// <summary>Optional point to mark in every panel (e.g. the MAP or the true parameters), one value per parameter.</summary>
    public double[]? Marker { get; init; }

    /// <summary>Optional title above the grid.</summary>
    public string? Title { get; init; }

    /// <summary>Width and height of one panel in pixels.</summary>
    public int PanelPixels { get; init; } = 220;
}
