namespace NeuroFit.Models.Syntax;

/// <summary>Structural equality of expression trees, ignoring spans.</summary>
internal static class SyntaxEquivalence
{
    public static bool AreEquivalent(ExpressionSyntax? a, ExpressionSyntax? b) => (a, b) switch
    {
        (null, null) => true,
        (NumberSyntax x, NumberSyntax y) => x.Value.Equals(y.Value) && x.IsInteger == y.IsInteger,
        (BoolSyntax x, BoolSyntax y) => x.Value == y.Value,
        (NameSyntax x, NameSyntax y) => x.Name == y.Name,
        (DerivativeSyntax x, DerivativeSyntax y) => x.Variable == y.Variable,
        (UnarySyntax x, UnarySyntax y) => x.Op == y.Op && AreEquivalent(x.Operand, y.Operand),
        (BinarySyntax x, BinarySyntax y) => x.Op == y.Op && AreEquivalent(x.Left, y.Left) && AreEquivalent(x.Right, y.Right),
        (CallSyntax x, CallSyntax y) => x.Function.Name == y.Function.Name && x.Arguments.Length == y.Arguments.Length
            && x.Arguments.Zip(y.Arguments).All(p => AreEquivalent(p.First, p.Second)),
        (ConditionalSyntax x, ConditionalSyntax y) => AreEquivalent(x.Condition, y.Condition)
            && AreEquivalent(x.WhenTrue, y.WhenTrue) && AreEquivalent(x.WhenFalse, y.WhenFalse),
        _ => false,
    };
}
