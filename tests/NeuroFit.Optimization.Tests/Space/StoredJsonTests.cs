using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NeuroFit.Optimization.Samplers;
using NeuroFit.Optimization.Space;

namespace NeuroFit.Optimization.Tests.Space;

/// <summary>The JSON stored with a study must not change between versions (a resume compares it as text).</summary>
public class StoredJsonTests
{
    // written by the previous implementation (System.Text.Json's JsonObject.ToJsonString), captured before the change
    private const string SpaceJson =
        """[{"name":"a","kind":"uniform","low":-10,"high":10.5},{"name":"q","kind":"quniform","low":0,"high":1E-07,"q":1E-09},{"name":"lu","kind":"loguniform","low":-3,"high":2},{"name":"qlu","kind":"qloguniform","low":0,"high":3,"q":0.5},{"name":"n","kind":"normal","mu":1.5,"sigma":0.1},{"name":"qn","kind":"qnormal","mu":-2,"sigma":3,"q":1},{"name":"ln","kind":"lognormal","mu":0,"sigma":10000000000},{"name":"qln","kind":"qlognormal","mu":0.1,"sigma":2,"q":0.25},{"name":"ri","kind":"randint","low":-3,"high":7},{"name":"ui","kind":"quniform","low":1,"high":5,"q":1},{"name":"c","kind":"choice","options":["x",1,2.5,true,null,"a\u002Bb\u003Cc\u003E\u0026\u0027\u0022\\ \u00E9\n"]},{"name":"weird name \u00E9\u002B","kind":"uniform","low":0,"high":1}]""";

    private static readonly (SamplerSettings Settings, string Json)[] Samplers =
    [
        (new RandomSettings { Seed = 3 }, """{"method":"random","seed":3}"""),
        (new SobolSettings { Seed = -4, Scramble = false }, """{"method":"sobol","seed":-4,"scramble":false}"""),
        (TpeSettings.Hyperopt(0), """{"method":"tpe","seed":0,"profile":"hyperopt","ei_candidates":24,"prior_weight":1,"forgetting":25,"multivariate":false}"""),
        (TpeSettings.Optuna(long.MaxValue, true), """{"method":"tpe","seed":9223372036854775807,"profile":"optuna","ei_candidates":24,"prior_weight":1,"forgetting":25,"multivariate":true}"""),
        (new TpeSettings { Seed = 5, Profile = TpeProfile.Optuna, Multivariate = true, StartupTrials = 7, Gamma = 0.2 },
            """{"method":"tpe","seed":5,"profile":"optuna","startup_trials":7,"ei_candidates":24,"prior_weight":1,"forgetting":25,"gamma":0.2,"multivariate":true}"""),
        (new CmaEsSettings { Seed = 6, Sigma0 = 0.1, PopulationSize = 12, InitialMean = new Dictionary<string, double> { ["x0"] = 1, ["y é"] = -2.5e-300 } },
            """{"method":"cmaes","seed":6,"sigma0":0.1,"initial_mean":{"x0":1,"y \u00E9":-2.5E-300},"random_initial_mean":false,"population_size":12,"max_resampling":100,"stop_on_convergence":true}"""),
        (new CmaEsSettings { Seed = 1, RandomInitialMean = true, StopOnConvergence = false },
            """{"method":"cmaes","seed":1,"sigma0":0.25,"random_initial_mean":true,"max_resampling":100,"stop_on_convergence":false}"""),
    ];

    [Fact]
    public void SearchSpaceAndSamplerJsonAreUnchanged()
    {
        var space = new SearchSpace(Hp.Uniform("a", -10, 10.5), Hp.QUniform("q", 0, 1e-7, 1e-9), Hp.LogUniform("lu", -3, 2), Hp.QLogUniform("qlu", 0, 3, 0.5),
            Hp.Normal("n", 1.5, 0.1), Hp.QNormal("qn", -2, 3, 1), Hp.LogNormal("ln", 0, 1e10), Hp.QLogNormal("qln", 0.1, 2, 0.25), Hp.RandInt("ri", -3, 7),
            Hp.UniformInt("ui", 1, 5), Hp.Choice("c", "x", 1L, 2.5, true, null, "a+b<c>&'\"\\ é\n"), Hp.Uniform("weird name é+", 0, 1));
        Assert.Equal(SpaceJson, space.ToJson());
        Assert.Equal(SpaceJson, SearchSpace.FromJson(SpaceJson).ToJson());
        foreach (var (settings, json) in Samplers)
        {
            Assert.Equal(json, settings.ToJson());
            Assert.Equal(json, SamplerSettings.FromJson(json).ToJson());
        }
    }

    [Property(MaxTest = 2000)]
    public Property DoublesAreWrittenAsSystemTextJsonWritesThem() =>
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), bits =>
        {
            var d = BitConverter.Int64BitsToDouble(bits);
            if (!double.IsFinite(d)) return true;
            return new JsonText().Value(d).ToString() == JsonValue.Create(d).ToJsonString()
                   && new JsonText().Value(d * 1e-3).ToString() == JsonValue.Create(d * 1e-3).ToJsonString();
        });

    [Property(MaxTest = 500)]
    public Property StringsAreWrittenAsSystemTextJsonWritesThem() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), s =>
            s is null || new JsonText().Value(s).ToString() == JsonValue.Create(s).ToJsonString());

    [Fact]
    public void EveryAsciiCharacterIsWrittenAsSystemTextJsonWritesIt()
    {
        for (var c = (char)0; c < 128; c++)
        {
            var s = $"a{c}b";
            Assert.Equal(JsonValue.Create(s).ToJsonString(), new JsonText().Value(s).ToString());
            Assert.Equal(JsonValue.Create(s).ToJsonString() == $"\"{s}\"", JsonText.IsVerbatim(c));
        }
    }
}
