using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Simulation.Tests.IO;

public class NpyRoundTripTests
{
    private static readonly Gen<int[]> Shapes =
        Gen.Choose(0, 4).SelectMany(rank => Gen.ArrayOf(Gen.Choose(0, 4), rank));

    private static Gen<(NpyArray Array, bool Fortran, int Version)> Arrays<T>(Gen<T> element) where T : struct =>
        from shape in Shapes
        let n = shape.Aggregate(1, (a, b) => a * b)
        from data in Gen.ArrayOf(element, n)
        from fortran in Gen.Elements(true, false)
        from version in Gen.Choose(1, 3)
        select (new NpyArray(data, shape), fortran, version);

    private static readonly Gen<double> AnyDouble = Gen.Frequency(
        (6, ArbMap.Default.GeneratorFor<double>()),
        (1, Gen.Elements(double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, double.Epsilon, double.MaxValue)));

    private static bool RoundTrips((NpyArray Array, bool Fortran, int Version) c, Func<Array, Array, bool> equal)
    {
        var bytes = Npy.ToBytes(c.Array, new NpyWriteOptions(c.Fortran, c.Version));
        var back = Npy.Read(new MemoryStream(bytes));
        return back.DType == c.Array.DType
            && back.Shape.SequenceEqual(c.Array.Shape)
            && equal(c.Array.Data, back.Data)
            && bytes.Length == NpyHeaderLength(bytes) + c.Array.Length * ElementSize(c.Array.DType);
    }

    private static int NpyHeaderLength(byte[] bytes) => bytes[6] == 1 ? 10 + (bytes[8] | bytes[9] << 8) : 12 + BitConverter.ToInt32(bytes, 8);

    private static int ElementSize(NpyDType t) => t switch { NpyDType.Float64 or NpyDType.Int64 => 8, NpyDType.Bool => 1, _ => 4 };

    [Property(MaxTest = 200)]
    public Property Float64_round_trips_bit_exactly() =>
        Prop.ForAll(Arrays(AnyDouble).ToArbitrary(), c => RoundTrips(c, (a, b) =>
            ((double[])a).Select(BitConverter.DoubleToInt64Bits).SequenceEqual(((double[])b).Select(BitConverter.DoubleToInt64Bits))));

    [Property(MaxTest = 100)]
    public Property Float32_round_trips_bit_exactly() =>
        Prop.ForAll(Arrays(ArbMap.Default.GeneratorFor<float>()).ToArbitrary(), c => RoundTrips(c, (a, b) =>
            ((float[])a).Select(BitConverter.SingleToInt32Bits).SequenceEqual(((float[])b).Select(BitConverter.SingleToInt32Bits))));

    [Property(MaxTest = 100)]
    public Property Int64_round_trips() =>
        Prop.ForAll(Arrays(ArbMap.Default.GeneratorFor<long>()).ToArbitrary(), c => RoundTrips(c, (a, b) => ((long[])a).SequenceEqual((long[])b)));

    [Property(MaxTest = 100)]
    public Property Int32_round_trips() =>
        Prop.ForAll(Arrays(ArbMap.Default.GeneratorFor<int>()).ToArbitrary(), c => RoundTrips(c, (a, b) => ((int[])a).SequenceEqual((int[])b)));

    [Property(MaxTest = 100)]
    public Property Bool_round_trips() =>
        Prop.ForAll(Arrays(ArbMap.Default.GeneratorFor<bool>()).ToArbitrary(), c => RoundTrips(c, (a, b) => ((bool[])a).SequenceEqual((bool[])b)));

    [Property(MaxTest = 100)]
    public Property Fortran_order_twice_is_identity() =>
        Prop.ForAll(Arrays(ArbMap.Default.GeneratorFor<int>()).ToArbitrary(), c =>
        {
            var data = (int[])c.Array.Data;
            return ArrayOrder.FortranToC(ArrayOrder.CToFortran(data, c.Array.Shape), c.Array.Shape).SequenceEqual(data);
        });

    [Property(MaxTest = 100)]
    public Property Header_is_padded_to_64_bytes_and_ends_with_newline() =>
        Prop.ForAll(Arrays(Gen.Constant(1.0)).ToArbitrary(), c =>
        {
            var bytes = Npy.ToBytes(c.Array, new NpyWriteOptions(c.Fortran, c.Version));
            var headerEnd = NpyHeaderLength(bytes);
            return headerEnd % 64 == 0 && bytes[headerEnd - 1] == (byte)'\n';
        });
}
