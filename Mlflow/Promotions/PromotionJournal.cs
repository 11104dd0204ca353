namespace Bandit.Mlflow.Promotions;

/// <summary>
/// The audit trail of alias moves, kept in MLflow itself: one finished run per move in the experiment
/// <see cref="ExperimentName"/> (created when missing), params <c>model, alias, from_version, to_version, who, reason,
/// source</c> and, as metrics, each arm's figures at that moment (<c>&lt;arm&gt;.pulls</c>, <c>.rewards</c>, <c>.ctr</c>,
/// <c>.p_best</c>). Only stock REST calls (experiments/get-by-name, experiments/create, runs/create, runs/log-batch,
/// runs/update, runs/search), so the bundled registry and a real MLflow keep the same trail.
/// </summary>
public sealed class PromotionJournal(MlflowClient client)
{
    public const string ExperimentName = "promotions";

    /// <summary>MLflow 1.x capped a param value at 500 characters (2.x at 6000): a longer reason is cut there.</summary>
    public const int MaxReasonLength = 500;

    private const string NoVersion = "none";
    private const double Undefined = -1;
    private static readonly string[] _suffixes = ["pulls", "rewards", "ctr", "p_best"];
    private string? _experimentId;

    /// <summary>Writes <paramref name="record"/> as a finished run; returns the run id.</summary>
    public async Task<string> RecordAsync(PromotionRecord record, CancellationToken cancellationToken = default)
    {
        var experimentId = _experimentId ??= await client.GetOrCreateExperimentAsync(ExperimentName, cancellationToken).ConfigureAwait(false);
        var run = await client.CreateRunAsync(experimentId, $"{record.Model}@{record.Alias} {record.FromVersion ?? NoVersion} -> {record.ToVersion}",
            [new RunTag("mlflow.user", record.Who), new RunTag("bandit.source", record.Source)], cancellationToken).ConfigureAwait(false);
        var at = record.At.ToUnixTimeMilliseconds();
        var reason = string.IsNullOrEmpty(record.Reason) ? "-" : record.Reason.Length > MaxReasonLength ? record.Reason[..MaxReasonLength] : record.Reason;
        Param[] @params =
        [
            new("model", record.Model), new("alias", record.Alias), new("from_version", record.FromVersion ?? NoVersion),
            new("to_version", record.ToVersion), new("who", record.Who), new("reason", reason), new("source", record.Source),
        ];
        var metrics = record.Figures.SelectMany(f => new[]
        {
            new Metric($"{Key(f.Arm)}.pulls", f.Pulls, at), new Metric($"{Key(f.Arm)}.rewards", f.Rewards, at),
            new Metric($"{Key(f.Arm)}.ctr", Finite(f.Ctr), at), new Metric($"{Key(f.Arm)}.p_best", Finite(f.PBest), at),
        });
        await client.LogBatchAsync(run.Info.RunId, metrics, @params, cancellationToken: cancellationToken).ConfigureAwait(false);
        await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, cancellationToken: cancellationToken).ConfigureAwait(false);
        return run.Info.RunId;
    }

    /// <summary>The newest <paramref name="max"/> moves (of <paramref name="model"/> when given), newest first; empty
    /// when the experiment does not exist yet.</summary>
    public async Task<IReadOnlyList<PromotionRecord>> ListAsync(string? model = null, int max = 100, CancellationToken cancellationToken = default)
    {
        var experiment = await client.GetExperimentByNameAsync(ExperimentName, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return [];
        }

        // A quote cannot be escaped in MLflow's filter grammar: such a model name is filtered here instead.
        var filter = model is null || model.Contains('\'', StringComparison.Ordinal) ? null : $"params.model = '{model}'";
        var page = await client.SearchRunsAsync([experiment.ExperimentId], filter, max, ["attributes.start_time DESC"], cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. page.Runs.Select(Read).Where(r => model is null || r.Model == model)];
    }

    private static PromotionRecord Read(Run run)
    {
        var p = run.Data.Params.ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);
        var arms = run.Data.Metrics
            .Select(m => (Metric: m, Suffix: _suffixes.FirstOrDefault(s => m.Key.EndsWith("." + s, StringComparison.Ordinal))))
            .Where(x => x.Suffix is not null)
            .GroupBy(x => x.Metric.Key[..^(x.Suffix!.Length + 1)], StringComparer.Ordinal)
            .Select(g =>
            {
                double Value(string suffix) => g.FirstOrDefault(x => x.Suffix == suffix).Metric?.Value is { } v && v != Undefined ? v : double.NaN;
                return new ArmFigures(g.Key, (long)Value("pulls"), Value("rewards"), Value("ctr"), Value("p_best"));
            })
            .OrderBy(f => f.Arm, StringComparer.Ordinal)
            .ToArray();
        var from = p.GetValueOrDefault("from_version");
        var reason = p.GetValueOrDefault("reason");
        return new PromotionRecord(p.GetValueOrDefault("model") ?? "?", p.GetValueOrDefault("alias") ?? "?", from is null or NoVersion ? null : from,
            p.GetValueOrDefault("to_version") ?? "?", p.GetValueOrDefault("who") ?? "?", reason is null or "-" ? null : reason,
            p.GetValueOrDefault("source") ?? "?", DateTimeOffset.FromUnixTimeMilliseconds(run.Info.StartTime ?? 0), arms)
        { RunId = run.Info.RunId };
    }

    /// <summary>MLflow metric keys take letters, digits, <c>_ - . / space</c>; anything else in an arm name (the dot too, which
    /// separates the arm from the figure) becomes <c>_</c>.</summary>
    private static string Key(string arm) => new([.. arm.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ' ' or '/' ? c : '_')]);

    /// <summary>JSON cannot carry NaN: an undefined figure (a CTR before any reward) is logged as -1, a value no real
    /// CTR or probability takes, and read back as NaN.</summary>
    private static double Finite(double value) => double.IsFinite(value) ? value : Undefined;
}
