using NeuroFit.Data;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Tests.Data;

public class SpikeImportTests
{
    [Fact]
    public void Csv_lists_with_and_without_header()
    {
        using var files = new TempFiles();
        Assert.Equal(new[] { 3.5, 10, 20.25 }, SpikeImport.Read(files.Write("a.csv", "spike_times\n10\n3.5\n20.25\n")));
        Assert.Equal(new[] { 1.0, 2, 3, 4 }, SpikeImport.Read(files.Write("b.csv", "1,2\n3,4\n")));
        Assert.Equal(new[] { 5.0, 7 }, SpikeImport.Read(files.Write("c.csv", "neuron,t\n0,7\n0,5\n"), column: "t"));
        Assert.Equal(new[] { 1000.0, 1500 }, SpikeImport.Read(files.Write("s.csv", "t\n1.0\n1.5\n"), unit: TimeUnit.Seconds));
        Assert.Empty(SpikeImport.Read(files.Write("e.csv", "t\n")));
    }

    [Fact]
    public void Npy_lists()
    {
        using var files = new TempFiles();
        var path = files.Path("s.npy");
        Npy.Write(path, NpyArray.FromVector(new[] { 30L, 10, 20 }));
        Assert.Equal(new[] { 10.0, 20, 30 }, SpikeImport.Read(path));
        var matrix = files.Path("m.npy");
        Npy.Write(matrix, NpyArray.FromMatrix(new double[,] { { 1, 2 }, { 3, 4 } }));
        Assert.Contains("expected a 1-D list", Assert.Throws<DataFormatException>(() => SpikeImport.Read(matrix)).Message);
    }

    [Fact]
    public void Spike_errors_name_the_file()
    {
        using var files = new TempFiles();
        var negative = files.Write("n.csv", "t\n-1\n");
        var e = Assert.Throws<DataFormatException>(() => SpikeImport.Read(negative));
        Assert.Equal(negative, e.File);
        Assert.Contains("≥ 0", e.Message);
        Assert.Contains("say which holds the spike times", Assert.Throws<DataFormatException>(() => SpikeImport.Read(files.Write("two.csv", "a,b\n1,2\n"))).Message);
        var late = Assert.Throws<DataFormatException>(() => SpikeImport.CheckWithin("x.csv", [10.0, 1200], 1000));
        Assert.Contains("1200 ms", late.Message);
        Assert.Contains("1000 ms", late.Message);
    }
}
