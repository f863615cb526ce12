using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroFit.Results;

/// <summary>One evaluation in the loss history.</summary>
/// <param name="Evaluation">1-based evaluation number (trial order).</param>
/// <param name="Loss">Loss of this evaluation (null when it failed).</param>
/// <param name="Best">Best loss so far (null before the first success).</param>
/// <param name="Seconds">Seconds since the optimisation started when the evaluation finished.</param>
/// <param name="Failure">Why it failed, or null.</param>
/// <param name="Stage">The stage of a multi-stage method (<c>auto</c>) that made the evaluation, or null. An evaluation
/// of a part of the experiment (auto's growing horizon) has no <paramref name="Loss"/>: its value is not the fit's loss.</param>
public sealed record HistoryEntry(int Evaluation, double? Loss, double? Best, double Seconds, string? Failure = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stage = null);

/// <summary>An optimised parameter: best value, its search range, and whether it ended at a bound.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Value">Best value.</param>
/// <param name="Lower">Lower bound of the search range.</param>
/// <param name="Upper">Upper bound of the search range.</param>
public sealed record FittedParameter(string Name, double Value, double Lower, double Upper)
{
    /// <summary>True when the value lies within 1 % of the range from a bound (the range may be too narrow).</summary>
    [JsonIgnore]
    public bool AtBound => Math.Min(Value - Lower, Upper - Value) <= 0.01 * (Upper - Lower);
}

/// <summary>
/// Everything about a finished fit except the arrays (those go to the NPZ file): written as the human-readable
/// <c>.json</c> results file and read back by <c>neurofit report</c>.
/// </summary>
public sealed record FitSummary
{
    /// <summary>Name of the fit (config or results file name).</summary>
    public required string Name { get; init; }

    /// <summary>Optimisation method.</summary>
    public required string Method { get; init; }

    /// <summary>Seed of every random choice.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Model that was fitted.</summary>
    public required string Model { get; init; }

    /// <summary>Evaluations done.</summary>
    public required int Evaluations { get; init; }

    /// <summary>Evaluations that failed (non-finite loss, diverged simulation, loss exception).</summary>
    public required int Failed { get; init; }

    /// <summary>Wall time of the optimisation in seconds (compile excluded).</summary>
    public required double Seconds { get; init; }

    /// <summary>What ended the search: <c>max_evals</c>, <c>time_limit</c>, <c>converged</c> or <c>interrupted</c> (null in
    /// results written before NeuroFit recorded it).</summary>
    public string? StopReason { get; init; }

    /// <summary>The time limit of the search in seconds, or null without one.</summary>
    public double? TimeLimit { get; init; }

    /// <summary>Optimised parameters with their ranges.</summary>
    public required IReadOnlyList<FittedParameter> Best { get; init; }

    /// <summary>Every entry of the bounds (constants and expressions resolved).</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>Loss of the best evaluation.</summary>
    public required double Loss { get; init; }

    /// <summary>Loss of the re-run of the best parameters (differs from <see cref="Loss"/> for noisy models).</summary>
    public double? RerunLoss { get; init; }

    /// <summary>Loss components of the best parameters (the list the loss function returned).</summary>
    public IReadOnlyList<double> AllLoss { get; init; } = [];

    /// <summary>What each entry of <see cref="AllLoss"/> is (config fits: <c>rmse v, chunk 0, × 10</c>); empty when unknown.</summary>
    public IReadOnlyList<string> LossTerms { get; init; } = [];

    /// <summary>SD of the loss over repeats (numRepLoss &gt; 1), else null.</summary>
    public double? Std { get; init; }

    /// <summary>Loss history, one entry per evaluation; a history longer than <see cref="HistoryThinning.MaxJsonEntries"/>
    /// is thinned (see <see cref="HistoryThinning"/>; the NPZ file's <c>history/*</c> arrays hold every evaluation).</summary>
    public IReadOnlyList<HistoryEntry> History { get; init; } = [];

    /// <summary>Files written beside the JSON (relative names): NPZ, figures, report.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Notes for the user (e.g. a renamed results file).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Why the search ended, in words (every evaluation done, the time limit, interrupted, the optimiser finished
    /// early), or null when unknown; <see cref="StopReason"/> is the same as a name.</summary>
    public string? Stop { get; init; }

    /// <summary>Losses that give <see cref="Loss"/> its scale: the centre of the bounds and random candidates; null when unknown.</summary>
    public ScaleReference? Scale { get; init; }

    /// <summary>Fitted against true parameter values, when they are known (known.json, a target model); else null.</summary>
    public KnownComparison? Known { get; init; }

    /// <summary>Units of the model's parameters and variables, as its comments declare them (see <see cref="ModelUnits"/>).</summary>
    public IReadOnlyDictionary<string, string> Units { get; init; } = new Dictionary<string, string>();

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Serialises to indented JSON (snake_case keys; non-finite numbers as "NaN"/"Infinity" strings).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a summary written by <see cref="ToJson"/>.</summary>
    public static FitSummary FromJson(string json) =>
        JsonSerializer.Deserialize<FitSummary>(json, Options) ?? throw new JsonException("empty results file");
}
