using System.Globalization;
using System.Text;
using NeuroFit.Models.Analysis;

namespace NeuroFit.Simulation.Kernels;

/// <summary>A canonical text of an analysed model: two models with the same text compile to the same kernels.</summary>
internal static class ModelFingerprint
{
    public static string Of(AnalysedModel m)
    {
        var sb = new StringBuilder();
        sb.Append("name ").Append(m.Name).Append(" kind ").Append(m.Kind).Append('\n');
        foreach (var p in m.Parameters) sb.Append("par ").Append(p.Name).Append(' ').Append(p.Type).Append(' ').Append(p.Locality).Append('\n');
        foreach (var v in m.Variables)
        {
            sb.Append("var ").Append(v.Name).Append(' ').Append(v.Type).Append(' ').Append(v.Locality).Append(' ').Append(v.Kind)
              .Append(" method ").Append(v.Method?.ToString() ?? "-").Append(" init ");
            Write(sb, v.Init);
            sb.Append(" min ");
            Write(sb, v.Min);
            sb.Append(" max ");
            Write(sb, v.Max);
            sb.Append('\n');
        }
        sb.Append("global\n");
        foreach (var s in m.GlobalStatements) Write(sb, s);
        sb.Append("local\n");
        foreach (var s in m.LocalStatements) Write(sb, s);
        sb.Append("spike ");
        Write(sb, m.Spike);
        sb.Append("\nreset\n");
        foreach (var s in m.Reset) Write(sb, s);
        sb.Append("refractory ");
        Write(sb, m.RefractoryMs);
        sb.Append("\ninputs ").Append(string.Join(",", m.Inputs)).Append(" streams ").Append(m.RandomStreamCount);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Statement s)
    {
        switch (s)
        {
            case AssignStatement a:
                sb.Append("  set ").Append(a.Variable).Append(" = ");
                Write(sb, a.Value);
                break;
            case OdeBlock b:
                sb.Append("  block");
                foreach (var o in b.Odes)
                {
                    sb.Append("\n    ode ").Append(o.Variable).Append(' ').Append(o.Method).Append(" f ");
                    Write(sb, o.Derivative);
                    if (o.Linear is { } lin)
                    {
                        sb.Append(" tau ");
                        Write(sb, lin.Tau);
                        sb.Append(" A ");
                        Write(sb, lin.Target);
                    }
                    if (o.Affine is { } aff)
                    {
                        sb.Append(" c ");
                        Write(sb, aff.Offset);
                        foreach (var c in aff.Coefficients)
                        {
                            sb.Append(" C ");
                            Write(sb, c);
                        }
                    }
                }
                break;
        }
        sb.Append('\n');
    }

    private static void Write(StringBuilder sb, Ex? e)
    {
        switch (e)
        {
            case null: sb.Append('-'); return;
            case ConstEx c: sb.Append(c.Value.ToString("R", CultureInfo.InvariantCulture)).Append(':').Append(c.Type); return;
            case ParameterEx p: sb.Append('p').Append(p.Index); return;
            case VariableEx v: sb.Append('v').Append(v.Index); return;
            case BuiltinEx b: sb.Append(b.Symbol); return;
            case InputEx i: sb.Append("in").Append(i.Index); return;
            case GlobalOpEx g: sb.Append(g.Op).Append("(v").Append(g.Variable).Append(')'); return;
        }
        sb.Append('(');
        switch (e)
        {
            case UnaryEx u: sb.Append(u.Op); break;
            case BinaryEx b: sb.Append(b.Op); break;
            case ConditionalEx: sb.Append("if"); break;
            case CallEx c: sb.Append(c.Function); break;
            case RandomEx r: sb.Append(r.Distribution).Append('#').Append(r.Stream); break;
            default: throw new NotSupportedException(e.GetType().Name);
        }
        sb.Append(':').Append(e.Type);
        foreach (var child in Lowering.ExTools.Children(e))
        {
            sb.Append(' ');
            Write(sb, child);
        }
        sb.Append(')');
    }
}
