using System.Collections.Immutable;
using NeuroFit.Models.Analysis;
using NeuroFit.Models.Text;

namespace NeuroFit.Models.Binding;

/// <summary>
/// Rewrites every ODE as <c>dX/dt = f</c> (solving the equation, which must be linear in dX/dt) and, where the method
/// needs it, as <c>τ·dX/dt + X = A</c> (exponential, semi-implicit, single implicit) or as an affine form over the
/// coupled implicit variables. Checks that at most one coupled method (implicit, midpoint, rk4) is used.
/// </summary>
internal sealed class OdeBuilder(DiagnosticBag bag, SourceBlock? block)
{
    public static bool IsCoupledMethod(IntegrationMethod method) =>
        method is IntegrationMethod.Implicit or IntegrationMethod.Midpoint or IntegrationMethod.RungeKutta4;

    /// <summary>The ODE of each bound ODE equation, keyed by variable index.</summary>
    public Dictionary<int, Ode> Build(IReadOnlyList<BoundEquation> equations)
    {
        var result = new Dictionary<int, Ode>();
        var odes = equations.Where(e => e.Decl.Kind == EquationKind.Ode).ToList();
        if (block is null || odes.Count == 0) return result;

        var coupled = odes.Where(e => IsCoupledMethod(e.Decl.Method)).ToList();
        var mixed = coupled.FirstOrDefault(e => e.Decl.Method != coupled[0].Decl.Method);
        if (mixed is not null)
        {
            bag.Error(block, mixed.Decl.MethodSpan, DiagnosticIds.MixedCoupledMethods,
                $"'{Name(mixed.Decl.Method)}' cannot be mixed with '{Name(coupled[0].Decl.Method)}' (used for '{coupled[0].Decl.Variable}') in one neuron: "
                + "all implicit, midpoint and rk4 ODEs of a neuron are solved together; use one of them for all");
            return result;
        }

        var derivatives = new Dictionary<int, Ex>();
        foreach (var equation in odes)
            if (Derivative(equation) is { } f) derivatives[equation.Variable] = f;
        if (bag.HasErrors) return result;

        foreach (var locality in new[] { Locality.Global, Locality.Local })
        {
            var implicitVariables = odes.Where(e => e.Decl.Locality == locality && e.Decl.Method == IntegrationMethod.Implicit)
                .Select(e => e.Variable).ToImmutableArray();
            foreach (var equation in odes.Where(e => e.Decl.Locality == locality))
            {
                var method = equation.Decl.Method;
                var f = derivatives[equation.Variable];
                LinearForm? linear = null;
                AffineForm? affine = null;
                if (method is IntegrationMethod.Exponential or IntegrationMethod.SemiImplicit
                    || (method == IntegrationMethod.Implicit && implicitVariables.Length == 1))
                    linear = Linear(equation);
                else if (method == IntegrationMethod.Implicit)
                    affine = Affine(equation, f, implicitVariables);
                result[equation.Variable] = new Ode(equation.Variable, method, f, linear, affine);
            }
        }
        return result;
    }

    private Ex? Derivative(BoundEquation equation)
    {
        // Usual case: the derivative only on the left (a·dX/dt + rest = right): f = (right − rest)/a keeps the
        // right-hand side as written, so dX/dt = f gives back f itself.
        if (!ExMath.Contains(equation.Right, e => e is DerivativeEx)
            && LinearDecomposition.Decompose(equation.Left!, e => e is DerivativeEx) is { Coefficient: { } a } left)
            return Cancels(equation, a) ? null : ExMath.Div(ExMath.Sub(equation.Right, left.Rest), a) ?? ExMath.Zero;
        var residual = ExMath.Sub(equation.Left, equation.Right)!;
        var parts = LinearDecomposition.Decompose(residual, e => e is DerivativeEx);
        if (parts is not { Coefficient: { } coefficient } p)
        {
            bag.Error(block!, DerivativeSpan(equation), DiagnosticIds.NotLinearInDerivative,
                $"the ODE must be linear in d{equation.Decl.Variable}/dt (e.g. 'tau*d{equation.Decl.Variable}/dt + {equation.Decl.Variable} = A'); d{equation.Decl.Variable}/dt may not be multiplied by itself or appear inside a function, power or condition");
            return null;
        }
        return Cancels(equation, coefficient) ? null : ExMath.Neg(ExMath.Div(p.Rest, coefficient)) ?? ExMath.Zero;
    }

    /// <summary>
    /// A coefficient of dX/dt made of literals only that is 0 (<c>0*dv/dt = 1</c>, <c>dv/dt - dv/dt = 1</c>) leaves no
    /// derivative to solve for (ANNarchy's solver finds no solution), and so does <c>tau*dv/dt = tau*dv/dt - v</c>; dividing by it would give an infinite derivative.
    /// </summary>
    private bool Cancels(BoundEquation equation, Ex coefficient)
    {
        var zero = ExMath.TryEvaluateConstant(coefficient) is 0.0
            || coefficient is BinaryEx { Op: BinaryOp.Subtract } difference && difference.Left.Equals(difference.Right);
        if (!zero) return false;
        var v = equation.Decl.Variable;
        bag.Error(block!, DerivativeSpan(equation), DiagnosticIds.NotLinearInDerivative,
            $"d{v}/dt cancels out of this equation (its coefficient is 0), so it does not define d{v}/dt; write it as 'd{v}/dt = ...'");
        return true;
    }

    /// <summary>τ = a_G / a_X and A = −rest / a_X from the residual a_G·G + a_X·X + rest.</summary>
    private LinearForm? Linear(BoundEquation equation)
    {
        var residual = ExMath.Sub(equation.Left, equation.Right)!;
        var inG = LinearDecomposition.Decompose(residual, e => e is DerivativeEx)!.Value;
        bool IsX(Ex e) => e is VariableEx v && v.Index == equation.Variable;
        var inX = inG.Rest is null ? null : LinearDecomposition.Decompose(inG.Rest, IsX);
        if (inX is not { Coefficient: { } aX } parts || ExMath.Contains(inG.Coefficient!, IsX))
        {
            NotLinear(equation, inX is { Coefficient: null }
                ? $"the equation does not contain '{equation.Decl.Variable}' itself, so it has no time constant"
                : null);
            return null;
        }
        var tau = ExMath.Div(inG.Coefficient, aX)!;
        var target = ExMath.Neg(ExMath.Div(parts.Rest, aX)) ?? ExMath.Zero;
        return new LinearForm(tau, target);
    }

    private AffineForm? Affine(BoundEquation equation, Ex f, ImmutableArray<int> coupled)
    {
        var rest = (Ex?)f;
        var coefficients = ImmutableArray.CreateBuilder<Ex>();
        foreach (var variable in coupled)
        {
            if (rest is null)
            {
                coefficients.Add(ExMath.Zero);
                continue;
            }
            var parts = LinearDecomposition.Decompose(rest, e => e is VariableEx v && v.Index == variable);
            if (parts is null)
            {
                NotLinear(equation, null);
                return null;
            }
            coefficients.Add(parts.Value.Coefficient ?? ExMath.Zero);
            rest = parts.Value.Rest;
        }
        var built = coefficients.ToImmutable();
        if (built.Any(c => ExMath.Contains(c, e => e is VariableEx v && coupled.Contains(v.Index))))
        {
            NotLinear(equation, "the coupled implicit system must be linear: no product of two implicit variables");
            return null;
        }
        return new AffineForm(rest ?? ExMath.Zero, built);
    }

    private void NotLinear(BoundEquation equation, string? detail)
    {
        var decl = equation.Decl;
        var span = decl.MethodSpan.Length > 0 ? decl.MethodSpan : DerivativeSpan(equation);
        bag.Error(block!, span, DiagnosticIds.NotLinearInVariable,
            $"the {Name(decl.Method)} method needs an ODE linear in '{decl.Variable}' (tau*d{decl.Variable}/dt + {decl.Variable} = A with tau and A free of {decl.Variable})"
            + (detail is null ? "" : $": {detail}") + "; use explicit, midpoint or rk4 for non-linear equations");
    }

    private static TextSpan DerivativeSpan(BoundEquation equation) => new(equation.Decl.NameSpan.Start - 1, equation.Decl.NameSpan.Length + 4);

    public static string Name(IntegrationMethod method) => method switch
    {
        IntegrationMethod.Explicit => "explicit",
        IntegrationMethod.Implicit => "implicit",
        IntegrationMethod.SemiImplicit => "semiimplicit",
        IntegrationMethod.Exponential => "exponential",
        IntegrationMethod.Midpoint => "midpoint",
        _ => "rk4",
    };
}
