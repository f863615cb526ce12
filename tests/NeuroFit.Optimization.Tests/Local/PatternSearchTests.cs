using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Optimization.Local;
using NeuroFit.Optimization.Numerics;
using static NeuroFit.Optimization.Tests.Local.LocalProblems;

namespace NeuroFit.Optimization.Tests.Local;

public class PatternSearchTests
{
    private static double ShiftedSphere(double[] u) => u.Select((v, i) => (v - 0.1 * (i + 2)) * (v - 0.1 * (i + 2)) * (i + 1)).Sum();

    [Theory]
    [InlineData(PollDirections.Coordinate)]
    [InlineData(PollDirections.RandomOrthogonal)]
    public void AnIllScaledQuadraticConvergesToItsMinimum(PollDirections directions)
    {
        var result = new PatternSearch([0.9, 0.9, 0.9, 0.9], new() { MaxEvaluations = 3000, Directions = directions, MeshTolerance = 1e-9 }).Run(Scalar(ShiftedSphere));
        Assert.Equal(LocalStopReason.Mesh, result.Reason);
        for (var i = 0; i < 4; i++) Assert.Equal(0.1 * (i + 2), result.Point[i], 6);
    }

    [Fact]
    public void RosenbrockReachesTheValleyFloorWithRandomBases()
    {
        double Loss(double[] u) => HalfSumOfSquares(Rosenbrock(u));
        var result = new PatternSearch(ToRosenbrockBox(-1.2, 1), new() { MaxEvaluations = 4000, MeshTolerance = 1e-10 }).Run(Scalar(Loss));
        var x = FromRosenbrockBox(result.Point);
        Assert.True(Math.Abs(x[0] - 1) < 1e-3 && Math.Abs(x[1] - 1) < 2e-3, $"({x[0]}, {x[1]}), loss {result.Objective}, {result.Evaluations} evaluations, {result.Reason}");
    }

    [Fact]
    public void AnOptimumOutsideTheBoxEndsOnTheBound()
    {
        var asked = new List<double[]>();
        var result = new PatternSearch([0.5, 0.5], new() { MaxEvaluations = 2000 }).Run(Scalar(u => (u[0] - 1.4) * (u[0] - 1.4) + (u[1] - 0.3) * (u[1] - 0.3), points: asked));
        Assert.All(asked, p => Assert.All(p, v => Assert.InRange(v, 0, 1)));
        Assert.Equal(1, result.Point[0], 6);
        Assert.Equal(0.3, result.Point[1], 5);
    }

    [Fact]
    public void FailedPointsCountAsWorseAndNeverStopTheSearch()
    {
        double Fragile(double[] u) => u[0] + u[1] < 0.5 ? double.NaN : ShiftedSphere(u);
        var result = new PatternSearch([0.9, 0.9], new() { MaxEvaluations = 2000 }).Run(Scalar(Fragile));
        Assert.True(double.IsFinite(result.Objective));
        Assert.True(result.Point[0] + result.Point[1] >= 0.5);
        Assert.Equal(0.2, result.Point[0], 3); // the constrained optimum of (u₀ − 0.2)² + 2(u₁ − 0.3)² is feasible
    }

    [Fact]
    public void TheSameSeedGivesTheSameSearchAndAnotherSeedAnotherOne()
    {
        PatternSearchSettings Seeded(long seed) => new() { MaxEvaluations = 300, Seed = seed };
        var a = new PatternSearch([0.9, 0.2, 0.6], Seeded(1)).Run(Scalar(ShiftedSphere));
        var b = new PatternSearch([0.9, 0.2, 0.6], Seeded(1)).Run(Scalar(ShiftedSphere));
        var c = new PatternSearch([0.9, 0.2, 0.6], Seeded(2)).Run(Scalar(ShiftedSphere));
        Assert.Equal(a.Point, b.Point);
        Assert.Equal(a.AcceptedObjectives, b.AcceptedObjectives);
        Assert.NotEqual(a.AcceptedObjectives, c.AcceptedObjectives);
    }

    [Fact]
    public void APollIsOneBatchOfAtMostTwoNPlusOnePoints()
    {
        var sizes = new List<int>();
        new PatternSearch([0.5, 0.5, 0.5], new() { MaxEvaluations = 500 }).Run(Scalar(ShiftedSphere, sizes));
        Assert.Equal(1, sizes[0]);
        Assert.All(sizes.Skip(1), s => Assert.InRange(s, 1, 7));
        Assert.Contains(7, sizes); // a pattern point after a success
    }

    [Fact]
    public void AFailedStartStopsTheSearch() =>
        Assert.Equal(LocalStopReason.StartFailed, new PatternSearch([0.5]).Run(Scalar(_ => double.PositiveInfinity)).Reason);

    [Property(MaxTest = 100)]
    public Property LossesNeverIncreaseAndTheBudgetIsNeverExceeded() =>
        Prop.ForAll(Gen.Choose(1, 6).ToArbitrary(), Gen.Choose(0, 200).ToArbitrary(), Gen.Choose(0, 10_000).ToArbitrary(), (n, budget, seed) =>
        {
            var rng = new Rng((ulong)seed);
            var centre = Enumerable.Range(0, n).Select(_ => 1.4 * rng.NextDouble() - 0.2).ToArray();
            double Loss(double[] u) => u.Select((v, i) => Math.Abs(v - centre[i]) + Math.Sin(7 * v)).Sum();
            var sizes = new List<int>();
            var start = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var result = new PatternSearch(start, new() { MaxEvaluations = budget, Seed = seed }).Run(Scalar(Loss, sizes));
            return result.AcceptedObjectives.Zip(result.AcceptedObjectives.Skip(1)).All(p => p.Second < p.First)
                   && sizes.Sum() == result.Evaluations && result.Evaluations <= budget
                   && (budget == 0 ? result.Reason == LocalStopReason.Budget || result.Evaluations == 0 : true);
        });
}
