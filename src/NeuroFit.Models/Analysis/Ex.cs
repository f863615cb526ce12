using System.Collections.Immutable;

namespace NeuroFit.Models.Analysis;

/// <summary>Numeric type of a value in the model language (ANNarchy's C types).</summary>
public enum ValueType
{
    /// <summary>Double precision (the default for every attribute and for literals with a dot or exponent).</summary>
    Float,
    /// <summary>Integer: integer-literal and int-attribute arithmetic truncates like C (<c>3/2 == 1</c>).</summary>
    Int,
    /// <summary>Boolean: comparisons and logic; used as a number it is 0 or 1.</summary>
    Bool,
}

/// <summary>Unary operators of the lowered expression language.</summary>
public enum UnaryOp
{
    /// <summary>Arithmetic negation.</summary>
    Negate,
    /// <summary>Logical not.</summary>
    Not,
}

/// <summary>Binary operators of the lowered expression language.</summary>
public enum BinaryOp
{
    /// <summary><c>a + b</c>.</summary>
    Add,
    /// <summary><c>a - b</c>.</summary>
    Subtract,
    /// <summary><c>a * b</c>.</summary>
    Multiply,
    /// <summary><c>a / b</c>; truncating integer division when both operands are <see cref="ValueType.Int"/>.</summary>
    Divide,
    /// <summary><c>a % b</c> as C <c>fmod</c> (sign of the dividend).</summary>
    Modulo,
    /// <summary><c>a ** b</c> / <c>a ^ b</c>.</summary>
    Power,
    /// <summary><c>a &lt; b</c>.</summary>
    Less,
    /// <summary><c>a &lt;= b</c>.</summary>
    LessOrEqual,
    /// <summary><c>a &gt; b</c>.</summary>
    Greater,
    /// <summary><c>a &gt;= b</c>.</summary>
    GreaterOrEqual,
    /// <summary><c>a == b</c> (exact floating-point equality).</summary>
    Equal,
    /// <summary><c>a != b</c>.</summary>
    NotEqual,
    /// <summary>Logical and.</summary>
    And,
    /// <summary>Logical or.</summary>
    Or,
}

/// <summary>Built-in functions after name resolution (aliases such as <c>positive</c>/<c>fabs</c>/<c>Max</c> are folded).</summary>
public enum MathFunction
{
    /// <summary>Natural exponential.</summary>
    Exp,
    /// <summary>Natural logarithm.</summary>
    Log,
    /// <summary>Base-10 logarithm.</summary>
    Log10,
    /// <summary>Square root.</summary>
    Sqrt,
    /// <summary>Sine.</summary>
    Sin,
    /// <summary>Cosine.</summary>
    Cos,
    /// <summary>Tangent.</summary>
    Tan,
    /// <summary>Arc sine.</summary>
    Asin,
    /// <summary>Arc cosine.</summary>
    Acos,
    /// <summary>Arc tangent.</summary>
    Atan,
    /// <summary>Hyperbolic sine.</summary>
    Sinh,
    /// <summary>Hyperbolic cosine.</summary>
    Cosh,
    /// <summary>Hyperbolic tangent.</summary>
    Tanh,
    /// <summary>Round down.</summary>
    Floor,
    /// <summary>Round up.</summary>
    Ceil,
    /// <summary>Absolute value (<c>abs</c>, <c>fabs</c>).</summary>
    Abs,
    /// <summary><c>x &gt; 0 ? x : 0</c> (<c>pos</c>, <c>positive</c>).</summary>
    Pos,
    /// <summary><c>x &lt; 0 ? x : 0</c> (<c>neg</c>, <c>negative</c>).</summary>
    Neg,
    /// <summary><c>clip(x, a, b)</c>.</summary>
    Clip,
    /// <summary><c>modulo(a, b)</c>: both truncated to integers, then the C remainder.</summary>
    IntModulo,
    /// <summary><c>power(x, n)</c>: integer power by repeated multiplication.</summary>
    IntPower,
    /// <summary>C <c>round</c> (half away from zero).</summary>
    Round,
    /// <summary><c>fmax</c> of two or more arguments (<c>max</c>, <c>Max</c>).</summary>
    Max,
    /// <summary><c>fmin</c> of two or more arguments (<c>min</c>, <c>Min</c>).</summary>
    Min,
    /// <summary>1 when the argument is finite.</summary>
    IsFinite,
    /// <summary>1 when the argument is NaN.</summary>
    IsNaN,
}

/// <summary>Random distributions usable in equations and in <c>init=</c>.</summary>
public enum DistributionKind
{
    /// <summary><c>Uniform(a, b)</c>: real uniform on [a, b).</summary>
    Uniform,
    /// <summary><c>DiscreteUniform(a, b)</c>: integer uniform on [a, b].</summary>
    DiscreteUniform,
    /// <summary><c>Normal(mu, sigma)</c>.</summary>
    Normal,
    /// <summary><c>LogNormal(mu, sigma)</c> (parameters of the underlying normal).</summary>
    LogNormal,
    /// <summary><c>Exponential(lambda)</c> with rate lambda.</summary>
    Exponential,
    /// <summary><c>Gamma(k, theta)</c>: shape k, scale theta.</summary>
    Gamma,
    /// <summary><c>Binomial(n, p)</c>.</summary>
    Binomial,
}

/// <summary>Population-wide reductions of a local variable (<c>max(v)</c>, <c>mean(v)</c>, …).</summary>
public enum GlobalOpKind
{
    /// <summary>Population maximum.</summary>
    Max,
    /// <summary>Population minimum.</summary>
    Min,
    /// <summary>Population mean.</summary>
    Mean,
    /// <summary>L1 norm.</summary>
    Norm1,
    /// <summary>L2 norm.</summary>
    Norm2,
}

/// <summary>Time-related built-in symbols.</summary>
public enum BuiltinSymbol
{
    /// <summary>Current time in ms at the start of the step (<c>step * dt</c>).</summary>
    Time,
    /// <summary>Integration step in ms.</summary>
    Dt,
    /// <summary>Time in ms of the neuron's last spike (starts at −10000 steps × dt).</summary>
    LastSpikeTime,
}

/// <summary>
/// A checked, name-resolved expression: what the engine compiles. User functions are inlined,
/// <c>if c: a else: b</c> and <c>ite()</c> are both <see cref="ConditionalEx"/>, constants (<c>pi</c>, <c>E</c>) are folded.
/// Every node knows its <see cref="ValueType"/> so integer semantics can be honoured.
/// </summary>
public abstract record Ex(ValueType Type);

/// <summary>A literal (or folded constant).</summary>
public sealed record ConstEx(double Value, ValueType Type) : Ex(Type);

/// <summary>Reads parameter <paramref name="Index"/> of <see cref="AnalysedModel.Parameters"/>.</summary>
public sealed record ParameterEx(int Index, ValueType Type) : Ex(Type);

/// <summary>Reads the current value of variable <paramref name="Index"/> of <see cref="AnalysedModel.Variables"/>.</summary>
public sealed record VariableEx(int Index, ValueType Type) : Ex(Type);

/// <summary>Reads <c>t</c>, <c>dt</c> or <c>t_last</c>.</summary>
public sealed record BuiltinEx(BuiltinSymbol Symbol) : Ex(ValueType.Float);

/// <summary>Reads the rate-coded input <c>sum(target)</c> (index into <see cref="AnalysedModel.Inputs"/>); 0 unless set.</summary>
public sealed record InputEx(int Index) : Ex(ValueType.Float);

/// <summary>A unary operation.</summary>
public sealed record UnaryEx(UnaryOp Op, Ex Operand, ValueType Type) : Ex(Type);

/// <summary>A binary operation; <see cref="Ex.Type"/> is the result type.</summary>
public sealed record BinaryEx(BinaryOp Op, Ex Left, Ex Right, ValueType Type) : Ex(Type);

/// <summary><c>Condition ? WhenTrue : WhenFalse</c>.</summary>
public sealed record ConditionalEx(Ex Condition, Ex WhenTrue, Ex WhenFalse, ValueType Type) : Ex(Type);

/// <summary>A built-in function call.</summary>
public sealed record CallEx(MathFunction Function, ImmutableArray<Ex> Arguments, ValueType Type) : Ex(Type);

/// <summary>
/// One textual occurrence of a random distribution. Each occurrence has its own stream index
/// (<see cref="AnalysedModel.RandomStreamCount"/>); the engine draws it for every neuron at the start of every
/// step, whether or not a branch using it is taken. Arguments are constants or global parameters.
/// </summary>
public sealed record RandomEx(int Stream, DistributionKind Distribution, ImmutableArray<Ex> Arguments) : Ex(ValueType.Float);

/// <summary>A population reduction of local variable <paramref name="Variable"/>, as computed at the end of the previous step.</summary>
public sealed record GlobalOpEx(GlobalOpKind Op, int Variable) : Ex(ValueType.Float);
