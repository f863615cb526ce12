using NeuroFit.Simulation.IO;

namespace NeuroFit.Simulation.Tests.IO;

/// <summary>Files written by NeuroFit load in the real numpy, and files numpy writes load in NeuroFit.</summary>
public class NumpyInteropTests
{
    // Element k of every test array; the python side rebuilds the same values from np.arange.
    private static Array Values(NpyDType t, int n) => t switch
    {
        NpyDType.Float64 => Enumerable.Range(0, n).Select(k => k * 0.5 - 3).ToArray(),
        NpyDType.Float32 => Enumerable.Range(0, n).Select(k => (float)(k * 0.5 - 3)).ToArray(),
        NpyDType.Int64 => Enumerable.Range(0, n).Select(k => k * 7_000_000_000L - 5).ToArray(),
        NpyDType.Int32 => Enumerable.Range(0, n).Select(k => k * 7 - 5).ToArray(),
        NpyDType.Bool => Enumerable.Range(0, n).Select(k => k % 3 == 0).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    private const string PythonValues = """
        import numpy as np, sys
        def values(dtype, shape):
            k = np.arange(int(np.prod(shape)))
            v = {'float64': k * 0.5 - 3, 'float32': (k * 0.5 - 3).astype(np.float32),
                 'int64': k.astype(np.int64) * 7000000000 - 5, 'int32': (k * 7 - 5).astype(np.int32),
                 'bool': k % 3 == 0}[dtype]
            return v.astype(dtype).reshape(shape)
        """;

    private static string NumpyName(NpyDType t) => t switch
    {
        NpyDType.Float64 => "float64", NpyDType.Float32 => "float32", NpyDType.Int64 => "int64",
        NpyDType.Int32 => "int32", _ => "bool",
    };

    [NumpyFact]
    public void Numpy_loads_every_dtype_order_and_rank_we_write()
    {
        using var dir = new TempDir();
        var shapes = new[] { Array.Empty<int>(), [5], [3, 4], [2, 3, 4], [2, 1, 3, 2], [0, 3] };
        var lines = new List<string>();
        var i = 0;
        foreach (var dtype in Enum.GetValues<NpyDType>())
            foreach (var shape in shapes)
                foreach (var fortran in new[] { false, true })
                {
                    var n = shape.Aggregate(1, (a, b) => a * b);
                    var file = dir.File($"a{i++}.npy");
                    Npy.Write(file, new NpyArray(Values(dtype, n), shape), new NpyWriteOptions(fortran, Version: i % 3 == 0 ? 2 : null));
                    lines.Add($"{file}|{NumpyName(dtype)}|{string.Join(",", shape)}|{fortran}");
                }
        var script = PythonValues + """

            bad = []
            for line in open(sys.argv[1]).read().splitlines():
                path, dtype, shape, fortran = line.split('|')
                shape = tuple(int(s) for s in shape.split(',') if s)
                a = np.load(path)
                ok = a.dtype == np.dtype(dtype) and a.shape == shape and np.array_equal(a, values(dtype, shape))
                if fortran == 'True' and len(shape) > 1 and a.size > 1:
                    ok = ok and a.flags.f_contiguous and not a.flags.c_contiguous
                if not ok:
                    bad.append(line)
            print('checked', len(open(sys.argv[1]).read().splitlines()), 'bad', bad)
            """;
        var listFile = dir.File("list.txt");
        File.WriteAllLines(listFile, lines);
        var output = PythonNumpy.Run(script, listFile).Trim();
        Assert.Equal($"checked {lines.Count} bad []", output);
    }

    [NumpyFact]
    public void We_read_what_numpy_writes_including_big_endian_fortran_and_versions_2_and_3()
    {
        using var dir = new TempDir();
        var script = PythonValues + """

            d = sys.argv[1]
            np.save(d + '/c.npy', values('float64', (3, 4)))
            np.save(d + '/f.npy', np.asfortranarray(values('int32', (3, 4))))
            np.save(d + '/f3.npy', np.asfortranarray(values('float32', (2, 3, 4))))
            np.save(d + '/be.npy', values('float64', (5,)).astype('>f8'))
            np.save(d + '/bei.npy', values('int64', (2, 2)).astype('>i8'))
            np.save(d + '/s.npy', np.float64(-3.0))
            np.save(d + '/b.npy', values('bool', (7,)))
            np.lib.format.write_array(open(d + '/v2.npy', 'wb'), values('int64', (4,)), version=(2, 0))
            np.lib.format.write_array(open(d + '/v3.npy', 'wb'), values('float64', (2, 2)), version=(3, 0))
            """;
        PythonNumpy.Run(script, dir.Path);
        AssertArray(Npy.Read(dir.File("c.npy")), NpyDType.Float64, [3, 4]);
        AssertArray(Npy.Read(dir.File("f.npy")), NpyDType.Int32, [3, 4]);
        AssertArray(Npy.Read(dir.File("f3.npy")), NpyDType.Float32, [2, 3, 4]);
        AssertArray(Npy.Read(dir.File("be.npy")), NpyDType.Float64, [5]);
        AssertArray(Npy.Read(dir.File("bei.npy")), NpyDType.Int64, [2, 2]);
        AssertArray(Npy.Read(dir.File("s.npy")), NpyDType.Float64, []);
        AssertArray(Npy.Read(dir.File("b.npy")), NpyDType.Bool, [7]);
        AssertArray(Npy.Read(dir.File("v2.npy")), NpyDType.Int64, [4]);
        AssertArray(Npy.Read(dir.File("v3.npy")), NpyDType.Float64, [2, 2]);
    }

    private static void AssertArray(NpyArray a, NpyDType dtype, int[] shape)
    {
        Assert.Equal(dtype, a.DType);
        Assert.Equal(shape, a.Shape);
        Assert.Equal(Values(dtype, shape.Aggregate(1, (x, y) => x * y)), a.Data);
    }

    [NumpyFact]
    public void Numpy_loads_our_npz_with_slash_and_semicolon_names_stored_and_compressed()
    {
        using var dir = new TempDir();
        foreach (var compressed in new[] { false, true })
        {
            var file = dir.File(compressed ? "z.npz" : "s.npz");
            Npz.Write(file,
            [
                new("chunk0/pop;v", new NpyArray(Values(NpyDType.Float64, 6), 3, 2)),
                new("chunk1/pop;v", new NpyArray(Values(NpyDType.Float64, 4), 2, 2)),
                new("chunk0/pop;spike", new NpyArray(Values(NpyDType.Int64, 3), 3)),
                new("dt", NpyArray.Scalar(0.1)),
            ], compressed);
            var output = PythonNumpy.Run(PythonValues + """

                import zipfile
                z = np.load(sys.argv[1])
                print(z.files)
                print(np.array_equal(z['chunk0/pop;v'], values('float64', (3, 2))),
                      np.array_equal(z['chunk1/pop;v'], values('float64', (2, 2))),
                      np.array_equal(z['chunk0/pop;spike'], values('int64', (3,))),
                      float(z['dt']) == 0.1)
                print(sorted(set(i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist())))
                """, file).Split('\n');
            Assert.Equal("['chunk0/pop;v', 'chunk1/pop;v', 'chunk0/pop;spike', 'dt']", output[0]);
            Assert.Equal("True True True True", output[1]);
            Assert.Equal(compressed ? "[8]" : "[0]", output[2]); // 0 = stored (savez), 8 = deflate (savez_compressed)
        }
    }

    [NumpyFact]
    public void We_read_numpy_savez_and_savez_compressed()
    {
        using var dir = new TempDir();
        PythonNumpy.Run(PythonValues + """

            d = sys.argv[1]
            arrays = {'chunk0/pop;v': values('float64', (4, 3)), 'chunk0/pop;spike': values('int32', (5,)),
                      'flags': values('bool', (2, 2)), 'dt': np.float64(-3.0)}
            np.savez(d + '/s.npz', **arrays)
            np.savez_compressed(d + '/c.npz', **arrays)
            """, dir.Path);
        foreach (var name in new[] { "s.npz", "c.npz" })
        {
            var z = Npz.Read(dir.File(name));
            Assert.Equal(new[] { "chunk0/pop;v", "chunk0/pop;spike", "flags", "dt" }, z.Keys);
            AssertArray(z["chunk0/pop;v"], NpyDType.Float64, [4, 3]);
            AssertArray(z["chunk0/pop;spike"], NpyDType.Int32, [5]);
            AssertArray(z["flags"], NpyDType.Bool, [2, 2]);
            AssertArray(z["dt"], NpyDType.Float64, []);
        }
    }
}
