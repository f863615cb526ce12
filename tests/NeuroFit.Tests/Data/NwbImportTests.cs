using NeuroFit.Data;
using PureHDF;

namespace NeuroFit.Tests.Data;

/// <summary>NWB 2.x files written by the test with PureHDF in pynwb's layout.</summary>
public class NwbImportTests
{
    private static H5Group ClampSeries(object data, Dictionary<string, object> dataAttributes, string timing = "rate")
    {
        var group = new H5Group
        {
            ["data"] = new H5Dataset(data) { Attributes = dataAttributes },
            Attributes = new()
            {
                ["neurodata_type"] = "CurrentClampSeries",
                ["namespace"] = "core",
                ["description"] = "whole-cell recording",
            },
        };
        if (timing == "rate")
            group["starting_time"] = new H5Dataset(0.25) { Attributes = new() { ["rate"] = 10000.0f, ["unit"] = "seconds" } };
        else if (timing == "timestamps")
            group["timestamps"] = new H5Dataset(new[] { 1.0, 1.0002, 1.0004 }) { Attributes = new() { ["unit"] = "seconds" } };
        return group;
    }

    private static string WriteNwb(TempFiles files, string name, H5Group acquisition, string version = "2.6.0", H5Group? stimulus = null)
    {
        var file = new H5File
        {
            ["acquisition"] = acquisition,
            ["general"] = new H5Group(),
            Attributes = new() { ["nwb_version"] = version, ["namespace"] = "core", ["neurodata_type"] = "NWBFile" },
        };
        if (stimulus is not null) file["stimulus"] = new H5Group { ["presentation"] = stimulus };
        var path = files.Path(name);
        file.Write(path);
        return path;
    }

    [Fact]
    public void Float_volts_with_rate_become_mV_at_0_1_ms()
    {
        using var files = new TempFiles();
        var path = WriteNwb(files, "cell.nwb", new H5Group
        {
            ["sweep_0"] = ClampSeries(new[] { -0.070f, -0.069f, -0.068f, -0.0675f },
                new() { ["conversion"] = 1.0f, ["resolution"] = -1.0f, ["unit"] = "volts" }),
        });
        var trace = TraceImport.Read(path, new TraceRequest());
        Assert.Equal(new[] { -70, -69, -68, -67.5 }, trace.Values.Select(v => Math.Round(v, 4)));
        Assert.Equal("mV", trace.Unit);
        Assert.Equal(0.1, trace.UniformDt!.Value, 9);  // rate 10 kHz
        Assert.Equal(0.0, trace.TimeMs[0]);            // starting_time 0.25 s shifted to 0
        Assert.Equal($"{path}[/acquisition/sweep_0]", trace.Source);
        var raw = NwbReader.Read(path);
        Assert.Equal(250.0, raw.TimeMs[0], 9);
        Assert.Equal("CurrentClampSeries", raw.NeurodataType);
    }

    [Fact]
    public void Integer_counts_with_conversion_and_offset()
    {
        using var files = new TempFiles();
        // v = counts · 1e-4 V + (−0.07 V): counts 0, 10, −20 → −70, −69, −72 mV.
        var path = WriteNwb(files, "int.nwb", new H5Group
        {
            ["sweep_1"] = ClampSeries(new short[] { 0, 10, -20 }, new() { ["conversion"] = 1e-4, ["offset"] = -0.07, ["unit"] = "volts" }, "timestamps"),
        });
        var trace = TraceImport.Read(path, new TraceRequest());
        Assert.Equal(new[] { -70, -69, -72.0 }, trace.Values.Select(v => Math.Round(v, 9)));
        Assert.Equal(new[] { 0, 0.2, 0.4 }, trace.TimeMs.Select(t => Math.Round(t, 9)));
    }

    [Fact]
    public void Choosing_among_several_series()
    {
        using var files = new TempFiles();
        var path = WriteNwb(files, "two.nwb", new H5Group
        {
            ["sweep_a"] = ClampSeries(new[] { -0.07 }, new() { ["unit"] = "volts" }),
            ["sweep_b"] = ClampSeries(new[] { -0.06 }, new() { ["unit"] = "volts" }),
        }, stimulus: new H5Group
        {
            ["stim_a"] = new H5Group
            {
                ["data"] = new H5Dataset(new[] { 1e-10, 2e-10 }) { Attributes = new() { ["unit"] = "amperes" } },
                ["starting_time"] = new H5Dataset(0.0) { Attributes = new() { ["rate"] = 1000.0 } },
                Attributes = new() { ["neurodata_type"] = "CurrentClampStimulusSeries" },
            },
        });
        var ambiguous = Assert.Throws<DataFormatException>(() => TraceImport.Read(path, new TraceRequest()));
        Assert.Contains("2 CurrentClampSeries", ambiguous.Message);
        Assert.Contains("/acquisition/sweep_a", ambiguous.Message);
        Assert.Equal(-60.0, TraceImport.Read(path, new TraceRequest(Series: "sweep_b")).Values[0], 9);
        Assert.Equal(-70.0, TraceImport.Read(path, new TraceRequest(Series: "/acquisition/sweep_a")).Values[0], 9);
        var stimulus = TraceImport.Read(path, new TraceRequest(Series: "stim_a"));
        Assert.Equal("pA", stimulus.Unit);
        Assert.Equal(new[] { 100.0, 200 }, stimulus.Values.Select(v => Math.Round(v, 6)));
        Assert.Equal(1.0, stimulus.UniformDt!.Value, 9);
        Assert.Equal(3, NwbReader.ListSeries(path).Count);
        Assert.Contains("no series 'sweep_c'", Assert.Throws<DataFormatException>(() => TraceImport.Read(path, new TraceRequest(Series: "sweep_c"))).Message);
    }

    [Fact]
    public void Broken_files_are_data_format_errors()
    {
        using var files = new TempFiles();
        var noTiming = WriteNwb(files, "nt.nwb", new H5Group { ["s"] = ClampSeries(new[] { -0.07 }, new() { ["unit"] = "volts" }, "none") });
        Assert.Contains("neither 'starting_time'", Assert.Throws<DataFormatException>(() => TraceImport.Read(noTiming, new TraceRequest())).Message);
        var old = WriteNwb(files, "old.nwb", new H5Group { ["s"] = ClampSeries(new[] { -0.07 }, new() { ["unit"] = "volts" }) }, version: "1.0.6");
        Assert.Contains("NWB version 1.0.6 is not supported", Assert.Throws<DataFormatException>(() => TraceImport.Read(old, new TraceRequest())).Message);
        var text = files.Write("text.nwb", "this is not HDF5");
        var e = Assert.Throws<DataFormatException>(() => TraceImport.Read(text, new TraceRequest()));
        Assert.Equal(text, e.File);
        Assert.Contains("not an HDF5", e.Message);
        var empty = WriteNwb(files, "empty.nwb", new H5Group());
        Assert.Contains("no CurrentClampSeries", Assert.Throws<DataFormatException>(() => TraceImport.Read(empty, new TraceRequest())).Message);
    }
}
