using NeuroFit.Data;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Tests.Data;

public class TraceImportTests
{
    [Fact]
    public void Csv_with_a_time_column()
    {
        using var files = new TempFiles();
        var path = files.Write("trace.csv", "# recorded 2024\nt,v,I\n10.0,-65,0\n10.5,-64.5,0\n11.0,-64,1\n");
        var trace = TraceImport.Read(path, new TraceRequest("v"));
        Assert.Equal(new[] { 0, 0.5, 1.0 }, trace.TimeMs);
        Assert.Equal(new[] { -65, -64.5, -64.0 }, trace.Values);
        Assert.Equal(0.5, trace.UniformDt);
        Assert.Equal($"{path}[v]", trace.Source);
        Assert.Equal(new[] { -65, -64.75, -64.5, -64.25 }, trace.ToSimulationGrid(0.25, 4));
    }

    [Fact]
    public void Csv_without_time_needs_dt_and_seconds_convert()
    {
        using var files = new TempFiles();
        var noTime = files.Write("v.csv", "v\n1\n2\n3\n");
        Assert.Equal(new[] { 0, 0.1, 0.2 }, TraceImport.Read(noTime, new TraceRequest("v", DtMs: 0.1)).TimeMs.Select(x => Math.Round(x, 12)));
        var e = Assert.Throws<DataFormatException>(() => TraceImport.Read(noTime, new TraceRequest("v")));
        Assert.Contains("no 't' column", e.Message);
        Assert.Contains("give dt", e.Message);
        var seconds = files.Write("s.csv", "time;v\n0.000;1\n0.001;2\n");
        var trace = TraceImport.Read(seconds, new TraceRequest("v", TimeColumn: "time", TimeUnit: TimeUnit.Seconds));
        Assert.Equal(new[] { 0, 1.0 }, trace.TimeMs);
    }

    [Fact]
    public void Csv_of_one_headerless_column_holds_the_values_every_dt()
    {
        using var files = new TempFiles();
        // Windows line endings, no trailing newline, no header: the first number is a sample, not a column name.
        var path = files.Write("v.csv", "2.5\r\n3\r\n-1e1");
        var trace = TraceImport.Read(path, new TraceRequest("v", DtMs: 0.5));
        Assert.Equal(new[] { 2.5, 3, -10 }, trace.Values);
        Assert.Equal(new[] { 0, 0.5, 1.0 }, trace.TimeMs);
        Assert.Contains("give dt", Assert.Throws<DataFormatException>(() => TraceImport.Read(path, new TraceRequest("v"))).Message);
        var wide = Assert.Throws<DataFormatException>(() => TraceImport.Read(files.Write("w.csv", "0,1\n1,2\n"), new TraceRequest("v")));
        Assert.Contains("holds 2 numbers but no column names; add a header line", wide.Message);
        var empty = Assert.Throws<DataFormatException>(() => TraceImport.Read(files.Write("e.csv", "# nothing\n\n"), new TraceRequest("v", DtMs: 1)));
        Assert.Contains("the file is empty", empty.Message);
    }

    [Fact]
    public void Csv_errors_name_the_file_line_and_column()
    {
        using var files = new TempFiles();
        var path = files.Write("bad.csv", "t,v\n0,1\n1,abc\n");
        var e = Assert.Throws<DataFormatException>(() => TraceImport.Read(path, new TraceRequest("v")));
        Assert.Equal(path, e.File);
        Assert.Contains("line 3, column 'v': 'abc' is not a finite number", e.Message);
        var missing = Assert.Throws<DataFormatException>(() => TraceImport.Read(files.Write("m.csv", "t,u\n0,1\n"), new TraceRequest("v")));
        Assert.Contains("no column 'v'", missing.Message);
        Assert.Contains("'u'", missing.Message);
        var ragged = Assert.Throws<DataFormatException>(() => TraceImport.Read(files.Write("r.csv", "t,v\n0,1\n1\n"), new TraceRequest("v")));
        Assert.Contains("line 3 has 1 values but the header has 2", ragged.Message);
        var backwards = Assert.Throws<DataFormatException>(() => TraceImport.Read(files.Write("b.csv", "t,v\n0,1\n2,1\n1,1\n"), new TraceRequest("v")));
        Assert.Contains("must increase", backwards.Message);
        var nan = Assert.Throws<DataFormatException>(() => TraceImport.Read(files.Write("n.csv", "t,v\n0,nan\n"), new TraceRequest("v")));
        Assert.Contains("'nan' is not a finite number", nan.Message);
        Assert.Throws<FileNotFoundException>(() => TraceImport.Read(files.Path("none.csv"), new TraceRequest("v")));
        Assert.Contains("unknown data file type '.xlsx'", Assert.Throws<DataFormatException>(() => TraceImport.Read("x.xlsx", new TraceRequest("v"))).Message);
    }

    [Fact]
    public void Npy_vectors_and_fortran_ordered_float32_matrices()
    {
        using var files = new TempFiles();
        var vector = files.Path("v.npy");
        Npy.Write(vector, NpyArray.FromVector(new[] { 1.0, 2, 3 }));
        Assert.Equal(new[] { 1.0, 2, 3 }, TraceImport.Read(vector, new TraceRequest(DtMs: 0.5)).Values);
        Assert.Contains("give dt", Assert.Throws<DataFormatException>(() => TraceImport.Read(vector, new TraceRequest())).Message);
        var matrix = files.Path("m.npy");
        Npy.Write(matrix, NpyArray.FromMatrix(new float[,] { { 0, -70 }, { 1, -69.5f }, { 2, -69 } }), new NpyWriteOptions(FortranOrder: true));
        Assert.Equal(new[] { -70, -69.5, -69.0 }, TraceImport.Read(matrix, new TraceRequest(Column: 1, DtMs: 1)).Values);
        var e = Assert.Throws<DataFormatException>(() => TraceImport.Read(matrix, new TraceRequest(DtMs: 1)));
        Assert.Contains("shape (3, 2)", e.Message);
        Assert.Contains("which column", e.Message);
        var broken = files.Write("broken.npy", "not numpy");
        Assert.Equal(broken, Assert.Throws<DataFormatException>(() => TraceImport.Read(broken, new TraceRequest(DtMs: 1))).File);
    }

    [Fact]
    public void Npy_row_vectors_are_read_as_the_trace()
    {
        // shape (1, samples), as MATLAB or numpy's arr[None, :] writes it, used to ask "which column" of 1 sample
        using var files = new TempFiles();
        var row = files.Path("row.npy");
        Npy.Write(row, NpyArray.FromMatrix(new[,] { { 1.0, 2, 3, 4 } }));
        var trace = TraceImport.Read(row, new TraceRequest(DtMs: 0.5));
        Assert.Equal(new[] { 1.0, 2, 3, 4 }, trace.Values);
        Assert.Equal(1.5, trace.TimeMs[^1]);
        Assert.Equal(new[] { 3.0 }, TraceImport.Read(row, new TraceRequest(Column: 2, DtMs: 1)).Values); // a column asked for is still a column
    }

    [Fact]
    public void Npz_keys_time_arrays_and_neurofit_exports()
    {
        using var files = new TempFiles();
        var export = files.Path("run.npz");
        // NeuroFit-style export: chunk0/pop;v as [time, neuron] with a chunk0/dt scalar.
        Npz.Write(export, [new("chunk0/pop;v", NpyArray.FromMatrix(new[,] { { -70.0 }, { -69 }, { -68 } })), new("chunk0/dt", NpyArray.Scalar(0.1))]);
        var trace = TraceImport.Read(export, new TraceRequest("chunk0/pop;v"));
        Assert.Equal(new[] { -70, -69, -68.0 }, trace.Values);
        Assert.Equal(0.1, trace.UniformDt!.Value, 12);
        var withTime = files.Path("t.npz");
        Npz.Write(withTime, [new("t", NpyArray.FromVector(new[] { 5.0, 6, 8 })), new("v", NpyArray.FromVector(new[] { 1.0, 2, 4 }))]);
        var uneven = TraceImport.Read(withTime, new TraceRequest());
        Assert.Equal(new[] { 0, 1, 3.0 }, uneven.TimeMs);
        var missing = Assert.Throws<DataFormatException>(() => TraceImport.Read(withTime, new TraceRequest("u")));
        Assert.Contains("no array 'u'", missing.Message);
        Assert.Contains("'t', 'v'", missing.Message);
    }
}
