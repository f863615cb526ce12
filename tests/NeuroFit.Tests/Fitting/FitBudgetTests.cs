using NeuroFit.Fitting;

namespace NeuroFit.Tests.Fitting;

public class FitBudgetTests
{
    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    [Fact]
    public void WithoutATimeLimitOnlyTheEvaluationsEndIt()
    {
        var time = new ManualTime();
        var budget = new FitBudget(100, time: time);
        time.Advance(TimeSpan.FromDays(3));
        Assert.False(budget.IsTimeUp);
        Assert.Null(budget.RemainingTime);
        Assert.False(budget.IsExhausted(99));
        Assert.Equal(1, budget.RemainingEvaluations(99));
        Assert.Equal(StopReason.MaxEvals, budget.ExhaustedBy(100));
        Assert.Equal(0, budget.RemainingEvaluations(150));
    }

    [Fact]
    public void TheDeadlineEndsItAtTheLimitAndTheEvaluationsCountFirst()
    {
        var time = new ManualTime();
        var budget = new FitBudget(1000, TimeSpan.FromSeconds(5), time);
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Null(budget.ExhaustedBy(10));
        Assert.Equal(0.1, budget.RemainingTime!.Value.TotalSeconds, 9);
        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(budget.IsTimeUp);
        Assert.Equal(StopReason.TimeLimit, budget.ExhaustedBy(10));
        Assert.Equal(StopReason.MaxEvals, budget.ExhaustedBy(1000)); // both used: the evaluations are named
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, budget.RemainingTime); // never negative
    }

    [Fact]
    public void AStageGetsAShareOfWhatIsLeftAndNeverOutlastsItsParent()
    {
        var time = new ManualTime();
        var budget = new FitBudget(1000, TimeSpan.FromSeconds(10), time);
        time.Advance(TimeSpan.FromSeconds(2));
        var stage = budget.Stage(evaluations: 400, maxEvals: 5000, timeFraction: 0.5);
        Assert.Equal(600, stage.MaxEvals); // capped by what is left
        Assert.Equal(4, stage.TimeLimit!.Value.TotalSeconds, 9); // half of the 8 s left
        Assert.Equal(100, budget.Stage(400, maxEvals: 100).MaxEvals);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(StopReason.TimeLimit, stage.ExhaustedBy(0));
        Assert.False(budget.IsTimeUp);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Throws<InvalidOperationException>(() => budget.Stage(400));
        Assert.Null(new FitBudget(10, time: time).Stage(3).TimeLimit);
    }

    [Fact]
    public void NonsenseBudgetsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FitBudget(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FitBudget(1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FitBudget(1).Stage(0, timeFraction: 0));
    }

    [Theory]
    [InlineData(StopReason.MaxEvals, "max_evals")]
    [InlineData(StopReason.TimeLimit, "time_limit")]
    [InlineData(StopReason.Converged, "converged")]
    [InlineData(StopReason.Interrupted, "interrupted")]
    public void StopReasonsHaveTheirResultsJsonNames(StopReason reason, string name) => Assert.Equal(name, reason.ToName());
}
