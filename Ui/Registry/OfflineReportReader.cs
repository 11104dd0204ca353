using Bandit.Contracts;
using Bandit.Mlflow;
using Bandit.Ui.Extensions;
using Bandit.Ui.Upstream;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Registry;

/// <summary>
/// Builds the offline report from MLflow, following the live aliases: the metrics are those of the runs behind
/// <c>PolicyA</c>/<c>PolicyB</c> now; the plots, segments, bootstrap and verdict (<c>bandit.verdict</c>) come from the
/// Trainer's comparison of exactly those runs when there is one, else from its newest comparison, and the page says
/// which versions that one compared. Whatever is missing becomes a note ("not available yet"), not an error; only
/// MLflow being unreachable is an error.
/// </summary>
public sealed class OfflineReportReader(MlflowClient mlflow, IOptions<UiOptions> options)
{
    private readonly UiOptions _options = options.Value;

    public async Task<OfflineReport> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await BuildAsync(cancellationToken);
        }
        catch (Exception e) when (e is not UpstreamException && UpstreamErrors.IsCallFailure(e))
        {
            throw UpstreamErrors.Describe(UpstreamErrors.Mlflow, mlflow.TrackingUri, e);
        }
    }

    private async Task<OfflineReport> BuildAsync(CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var aliases = _options.PolicyAliases.Take(2).ToList();
        var policies = new List<PolicyRun?>();
        foreach (var alias in aliases)
        {
            policies.Add(await PolicyByAliasAsync(alias, notes, cancellationToken));
        }

        var a = policies.ElementAtOrDefault(0);
        var b = policies.ElementAtOrDefault(1);
        if (a is not null && b is not null && a.Version == b.Version)
        {
            notes.Add($"{a.Alias} and {b.Alias} both point at version {a.Version}: the live experiment is an A/A test, and A and B below are the same run.");
        }

        var liveRuns = policies.Select(p => p?.Run).ToList();
        var comparison = await ComparisonRunFinder.FindAsync(mlflow, liveRuns, aliases, cancellationToken);
        var (metricsA, metricsB) = (a?.Run?.Data.Metrics ?? [], b?.Run?.Data.Metrics ?? []);
        var registered = (comparison ?? a?.Run ?? b?.Run)?.Data.Tags.FirstOrDefault(t => t.Key == RegistryTags.Split)?.Value;
        var cv = ReportTables.CrossValidation(metricsA, metricsB, comparison?.Data.Metrics ?? []);
        var other = ReportTables.Other(metricsA, metricsB);
        if (comparison is null)
        {
            notes.Add("No comparison run from the Trainer yet: plots, segments with row counts, the bootstrap verdict and report.md are not available yet.");
            return new OfflineReport(a, b, ReportSplits.Build(metricsA, metricsB, [], [], Empty, registered, aliases[0], aliases.ElementAtOrDefault(1) ?? ""),
                registered, cv, other, null, false, (null, null), [], [.. ReportPlots.Global.Select(p => new ReportPlot(p.FileName, p.Caption, null))], null, null, notes);
        }

        var isLive = ComparisonRunFinder.Compares(comparison, liveRuns, aliases);
        var compared = (Tag(comparison, aliases[0]), aliases.Count > 1 ? Tag(comparison, aliases[1]) : null);
        if (!isLive)
        {
            notes.Add($"The aliases point at version {a?.Version ?? "–"} ({aliases[0]}) and {b?.Version ?? "–"} ({aliases.ElementAtOrDefault(1)}), but the Trainer's newest comparison ("
                + $"{comparison.Info.RunName ?? comparison.Info.RunId}) compared version {compared.Item1 ?? "?"} with version {compared.Item2 ?? "?"}: the metrics tables are the live versions', "
                + "the plots, segments, bootstrap and verdict are that comparison's.");
        }

        var files = await ArtifactsAsync(comparison, cancellationToken);
        string? report = null;
        if (files.FirstOrDefault(f => Name(f) == ReportPlots.ReportFile) is { } reportPath && comparison.Info.ArtifactUri is { } uri)
        {
            report = System.Text.Encoding.UTF8.GetString(await mlflow.DownloadArtifactAsync(uri, reportPath, cancellationToken));
        }
        else
        {
            notes.Add($"{ReportPlots.ReportFile} is not available yet in the comparison run.");
        }

        var splits = ReportSplits.Build(metricsA, metricsB, comparison.Data.Metrics, files, report is null ? Empty : ReportMarkdown.Segments(report),
            registered, aliases[0], aliases.ElementAtOrDefault(1) ?? "");
        var global = ReportPlots.Global.Select(p => new ReportPlot(p.FileName, p.Caption, files.FirstOrDefault(f => Name(f) == p.FileName)))
            .Concat(files.Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && f.Count(c => c == '/') <= 1
                && ReportPlots.Global.Concat(ReportPlots.PerSplit).All(p => p.FileName != Name(f))).Select(f => new ReportPlot(Name(f), Name(f), f)))
            .ToList();
        var missing = splits.SelectMany(s => s.Plots.Where(p => p.Path is null).Select(p => $"{s.Name}/{p.FileName}")).Concat(global.Where(p => p.Path is null).Select(p => p.FileName)).ToList();
        if (missing.Count > 0)
        {
            notes.Add($"Not available yet in run {comparison.Info.RunName ?? comparison.Info.RunId}: {string.Join(", ", missing)}.");
        }

        return new OfflineReport(a, b, splits, registered, cv, other, comparison, isLive, compared, ReportTables.ComparisonRest(comparison.Data.Metrics),
            global, Verdict(comparison, report), report is null ? null : ReportMarkdown.Render(report), notes);
    }

    private static readonly IReadOnlyDictionary<string, (IReadOnlyList<string> Scorers, IReadOnlyList<SegmentFacts> Rows)> Empty =
        new Dictionary<string, (IReadOnlyList<string>, IReadOnlyList<SegmentFacts>)>();

    /// <summary>The version the comparison names for <paramref name="alias"/> (tag <c>bandit.policy_a.version</c>).</summary>
    private static string? Tag(Run comparison, string alias) =>
        comparison.Data.Tags.FirstOrDefault(t => t.Key == $"bandit.{ReportTables.ScorerKey(alias)}.version")?.Value;

    private async Task<PolicyRun?> PolicyByAliasAsync(string alias, List<string> notes, CancellationToken cancellationToken)
    {
        var version = await mlflow.TryGetModelVersionByAliasAsync(_options.ModelName, alias, cancellationToken);
        if (version is null)
        {
            notes.Add($"No version of {_options.ModelName} has the alias {alias} yet: run the Trainer (with --promote).");
            return null;
        }

        var run = await TryRunAsync(version.RunId, cancellationToken);
        if (run is null)
        {
            notes.Add($"{_options.ModelName} version {version.Version} ({alias}) has no readable run, so no offline metrics.");
        }

        return new PolicyRun(alias, version.Version, run);
    }

    private async Task<Run?> TryRunAsync(string? runId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(runId))
        {
            return null;
        }

        try
        {
            return await mlflow.GetRunAsync(runId, cancellationToken);
        }
        catch (MlflowException e) when (e.IsNotFound || e.IsInvalidParameter)
        {
            return null;
        }
    }

    /// <summary>The comparison run's files, two folders deep (paths relative to its artifact root).</summary>
    private async Task<IReadOnlyList<string>> ArtifactsAsync(Run run, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        if (run.Info.ArtifactUri is not { } uri)
        {
            return files;
        }

        var pending = new Queue<(string? Path, int Depth)>([(null, 0)]);
        while (pending.TryDequeue(out var folder))
        {
            foreach (var entry in await mlflow.ListArtifactsAsync(uri, folder.Path, cancellationToken))
            {
                if (!entry.IsDir)
                {
                    files.Add(entry.Path);
                }
                else if (folder.Depth < 2 && !entry.Path.EndsWith("model", StringComparison.Ordinal))
                {
                    pending.Enqueue((entry.Path, folder.Depth + 1));
                }
            }
        }

        return files;
    }

    /// <summary>The <c>bandit.verdict</c> tag (or any tag naming a verdict), else the first line of report.md that mentions it.</summary>
    internal static string? Verdict(Run comparison, string? report)
    {
        var tag = comparison.Data.Tags.FirstOrDefault(t => t.Key.Contains("verdict", StringComparison.OrdinalIgnoreCase))?.Value;
        if (!string.IsNullOrWhiteSpace(tag))
        {
            return tag.Trim();
        }

        var line = report?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("verdict", StringComparison.OrdinalIgnoreCase));
        return line?.TrimStart('#', '>', '-', '*', ' ').Replace("**", "", StringComparison.Ordinal).Trim();
    }

    private static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];
}
