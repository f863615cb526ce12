using System.Text;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Simulation.Tests.IO;

public class NpyFormatTests
{
    private static string HeaderText(byte[] bytes, int lengthBytes = 2)
    {
        var len = lengthBytes == 2 ? bytes[8] | bytes[9] << 8 : BitConverter.ToInt32(bytes, 8);
        return Encoding.ASCII.GetString(bytes, 8 + lengthBytes, len);
    }

    [Fact]
    public void Header_matches_numpy_byte_for_byte()
    {
        // numpy 1.24: np.save(f, np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3))) writes version 1.0,
        // header length 0x76 = 118, the dict below padded with 60 spaces and a newline (10 + 118 = 128 bytes).
        var array = new NpyArray(new[] { 0, 1, 2, 3, 4, 5 }, 2, 3);
        var bytes = Npy.ToBytes(array, new NpyWriteOptions(FortranOrder: true));
        Assert.Equal(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 0x76, 0 }, bytes[..10]);
        var dict = "{'descr': '<i4', 'fortran_order': True, 'shape': (2, 3), }";
        Assert.Equal(dict + new string(' ', 118 - dict.Length - 1) + "\n", HeaderText(bytes));
        // Fortran order: columns first.
        Assert.Equal(new[] { 0, 3, 1, 4, 2, 5 }, Enumerable.Range(0, 6).Select(k => BitConverter.ToInt32(bytes, 128 + 4 * k)));
    }

    [Fact]
    public void Scalar_and_vector_shapes_are_written_as_numpy_tuples()
    {
        Assert.Contains("'shape': (), }", HeaderText(Npy.ToBytes(NpyArray.Scalar(3.5))));
        Assert.Contains("'shape': (4,), }", HeaderText(Npy.ToBytes(NpyArray.FromVector(new[] { 1f, 2f, 3f, 4f }))));
        Assert.Contains("'descr': '|b1'", HeaderText(Npy.ToBytes(NpyArray.FromVector(new[] { true }))));
        Assert.Contains("'descr': '<i8'", HeaderText(Npy.ToBytes(NpyArray.FromVector(new[] { 1L }))));
    }

    [Fact]
    public void Version_2_uses_a_four_byte_length()
    {
        var bytes = Npy.ToBytes(NpyArray.FromVector(new[] { 1.0, 2.0 }), new NpyWriteOptions(Version: 2));
        Assert.Equal(2, bytes[6]);
        Assert.Equal(0, (12 + BitConverter.ToInt32(bytes, 8)) % 64);
        Assert.StartsWith("{'descr': '<f8'", HeaderText(bytes, 4));
    }

    [Fact]
    public void Header_too_long_for_version_1_switches_to_version_2()
    {
        // 15,000 dimensions of size 1 make a shape tuple of ~45 kB; 25,000 exceed 65,535 bytes.
        var shape = Enumerable.Repeat(1, 25_000).ToArray();
        var bytes = Npy.ToBytes(new NpyArray(new[] { 7.0 }, shape));
        Assert.Equal(2, bytes[6]);
        var back = Npy.Read(new MemoryStream(bytes));
        Assert.Equal(25_000, back.Rank);
        Assert.Equal(7.0, back.As<double>()[0]);
    }

    [Fact]
    public void Reads_header_variants_numpy_and_python2_wrote()
    {
        var h = NpyHeader.Parse("{'descr': '>f8', 'fortran_order': False, 'shape': (3L, 4L), }   \n", "x");
        Assert.True(h.BigEndian);
        Assert.Equal(new[] { 3, 4 }, h.Shape);
        var g = NpyHeader.Parse("{\"shape\": (5,), \"fortran_order\": True, \"descr\": \"<i4\"}", "x");
        Assert.True(g.FortranOrder);
        Assert.Equal(NpyDType.Int32, g.DType);
    }

    [Fact]
    public void Big_endian_data_are_swapped_on_read()
    {
        var header = NpyHeader.Encode(NpyDType.Float64, false, [2], null);
        var text = Encoding.Latin1.GetString(header).Replace("'<f8'", "'>f8'");
        var data = new byte[16];
        BitConverter.GetBytes(1.5).Reverse().ToArray().CopyTo(data, 0);
        BitConverter.GetBytes(-2.25).Reverse().ToArray().CopyTo(data, 8);
        var bytes = Encoding.Latin1.GetBytes(text).Concat(data).ToArray();
        Assert.Equal(new[] { 1.5, -2.25 }, Npy.Read(new MemoryStream(bytes)).As<double>());
    }

    [Fact]
    public void Errors_name_the_source_and_what_is_expected()
    {
        var notNpy = Assert.Throws<NpyFormatException>(() => Npy.Read(new MemoryStream("hello world, not numpy"u8.ToArray()), "data/x.npy"));
        Assert.Equal("data/x.npy", notNpy.SourceName);
        Assert.Contains("data/x.npy", notNpy.Message);
        Assert.Contains("\\x93NUMPY", notNpy.Message);

        var full = Npy.ToBytes(NpyArray.FromVector(new[] { 1.0, 2.0, 3.0 }));
        var truncated = Assert.Throws<NpyFormatException>(() => Npy.Read(new MemoryStream(full[..^4]), "t.npy"));
        Assert.Contains("ends early", truncated.Message);
        Assert.Contains("20 of 24 bytes", truncated.Message);

        var complex = Encoding.Latin1.GetString(full).Replace("'<f8'", "'<c8'");
        var unsupported = Assert.Throws<NpyFormatException>(() => Npy.Read(new MemoryStream(Encoding.Latin1.GetBytes(complex)), "c.npy"));
        Assert.Contains("dtype '<c8' is not supported", unsupported.Message);

        var structured = NpyHeader.Encode(NpyDType.Float64, false, [1], null);
        var structuredText = Encoding.Latin1.GetString(structured).Replace("'<f8'", "[('a', '<f8')]");
        var s = Assert.Throws<NpyFormatException>(() => NpyHeader.Parse(structuredText[10..], "s.npy"));
        Assert.Contains("structured", s.Message);

        var version = (byte[])full.Clone();
        version[6] = 9;
        Assert.Contains("version 9.0", Assert.Throws<NpyFormatException>(() => Npy.Read(new MemoryStream(version), "v.npy")).Message);
    }

    [Fact]
    public void NpyArray_checks_shape_and_converts()
    {
        Assert.Throws<ArgumentException>(() => new NpyArray(new double[5], 2, 3));
        Assert.Throws<ArgumentException>(() => new NpyArray(new short[2], 2));
        var m = NpyArray.FromMatrix(new[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal(new[] { 2, 3 }, m.Shape);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, m.As<int>());
        Assert.Equal(6.0, m.ToDoubleMatrix()[1, 2]);
        Assert.Equal(new[] { 1.0, 0.0 }, NpyArray.FromVector(new[] { true, false }).ToDoubles());
        Assert.Throws<InvalidOperationException>(() => m.As<double>());
        Assert.Equal("(2, 3)", m.ShapeText);
        Assert.Equal("()", NpyArray.Scalar(1L).ShapeText);
    }

    [Fact]
    public void Three_dimensional_fortran_order_follows_numpy_strides()
    {
        // shape (2, 3, 2): C index (i, j, k) = 6i + 2j + k; Fortran offset = i + 2j + 6k.
        var c = Enumerable.Range(0, 12).ToArray();
        var f = ArrayOrder.CToFortran(c, [2, 3, 2]);
        for (var i = 0; i < 2; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 2; k++)
                    Assert.Equal(6 * i + 2 * j + k, f[i + 2 * j + 6 * k]);
    }
}
