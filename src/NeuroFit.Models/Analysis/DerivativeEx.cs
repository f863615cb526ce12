namespace NeuroFit.Models.Analysis;

/// <summary>
/// The symbol <c>dX/dt</c> while an ODE is being solved for its derivative. Internal to the front end: it never
/// appears in an <see cref="AnalysedModel"/>.
/// </summary>
internal sealed record DerivativeEx(int Variable) : Ex(ValueType.Float);
