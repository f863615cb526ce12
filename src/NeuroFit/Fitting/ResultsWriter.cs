using NeuroFit.Figures;
using NeuroFit.Results;
using NeuroFit.Simulation.Experiments;
using NeuroFit.Simulation.IO;

namespace NeuroFit.Fitting;

/// <summary>
/// Writes a finished fit: <c>NAME.json</c> (everything but arrays), <c>NAME.npz</c> (recordings of the best re-run under
/// <c>best/</c>, of the target under <c>target/</c>, posterior samples under <c>posterior_samples</c>), and SVG + PNG figures
/// (loss history; every recorded variable of best vs target per chunk).
/// </summary>
internal static class ResultsWriter
{
    /// <summary>
    /// Target data given as a list of traces (the wiki's <c>results_soll[0]</c>, <c>results_soll[1]</c>): one
    /// <c>target/data</c> [row, sample] array when all rows have the same length (numpy's <c>np.array(list)</c>),
    /// else one <c>target/data/&lt;i&gt;</c> vector per row.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, NpyArray>> TargetRows(IReadOnlyList<double[]> rows)
    {
        if (rows.Any(r => r is null)) yield break;
        if (rows.Count > 0 && rows.All(r => r.Length == rows[0].Length))
        {
            var matrix = new double[rows.Count, rows[0].Length];
            for (var i = 0; i < rows.Count; i++)
                for (var j = 0; j < rows[i].Length; j++) matrix[i, j] = rows[i][j];
            yield return new("target/data", NpyArray.FromMatrix(matrix));
            yield break;
        }
        for (var i = 0; i < rows.Count; i++) yield return new($"target/data/{i}", NpyArray.FromVector(rows[i]));
    }

    public static OptNeuronResult Write(OptNeuronResult result, ParameterPlan plan, string directory, string name, string sbiPlotFile, string modelName)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        string Path_(string file) => Path.Combine(directory, file);

        var arrays = new List<KeyValuePair<string, NpyArray>>(RecordingsFile.ToArrays(result.Results.Recordings, "best/"));
        switch (result.ResultsSoll)
        {
            case ExperimentResults target: arrays.AddRange(RecordingsFile.ToArrays(target.Recordings, "target/")); break;
            case double[] vector: arrays.Add(new("target/data", NpyArray.FromVector(vector))); break;
            case double[,] matrix: arrays.Add(new("target/data", NpyArray.FromMatrix(matrix))); break;
            case IReadOnlyList<double[]> rows: arrays.AddRange(TargetRows(rows)); break;
        }
        if (result.PosteriorSamples is { } samples) arrays.Add(new("posterior_samples", NpyArray.FromMatrix(samples)));
        // every evaluation (results.json keeps a thinned history): loss (NaN when failed or not of the whole experiment),
        // best so far, seconds
        arrays.Add(new("history/loss", NpyArray.FromVector([.. result.History.Select(h => h.Loss ?? double.NaN)])));
        arrays.Add(new("history/best", NpyArray.FromVector([.. result.History.Select(h => h.Best ?? double.NaN)])));
        arrays.Add(new("history/seconds", NpyArray.FromVector([.. result.History.Select(h => h.Seconds)])));
        Npz.Write(Path_($"{name}.npz"), arrays);
        files.Add($"{name}.npz");

        var (evaluations, losses, bestSoFar, seconds) = HistoryThinning.FigurePoints(result.History);
        var references = References(result.Scale);
        foreach (var suffix in FigureFormats.Suffixes)
        {
            LossHistoryFigure.Save(Path_($"{name}_loss_history{suffix}"), evaluations, losses, bestSoFar, references);
            files.Add($"{name}_loss_history{suffix}");
            ConvergenceFigure.Save(Path_($"{name}_convergence{suffix}"), seconds, bestSoFar, references);
            files.Add($"{name}_convergence{suffix}");
        }
        files.AddRange(TraceFigures(result, directory, name));
        if (result.PosteriorSamples is { } posterior)
        {
            // Relative plot names go beside the results (CompNeuroPy wrote them to the working directory).
            var plotPath = Path.IsPathRooted(sbiPlotFile) ? sbiPlotFile : Path_(sbiPlotFile);
            PairPlot.Save(plotPath, posterior, plan.Optimised, [.. plan.Ranges.Select(r => r.Lower)], [.. plan.Ranges.Select(r => r.Upper)],
                new PairPlotOptions { Marker = [.. plan.Optimised.Select(n => result.Best[n])] });
            files.Add(sbiPlotFile);
        }

        var summary = new FitSummary
        {
            Name = name,
            Method = result.Method,
            Seed = unchecked((ulong)result.Seed),
            Model = modelName,
            Evaluations = result.Evaluations,
            Failed = result.Failed,
            Seconds = result.Seconds,
            StopReason = result.StopReason.ToName(),
            TimeLimit = result.TimeLimit?.TotalSeconds,
            Best = plan.Optimised.Select((n, i) => new FittedParameter(n, result.Best[n], plan.Ranges[i].Lower, plan.Ranges[i].Upper)).ToList(),
            Parameters = result.Parameters,
            Loss = result.Loss,
            RerunLoss = result.RerunLoss,
            AllLoss = result.AllLoss,
            Std = result.Std,
            History = HistoryThinning.Thin(result.History),
            Files = files,
            Notes = result.Notes,
            Stop = StopWords(result),
            Scale = result.Scale,
            Known = result.Known,
            Units = result.Units,
        };
        File.WriteAllText(Path_($"{name}.json"), summary.ToJson());
        files.Insert(0, $"{name}.json");
        return result with { Files = files.Select(Path_).ToList() };
    }

    /// <summary>Why the search ended, in words.</summary>
    internal static string StopWords(OptNeuronResult result) =>
        result.StopReason == Fitting.StopReason.TimeLimit && result.TimeLimit is { } limit
            ? $"the time limit ({FitBudget.Seconds(limit)}) after {result.Evaluations} evaluations"
        : result.Interrupted ? $"interrupted after {result.Evaluations} evaluations (Ctrl-C); the results are the best of those"
        : result.Notes.FirstOrDefault(n => n.StartsWith("the optimiser stopped early", StringComparison.Ordinal))
          ?? $"the evaluation budget was used ({result.Evaluations} evaluations)";

    /// <summary>The scale references as dashed lines of the loss figures.</summary>
    internal static List<LossReference> References(ScaleReference? scale)
    {
        if (scale is null) return [];
        var lines = new List<LossReference> { new("centre of the bounds", scale.CentreLoss, CentreColor) };
        if (scale.TrueLoss is { } truth) lines.Add(new("true parameters", truth, TrueColor));
        if (scale.RandomMedian is { } median) lines.Add(new($"random: median of {scale.RandomCount}", median, RandomMedianColor));
        if (scale.RandomBest is { } best) lines.Add(new($"random: best of {scale.RandomCount}", best, RandomBestColor));
        return lines;
    }

    internal const string CentreColor = "#D62728";
    internal const string TrueColor = "#7B3FA0";
    internal const string RandomMedianColor = "#FF7F0E";
    internal const string RandomBestColor = "#2CA02C";

    /// <summary>The spikes of the best re-run against the target's (data or target model) in one chunk: two rows of ticks.</summary>
    private static IEnumerable<string> SpikeFigures(OptNeuronResult result, int c, RecordingChunk chunk, SpikeTrains best, ExperimentResults? target,
        string directory, string name)
    {
        var dt = chunk.Dt;
        var rows = new List<SpikeRow>();
        var targetSpikes = target is not null && c < target.Recordings.Count
            ? target.Recordings[c].Values.OfType<SpikeTrains>().FirstOrDefault(s => s.Count > 0)
            : null;
        if (targetSpikes is not null) rows.Add(new SpikeRow("target", [.. targetSpikes[0].Select(s => s * dt)], TargetColor));
        rows.Add(new SpikeRow("best", [.. best[0].Select(s => s * dt)], BestColor));
        if (rows.All(r => r.TimesMs.Count == 0)) yield break; // nothing to see
        var duration = 0.0;
        try { if (result.Results.RecordingTimes is { } times) duration = times.TimeLims(c).Stop + dt; }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or InvalidOperationException) { }
        foreach (var suffix in FigureFormats.Suffixes)
        {
            var file = $"{name}_chunk{c}_spike{suffix}";
            SpikeRasterFigure.Save(Path.Combine(directory, file), $"spikes, chunk {c}", rows, duration);
            yield return file;
        }
    }

    /// <summary>Colour of the best candidate's trace and spikes.</summary>
    internal const string BestColor = "#1F77B4";

    /// <summary>Colour of target traces: dark grey, drawn first so that the fitted trace stays visible on noisy data.</summary>
    internal const string TargetColor = "#4D4D4D";

    /// <summary>The lines of one trace figure: the target (if any) underneath, the best candidate on top.</summary>
    internal static List<LineSeries> TraceSeries(double[] x, double[] best, (double[] X, double[] Y)? target)
    {
        var series = new List<LineSeries>();
        if (target is { } t) series.Add(new LineSeries("target", t.X, t.Y, Color: TargetColor, Width: 1f));
        series.Add(new LineSeries("best", x, best, Color: BestColor, Width: 1.5f));
        return series;
    }

    private static IEnumerable<string> TraceFigures(OptNeuronResult result, string directory, string name)
    {
        var target = result.ResultsSoll as ExperimentResults;
        for (var c = 0; c < result.Results.Recordings.Count; c++)
        {
            var chunk = result.Results.Recordings[c];
            foreach (var (key, value) in chunk)
            {
                if (value is SpikeTrains spikes && spikes.Count > 0)
                {
                    foreach (var file in SpikeFigures(result, c, chunk, spikes, target, directory, name)) yield return file;
                    continue;
                }
                if (value is not TraceMatrix trace) continue;
                var variable = key[(key.IndexOf(';') + 1)..];
                var period = chunk.Period(key[..key.IndexOf(';')]);
                var x = Enumerable.Range(0, trace.TimeSteps).Select(i => i * period).ToArray();
                TraceMatrix? targetTrace = null;
                if (target is not null && c < target.Recordings.Count)
                {
                    var match = target.Recordings[c].FirstOrDefault(e => e.Value is TraceMatrix && e.Key.EndsWith($";{variable}", StringComparison.Ordinal));
                    targetTrace = match.Value as TraceMatrix;
                }
                var series = TraceSeries(x, trace.Neuron(0).ToArray(), targetTrace is { } t
                    ? (Enumerable.Range(0, t.TimeSteps).Select(i => i * period).ToArray(), t.Neuron(0).ToArray())
                    : null);
                foreach (var suffix in FigureFormats.Suffixes)
                {
                    var file = $"{name}_chunk{c}_{variable}{suffix}";
                    LineFigure.Save(Path.Combine(directory, file), $"{variable}, chunk {c}", "time [ms]", ModelUnits.Label(variable, result.Units), series);
                    yield return file;
                }
            }
        }
    }
}
