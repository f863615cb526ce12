using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Figures;

namespace NeuroFit.Tests.Results;

public class LossFigureTests
{
    /// <summary>However narrow or wide the loss range, at least two labelled ticks lie inside it, and each label is its tick's exact value.</summary>
    [Property(MaxTest = 2000)]
    public Property EveryLossRangeGetsAtLeastTwoRoundLabelledTicks() =>
        Prop.ForAll(Gen.Choose(-900, 900).Zip(Gen.Choose(8, 800)).ToArbitrary(), p =>
        {
            var low = Math.Pow(10, p.Item1 / 100.0);
            var high = low * Math.Pow(10, p.Item2 / 100.0); // a factor of at least 1.2
            var major = LossAxis.Ticks(low, high).Where(t => t.Major).Select(t => t.Loss).ToList();
            var inside = major.Count(t => t >= low * (1 - 1e-12) && t <= high * (1 + 1e-12));
            Assert.True(inside >= 2, $"[{low}, {high}]: labelled ticks {string.Join(", ", major)}");
            foreach (var t in major)
            {
                // the label (3 significant digits) is the tick's exact value
                var label = double.Parse(t.ToString("G3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(label - t) <= 1e-9 * t, $"tick {t} of [{low}, {high}] is not round (label {label})");
            }
        });

    [Fact]
    public void ANarrowRangeIsLabelledLinearlyAndAWideOneByDecades()
    {
        Assert.Equal([8.0, 10, 12, 14, 16, 18, 20], LossAxis.Ticks(9.7, 18).Where(t => t.Major).Select(t => Math.Round(t.Loss, 9)));
        var wide = LossAxis.Ticks(0.003, 450).Where(t => t.Major).Select(t => t.Loss).ToList();
        Assert.Equal([0.001, 0.01, 0.1, 1, 10, 100, 1000], wide.Select(t => Math.Round(t, 9)));
        Assert.Empty(LossAxis.Ticks(0, 1));
        Assert.Equal(["1e-5", "0.001", "12", "2.5e7"], new[] { 1e-5, 0.001, 12, 2.5e7 }.Select(LossAxis.Label));
    }

    [Fact]
    public void AReferenceFarBelowTheCurvesIsLeftOutOfTheFigure()
    {
        LossReference[] references = [new("true parameters", 5.8e-7, "#7B3FA0"), new("centre", 43, "#D62728"), new("close", 0.011, "#2CA02C")];
        Assert.Equal(["centre", "close"], LossAxis.Visible(references, [18.3, 10, double.NaN, 0]).Select(r => r.Label));
        Assert.Equal(3, LossAxis.Visible(references, [double.NaN]).Count); // no data: nothing to compare with
    }

    [Fact]
    public void TheFiguresDrawTheReferencesAndLabelTheAxesWithLossesAndSeconds()
    {
        var dir = Directory.CreateTempSubdirectory("neurofit-figures-").FullName;
        try
        {
            LossReference[] references = [new("centre of the bounds", 300, "#D62728"), new("random: best of 64", 40, "#2CA02C")];
            var convergence = Path.Combine(dir, "c.svg");
            ConvergenceFigure.Save(convergence, [0.1, 0.2, 0.5, 1.5], [200, 50, 50, 2], references);
            var svg = File.ReadAllText(convergence);
            Assert.Contains("wall time [s]", svg);
            Assert.Contains("centre of the bounds", svg);
            Assert.Contains("random: best of 64", svg);
            Assert.Contains("#D62728", svg, StringComparison.OrdinalIgnoreCase);
            Assert.Matches(new Regex(@">\s*100\s*<"), svg); // a decade label, not its log10 (2)

            var history = Path.Combine(dir, "h.png");
            LossHistoryFigure.Save(history, [200, double.NaN, 50, 2], [200, 200, 50, 2], references);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(history)[..4]);
            Assert.Throws<ArgumentOutOfRangeException>(() => ConvergenceFigure.Save(convergence, [1], [1, 2]));
        }
        finally { Directory.Delete(dir, true); }
    }
}
