using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Simulation.Tests.IO;

public class NpzTests
{
    [Property(MaxTest = 50)]
    public Property Npz_round_trips_names_order_and_values()
    {
        var names = Gen.Elements("dt", "chunk0/pop;v", "chunk1/pop;spike", "a b", "x.y", "ü/ß", "p;parameter_dict/C");
        var entries = Gen.ListOf(Gen.Zip(names, Gen.ArrayOf(ArbMap.Default.GeneratorFor<double>())))
            .Select(l => l.DistinctBy(e => e.Item1).ToList());
        return Prop.ForAll(entries.ToArbitrary(), Gen.Elements(true, false).ToArbitrary(), (list, compressed) =>
        {
            using var ms = new MemoryStream();
            Npz.Write(ms, list.Select(e => new KeyValuePair<string, NpyArray>(e.Item1, NpyArray.FromVector(e.Item2))), compressed);
            ms.Position = 0;
            var back = Npz.Read(ms);
            return back.Keys.SequenceEqual(list.Select(e => e.Item1))
                && list.All(e => back[e.Item1].As<double>().Select(BitConverter.DoubleToInt64Bits)
                    .SequenceEqual(e.Item2.Select(BitConverter.DoubleToInt64Bits)));
        });
    }

    [Fact]
    public void Same_arrays_give_the_same_bytes()
    {
        byte[] Write()
        {
            using var ms = new MemoryStream();
            Npz.Write(ms, [new("a", NpyArray.FromVector(new[] { 1.0, 2.0 })), new("b/c;d", NpyArray.Scalar(3))]);
            return ms.ToArray();
        }
        Assert.Equal(Write(), Write());
    }

    [Fact]
    public void Duplicate_or_empty_names_are_rejected()
    {
        var a = NpyArray.Scalar(1.0);
        Assert.Throws<ArgumentException>(() => Npz.Write(new MemoryStream(), [new("x", a), new("x", a)]));
        Assert.Throws<ArgumentException>(() => Npz.Write(new MemoryStream(), [new("", a)]));
    }

    [Fact]
    public void A_repeated_name_leaves_an_existing_file_untouched()
    {
        var path = Path.Combine(Path.GetTempPath(), $"npz-{Guid.NewGuid():N}.npz");
        try
        {
            var a = NpyArray.FromVector([1.0, 2.0]);
            Npz.Write(path, [new("keep", a)]);
            var before = File.ReadAllBytes(path);
            // the name is checked before the file is opened: it used to be truncated and left with the first arrays only
            Assert.Throws<ArgumentException>(() => Npz.Write(path, [new("x", a), new("y", a), new("x", a)]));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(["keep"], Npz.Read(path).Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_zip_names_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("bad.npz");
        File.WriteAllText(path, "not a zip archive at all");
        var e = Assert.Throws<NpyFormatException>(() => Npz.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a .npz (zip) archive", e.Message);
    }

    [Fact]
    public void A_damaged_entry_names_the_file_and_entry()
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, true))
        {
            using var s = zip.CreateEntry("chunk0/pop;v.npy").Open();
            s.Write("garbage!garbage!"u8);
        }
        ms.Position = 0;
        var e = Assert.Throws<NpyFormatException>(() => Npz.Read(ms, "r.npz"));
        Assert.Equal("r.npz[chunk0/pop;v]", e.SourceName);
    }
}
