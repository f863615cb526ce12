using FsCheck;
using FsCheck.Fluent;
using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Tests.Support;
using VT = NeuroFit.Models.Analysis.ValueType;

namespace NeuroFit.Simulation.Tests.Engine;

/// <summary>Random expression trees: the generated vector kernel computes exactly what the scalar reference computes.</summary>
public class RandomExpressionTests
{
    private static readonly string[] Leaves = ["x", "y", "p", "q", "t", "1.5", "-0.25", "3", "2"];

    private static Gen<string> Expression(int depth)
    {
        var leaf = Gen.Elements(Leaves);
        if (depth <= 0) return leaf;
        var sub = Expression(depth - 1);
        return Gen.OneOf(
            leaf,
            from a in sub from b in sub from op in Gen.Elements("+", "-", "*", "/") select $"({a} {op} {b})",
            from a in sub from n in Gen.Elements("2", "3", "-1", "0.5", "1.7") select $"(({a}) ** {n})",
            from a in sub from f in Gen.Elements("exp", "log", "sqrt", "abs", "pos", "neg", "round", "floor", "ceil", "tanh", "sin") select $"{f}({a})",
            from a in sub from b in sub from f in Gen.Elements("max", "min", "modulo") select $"{f}({a}, {b})",
            from a in sub from b in sub from c in sub select $"clip({a}, {b}, {c})",
            from a in sub from b in sub from c in sub from d in sub from cmp in Gen.Elements("<", ">=", "==", "!=")
            select $"ite(({a} {cmp} {b}), {c}, {d})",
            from a in sub from b in sub select $"({a} % {b})");
    }

    [Fact]
    public void RandomModelsRunBitIdenticallyInTheKernelAndTheReference()
    {
        var gen = from e1 in Expression(3) from e2 in Expression(3) from e3 in Expression(2) select (e1, e2, e3);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var model = new ModelBuilder("random")
                .Param("p", 0.7).Param("q", -1.3, Locality.Global).Param("n", 3, type: VT.Int)
                .Var("x", init: "0.5", min: "-1000", max: "1000", method: IntegrationMethod.Explicit)
                .Var("y", init: "-0.5")
                .Var("z")
                .Assign("y", $"clip({c.e1}, -50, 50)")
                .Ode("x", $"clip({c.e2}, -50, 50) - x")
                .Assign("z", $"{c.e3} + n / 2")
                .Build();
            const int size = 9, steps = 12;
            var expected = Run.Reference(model, size, steps, dt: 0.1, setup: sim =>
            {
                for (var i = 0; i < size; i++) sim.Parameters[0][i] = 0.3 * i - 1;
            });
            var actual = Run.Engine(model, size, steps, dt: 0.1, setup: pop =>
                pop.Set("p", Enumerable.Range(0, size).Select(i => 0.3 * i - 1).ToArray()));
            Run.AssertIdentical(expected, actual);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }
}
