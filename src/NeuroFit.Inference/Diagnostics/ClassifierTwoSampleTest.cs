using MathNet.Numerics.LinearAlgebra;

namespace NeuroFit.Inference.Diagnostics;

/// <summary>
/// Classifier two-sample test (C2ST; Lopez-Paz &amp; Oquab 2017, as used by sbibm): the cross-validated accuracy of a
/// classifier telling the two samples apart — 0.5 when they come from the same distribution, 1 when they do not
/// overlap. The classifier is an L2-regularised logistic regression on quadratic features (all xᵢ and xᵢxⱼ) of the
/// data z-scored by the first sample, fitted by Newton's method: it is the Bayes-optimal form for two Gaussians, so
/// it sees any mean or covariance mismatch, but it is weaker than sbibm's MLP for non-Gaussian differences.
/// </summary>
public static class ClassifierTwoSampleTest
{
    private const double Ridge = 1e-4;

    /// <summary>Mean held-out accuracy over <paramref name="folds"/> stratified folds (seeded).</summary>
    public static double Accuracy(double[,] first, double[,] second, int seed, int folds = 5)
    {
        var d = first.GetLength(1);
        if (second.GetLength(1) != d) throw new InferenceException($"C2ST samples have different dimensions ({d} and {second.GetLength(1)}).");
        int n1 = first.GetLength(0), n2 = second.GetLength(0);
        if (folds < 2 || n1 < folds || n2 < folds) throw new InferenceException($"C2ST needs at least {folds} rows per sample and 2 or more folds.");
        var (mean, std) = Moments(first);
        var features = new double[n1 + n2][];
        var labels = new double[n1 + n2];
        for (var r = 0; r < n1; r++) features[r] = Quadratic(first, r, mean, std);
        for (var r = 0; r < n2; r++) { features[n1 + r] = Quadratic(second, r, mean, std); labels[n1 + r] = 1; }
        var rng = new Random(seed);
        var fold = new int[n1 + n2];
        foreach (var (start, count) in new[] { (0, n1), (n1, n2) })
        {
            var order = Enumerable.Range(start, count).ToArray();
            rng.Shuffle(order);
            for (var i = 0; i < order.Length; i++) fold[order[i]] = i % folds;
        }
        double total = 0;
        for (var f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, n1 + n2).Where(i => fold[i] != f).ToArray();
            var test = Enumerable.Range(0, n1 + n2).Where(i => fold[i] == f).ToArray();
            var w = Fit(features, labels, train);
            var correct = test.Count(i => (Dot(w, features[i]) > 0 ? 1 : 0) == labels[i]);
            total += (double)correct / test.Length;
        }
        return total / folds;
    }

    private static (double[] Mean, double[] Std) Moments(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        var std = new double[d];
        for (var j = 0; j < d; j++)
        {
            double s = 0, ss = 0;
            for (var r = 0; r < n; r++) s += x[r, j];
            var m = s / n;
            for (var r = 0; r < n; r++) ss += (x[r, j] - m) * (x[r, j] - m);
            mean[j] = m;
            std[j] = Math.Max(Math.Sqrt(ss / Math.Max(1, n - 1)), 1e-14);
        }
        return (mean, std);
    }

    private static double[] Quadratic(double[,] x, int r, double[] mean, double[] std)
    {
        var d = mean.Length;
        var z = new double[d];
        for (var j = 0; j < d; j++) z[j] = (x[r, j] - mean[j]) / std[j];
        var f = new List<double>(1 + d + d * (d + 1) / 2) { 1 };
        f.AddRange(z);
        for (var i = 0; i < d; i++)
            for (var j = i; j < d; j++) f.Add(z[i] * z[j]);
        return [.. f];
    }

    private static double Dot(double[] w, double[] f)
    {
        double s = 0;
        for (var i = 0; i < w.Length; i++) s += w[i] * f[i];
        return s;
    }

    // Newton–Raphson on the mean log-likelihood minus (Ridge/2)·‖w‖² (intercept not penalised).
    private static double[] Fit(double[][] features, double[] labels, int[] rows)
    {
        var p = features[0].Length;
        var w = new double[p];
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var gradient = Vector<double>.Build.Dense(p);
            var hessian = Matrix<double>.Build.Dense(p, p);
            foreach (var i in rows)
            {
                var f = features[i];
                var prob = 1 / (1 + Math.Exp(-Dot(w, f)));
                var weight = Math.Max(prob * (1 - prob), 1e-12);
                for (var a = 0; a < p; a++)
                {
                    gradient[a] += (labels[i] - prob) * f[a];
                    for (var b = a; b < p; b++) hessian[a, b] += weight * f[a] * f[b];
                }
            }
            for (var a = 0; a < p; a++)
            {
                gradient[a] /= rows.Length;
                for (var b = a; b < p; b++) { hessian[a, b] /= rows.Length; hessian[b, a] = hessian[a, b]; }
                if (a > 0) { gradient[a] -= Ridge * w[a]; hessian[a, a] += Ridge; }
            }
            hessian[0, 0] += 1e-12;
            var step = hessian.Cholesky().Solve(gradient);
            for (var a = 0; a < p; a++) w[a] += step[a];
            if (step.L2Norm() < 1e-10) break;
        }
        return w;
    }
}
