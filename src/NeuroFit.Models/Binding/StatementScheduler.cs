using System.Collections.Immutable;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Models.Binding;

/// <summary>
/// Orders one pass (global or local) of the update: assignments run in place; maximal runs of consecutive ODEs form
/// one <see cref="OdeBlock"/>; every coupled-method ODE (implicit, midpoint, rk4) joins the block of the first one.
/// </summary>
internal static class StatementScheduler
{
    public static IEnumerable<Statement> Schedule(IEnumerable<BoundEquation> pass, IReadOnlyDictionary<int, Ode> odes)
    {
        var output = new List<object>();
        List<Ode>? current = null;
        List<Ode>? coupled = null;
        foreach (var equation in pass)
        {
            if (equation.Decl.Kind != EquationKind.Ode)
            {
                current = null;
                output.Add(new AssignStatement(equation.Variable, equation.Right));
                continue;
            }
            var ode = odes[equation.Variable];
            if (OdeBuilder.IsCoupledMethod(ode.Method) && coupled is not null)
            {
                coupled.Add(ode);
                continue;
            }
            if (current is null)
            {
                current = [];
                output.Add(current);
            }
            current.Add(ode);
            if (OdeBuilder.IsCoupledMethod(ode.Method)) coupled = current;
        }
        return output.Select(o => o as Statement ?? new OdeBlock([.. (List<Ode>)o]));
    }
}
