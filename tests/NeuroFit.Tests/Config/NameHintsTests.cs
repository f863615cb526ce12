using NeuroFit.Config;

namespace NeuroFit.Tests.Config;

public class NameHintsTests
{
    [Theory]
    [InlineData("max_eval", "max_evals")]        // a letter missing
    [InlineData("rsme", "rmse")]                 // two letters swapped
    [InlineData("cmaess", "cmaes")]
    [InlineData("IZHIKEVICH2007", "Izhikevich2007")] // case only, however long
    [InlineData("I_ap", "I_app")]
    [InlineData("V", "v")]
    public void AClosePlausibleNameIsSuggested(string typed, string meant) =>
        Assert.Equal(meant, NameHints.Closest(typed, ["max_evals", "rmse", "mse", "cmaes", "Izhikevich2007", "Izhikevich", "I_app", "v", "u"]));

    [Theory]
    [InlineData("sigma")]   // 3 edits or more from every candidate
    [InlineData("ab")]      // short names allow one edit only
    [InlineData("rmse")]    // the name itself is not a suggestion
    public void NothingCloseGivesNoHint(string typed)
    {
        Assert.Null(NameHints.Closest(typed, ["rmse", "max_evals", "tau"]));
        Assert.Equal("", NameHints.DidYouMean(typed, ["rmse", "max_evals", "tau"]));
    }

    [Fact]
    public void TheHintIsAParentheticalQuestion() =>
        Assert.Equal(" (did you mean 'seed'?)", NameHints.DidYouMean("sed", ["seed", "name"]));
}
