using FsCheck;
using FsCheck.Xunit;
using NeuroFit.Fitting.Auto;

namespace NeuroFit.Tests.Fitting;

public class HorizonScheduleTests
{
    [Fact]
    public void WithoutEventsTheWholeExperimentIsTheOnlyHorizon() =>
        Assert.Equal([100.0], HorizonSchedule.Create(100, []));

    [Fact]
    public void EachHorizonLiesJustAfterItsEvent()
    {
        // 5 ms past 25 (the next event is far), half the 2 ms gap past 40, 5 ms past 42
        Assert.Equal([30.0, 41.0, 47.0, 100.0], HorizonSchedule.Create(100, [25, 40, 42]));
    }

    [Fact]
    public void EventsOutsideTheExperimentAndDuplicatesAreIgnored() =>
        Assert.Equal([30.0, 100.0], HorizonSchedule.Create(100, [0, 25, 25, 100, 130, -5]));

    [Fact]
    public void HorizonsCloserThanTwoPercentOfTheDurationAreMerged()
    {
        // 10.5 and 11.25 lie 0.75 ms apart (< 2 ms): the later one stays
        Assert.Equal([11.25, 16.5, 100.0], HorizonSchedule.Create(100, [10, 11, 11.5]));
    }

    [Fact]
    public void ManyEventsAreThinnedToAtMostSixteenStages()
    {
        var spikes = Enumerable.Range(1, 200).Select(i => i * 4.9).ToList();
        var horizons = HorizonSchedule.Create(1000, spikes);
        Assert.InRange(horizons.Count, 2, HorizonSchedule.MaxStages + 1);
        Assert.Equal(1000, horizons[^1]);
    }

    [Property(MaxTest = 300)]
    public bool HorizonsIncreaseAndEndWithTheDuration(PositiveInt duration, NormalFloat[] events)
    {
        var d = duration.Get;
        var h = HorizonSchedule.Create(d, events.Select(e => Math.Abs(e.Get) % (2.0 * d)));
        return h[^1] == d && h.Zip(h.Skip(1)).All(p => p.First < p.Second) && h.Count <= HorizonSchedule.MaxStages + 1 && h.All(x => x > 0);
    }
}
