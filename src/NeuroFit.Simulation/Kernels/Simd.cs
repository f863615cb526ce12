using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.Intrinsics;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Kernels;

/// <summary>
/// The vector type a kernel is generated for: <see cref="Vector256{T}"/> (4 neurons per operation) or
/// <see cref="Vector512{T}"/> (8). Every operation is lane-wise and IEEE-exact, so both widths compute the same bits
/// for each neuron; the wider one does twice the work per instruction where the processor has 512-bit units.
/// </summary>
internal sealed class Simd
{
    public static Simd W256 { get; } = new(typeof(Vector256), typeof(Vector256<double>), typeof(Vector256<ulong>), 4, typeof(VMath));
    public static Simd W512 { get; } = new(typeof(Vector512), typeof(Vector512<double>), typeof(Vector512<ulong>), 8, typeof(VMath512));

    /// <summary>The width used when nothing is asked: 512 bits where the runtime accelerates them, else 256.</summary>
    public static Simd Default => Vector512.IsHardwareAccelerated ? W512 : W256;

    public static Simd Of(VectorWidth width) => width switch
    {
        VectorWidth.Bits256 => W256,
        VectorWidth.Bits512 => W512,
        _ => Default,
    };

    private readonly Type _static;
    private readonly Type _vmath;

    private Simd(Type staticType, Type v, Type vu, int lanes, Type vmath)
    {
        _static = staticType;
        _vmath = vmath;
        V = v;
        VU = vu;
        Lanes = lanes;
        CreateDouble = _static.GetMethod("Create", [typeof(double)])!;
        CreateULongMethod = _static.GetMethod("Create", [typeof(ulong)])!;
        CreateLongMethod = _static.GetMethod("Create", [typeof(long)])!;
        LessThan = Generic("LessThan", 2);
        LessThanOrEqual = Generic("LessThanOrEqual", 2);
        GreaterThan = Generic("GreaterThan", 2);
        GreaterThanOrEqual = Generic("GreaterThanOrEqual", 2);
        EqualsMethod = Generic("Equals", 2);
        Sqrt = Generic("Sqrt", 1);
        Abs = Generic("Abs", 1);
        Select = Generic("ConditionalSelect", 3);
        GetElement = _static.GetMethod("GetElement")!.MakeGenericMethod(typeof(double));
        Floor = _static.GetMethod("Floor", [v])!;
        Ceiling = _static.GetMethod("Ceiling", [v])!;
        Round = _static.GetMethod("Round", [v])!;
        Fma = _static.GetMethod("FusedMultiplyAdd", [v, v, v])!;
        AsInt64 = _static.GetMethod("AsInt64")!.MakeGenericMethod(typeof(double));
        AsUInt64 = _static.GetMethod("AsUInt64")!.MakeGenericMethod(typeof(double));
        AsDoubleFromLong = _static.GetMethod("AsDouble")!.MakeGenericMethod(typeof(long));
        AsDoubleFromULong = _static.GetMethod("AsDouble")!.MakeGenericMethod(typeof(ulong));
        var vLong = v.GetGenericTypeDefinition().MakeGenericType(typeof(long));
        ShiftLeftLong = _static.GetMethod("ShiftLeft", [vLong, typeof(int)])!;
        ShiftRightULong = _static.GetMethod("ShiftRightLogical", [vu, typeof(int)])!;
    }

    /// <summary>The vector of doubles.</summary>
    public Type V { get; }

    /// <summary>The vector of 64-bit unsigned integers of the same width.</summary>
    public Type VU { get; }

    /// <summary>Neurons per vector.</summary>
    public int Lanes { get; }

    private MethodInfo CreateDouble { get; }
    private MethodInfo CreateULongMethod { get; }
    private MethodInfo CreateLongMethod { get; }

    public MethodInfo LessThan { get; }
    public MethodInfo LessThanOrEqual { get; }
    public MethodInfo GreaterThan { get; }
    public MethodInfo GreaterThanOrEqual { get; }
    public MethodInfo EqualsMethod { get; }
    public MethodInfo Sqrt { get; }
    public MethodInfo Abs { get; }
    public MethodInfo Select { get; }
    public MethodInfo GetElement { get; }
    public MethodInfo Floor { get; }
    public MethodInfo Ceiling { get; }
    public MethodInfo Round { get; }
    public MethodInfo Fma { get; }
    public MethodInfo AsInt64 { get; }
    public MethodInfo AsUInt64 { get; }
    public MethodInfo AsDoubleFromLong { get; }
    public MethodInfo AsDoubleFromULong { get; }
    public MethodInfo ShiftLeftLong { get; }
    public MethodInfo ShiftRightULong { get; }

    public Expression Const(double value) => Expression.Call(CreateDouble, Expression.Constant(value));
    public Expression Broadcast(Expression scalar) => Expression.Call(CreateDouble, scalar);
    public Expression CreateLong(long value) => Expression.Call(CreateLongMethod, Expression.Constant(value));
    public Expression CreateULong(ulong value) => Expression.Call(CreateULongMethod, Expression.Constant(value));

    public Expression AllBitsSet => Expression.Property(null, V.GetProperty("AllBitsSet")!);
    public Expression Zero => Expression.Property(null, V.GetProperty("Zero")!);

    /// <summary>A generic method of the static vector class instantiated for double, by name and arity.</summary>
    public MethodInfo Generic(string name, int arity)
    {
        var definition = V.GetGenericTypeDefinition();
        var method = _static.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition && m.GetParameters().Length == arity
                         && m.GetParameters().All(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == definition));
        return method.MakeGenericMethod(typeof(double));
    }

    /// <summary>A call of the engine's vector function <paramref name="name"/> of this width (<see cref="VMath"/> or <see cref="VMath512"/>).</summary>
    public Expression Call(string name, params Expression[] args) =>
        Expression.Call(Emit.Method(_vmath, name, args.Length), args);

    /// <summary>The lower four lanes of a value of this width, as a <see cref="Vector256{T}"/>.</summary>
    public Expression Lower(Expression value) => Lanes == 4 ? value : Expression.Call(typeof(Vector512).GetMethod(nameof(Vector512.GetLower))!.MakeGenericMethod(typeof(double)), value);
}
