using NeuroFit.Models;
using NeuroFit.Results;

namespace NeuroFit.Tests.Results;

public class ModelUnitsTests
{
    [Fact]
    public void TheBuiltInIzhikevichModelGivesParameterAndVariableUnits()
    {
        var units = ModelUnits.Of(BuiltinModels.Izhikevich2007());
        Assert.Equal("pF", units["C"]);
        Assert.Equal("pS/mV", units["k"]);
        Assert.Equal("1/ms", units["a"]);
        Assert.Equal("mV", units["v"]);   // init = v_r
        Assert.Equal("pA", units["u"]);   // u = u + d
        Assert.Equal("pA", units["I_v"]); // I_v = I_app
    }

    [Fact]
    public void TheAdExModelGetsMillivoltsAndNanoamperes()
    {
        var units = ModelUnits.Of(BuiltinModels.TryGet("EIF_cond_exp_isfa_ista")!);
        Assert.Equal("mV", units["v"]);
        Assert.Equal("nA", units["w"]);  // w += b
        Assert.Equal("nS", units["a"]);
        Assert.False(units.ContainsKey("g_exc")); // nothing declares it
    }

    [Fact]
    public void ACommentOnTheDefiningLineWinsAndTheSpikeConditionIsTheLastResort()
    {
        var model = new NeuronModel(
            Parameters: "thr = 1  # threshold (mV)\nbase = 0  # baseline\nlevel = 3 # (AdEx)\nscale = 2 # nS/mV^2",
            Equations: "dx/dt = -x : init = thr   # state (pA)\ndy/dt = -y\nr = pos(y)  # firing rate (Hz)",
            Spike: "y > thr", Reset: "y = 0");
        var units = ModelUnits.Of(model);
        Assert.Equal("pA", units["x"]);   // its own comment, not init's mV
        Assert.Equal("mV", units["y"]);   // from the spike condition
        Assert.Equal("Hz", units["r"]);
        Assert.Equal("nS/mV^2", units["scale"]);
        Assert.False(units.ContainsKey("base"));  // a word is not a unit
        Assert.False(units.ContainsKey("level")); // nor a name in parentheses
    }

    [Theory]
    [InlineData("membrane capacitance (pF)", "pF")]
    [InlineData("mV", "mV")]
    [InlineData("recovery (nS/mV^2)", "nS/mV^2")]
    [InlineData("rate (1/ms).", "1/ms")]
    [InlineData("share (%)", "%")]
    [InlineData("resistance (MΩ)", "MΩ")]
    [InlineData("baseline", null)]
    [InlineData("see (Brette 2005)", null)]
    [InlineData("", null)]
    public void CommentsDeclareAUnitOnlyWhenItLooksLikeOne(string comment, string? unit) =>
        Assert.Equal(unit, ModelUnits.UnitOf(comment));

    [Fact]
    public void LabelsCarryTheUnitWhenThereIsOne()
    {
        var units = new Dictionary<string, string> { ["v"] = "mV" };
        Assert.Equal("v [mV]", ModelUnits.Label("v", units));
        Assert.Equal("r", ModelUnits.Label("r", units));
    }
}
