using NeuroFit.Models.Analysis;
using NeuroFit.Simulation.Numerics;

namespace NeuroFit.Simulation.Reference;

/// <summary>
/// Evaluates <c>init=</c> expressions: constants, parameters (their initial values), expressions of them, and
/// random distributions drawn once per neuron from the neuron's own stream at <see cref="Rng.InitStep"/>.
/// </summary>
internal static class InitialValues
{
    /// <summary>Initial value of variable <paramref name="variable"/> for one neuron (or the population, for a global).</summary>
    public static double Evaluate(AnalysedModel model, int variable, Func<int, double> parameter, double dt, ulong seed, ulong key)
    {
        var info = model.Variables[variable];
        var scope = new InitScope(model, parameter, dt, seed, key);
        return ScalarEvaluator.Convert(ScalarEvaluator.Eval(info.Init, scope), info.Type);
    }

    private sealed class InitScope(AnalysedModel model, Func<int, double> parameter, double dt, ulong seed, ulong key) : IScalarScope
    {
        public double Variable(int index) => throw new SimulationException(
            $"model '{model.Name}': the initial value of a variable cannot read variable '{model.Variables[index].Name}'");
        public double Parameter(int index) => parameter(index);
        public double Temp(int slot) => throw new InvalidOperationException("temporaries do not exist at initialisation");
        public double Builtin(BuiltinSymbol symbol) => symbol switch
        {
            BuiltinSymbol.Dt => dt,
            BuiltinSymbol.Time => 0.0,
            _ => -10000.0 * dt,
        };
        public double Input(int index) => 0.0;
        public double Random(RandomEx random) =>
            ScalarEvaluator.Draw(random, Rng.StreamBase(seed, key, random.Stream), Rng.InitStep, this);
        public double GlobalOp(GlobalOpEx op) => 0.0;
    }
}
