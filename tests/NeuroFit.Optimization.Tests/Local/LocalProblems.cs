using NeuroFit.Optimization.Local;

namespace NeuroFit.Optimization.Tests.Local;

/// <summary>Residual problems on the unit cube (each maps the cube linearly onto its own box) and a counting objective.</summary>
internal static class LocalProblems
{
    /// <summary>Rosenbrock as residuals (10(x₂ − x₁²), 1 − x₁) on x ∈ [−2, 2]²; zero at (1, 1) = unit (0.75, 0.75).</summary>
    public static double[] Rosenbrock(double[] u)
    {
        var (x1, x2) = (4 * u[0] - 2, 4 * u[1] - 2);
        return [10 * (x2 - x1 * x1), 1 - x1];
    }

    public static double[] FromRosenbrockBox(double[] u) => [4 * u[0] - 2, 4 * u[1] - 2];

    public static double[] ToRosenbrockBox(double x1, double x2) => [(x1 + 2) / 4, (x2 + 2) / 4];

    /// <summary>Times and noise-free samples of y = 2·exp(−0.7 t); parameters a = 5u₀ ∈ [0, 5], b = 2u₁ ∈ [0, 2].</summary>
    public static readonly double[] DecayTimes = Enumerable.Range(0, 40).Select(i => i * 0.25).ToArray();

    public static double[] Decay(double[] u)
    {
        var (a, b) = (5 * u[0], 2 * u[1]);
        return DecayTimes.Select(t => a * Math.Exp(-b * t) - 2 * Math.Exp(-0.7 * t)).ToArray();
    }

    public static BatchObjective Residuals(Func<double[], double[]?> residuals, List<int>? batchSizes = null, List<double[]>? points = null) => batch =>
    {
        batchSizes?.Add(batch.Count);
        points?.AddRange(batch.Select(p => (double[])p.Clone()));
        return batch.Select(p =>
        {
            var r = residuals(p);
            return r is null ? PointEvaluation.Failed : new PointEvaluation(r.Sum(v => v * v), r);
        }).ToList();
    };

    public static BatchObjective Scalar(Func<double[], double> loss, List<int>? batchSizes = null, List<double[]>? points = null) => batch =>
    {
        batchSizes?.Add(batch.Count);
        points?.AddRange(batch.Select(p => (double[])p.Clone()));
        return batch.Select(p => new PointEvaluation(loss(p))).ToList();
    };

    public static double HalfSumOfSquares(double[] r) => 0.5 * r.Sum(v => v * v);
}
