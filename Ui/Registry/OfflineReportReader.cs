using Bandit.Mlflow;
using Bandit.Ui.Extensions;
using Bandit.Ui.Upstream;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Registry;

/// <summary>
/// Builds the offline report from MLflow. The Trainer's newest comparison run (tag <c>bandit.role = comparison</c>, next to
/// the runs behind the <c>PolicyA</c>/<c>PolicyB</c> aliases) names the two policy runs it compared
/// (<c>bandit.policy_a.run_id</c>, ...), holds the plots, <c>report.md</c> and the bootstrap verdict
/// (<c>bandit.verdict</c>). Without one, the runs behind the aliases are compared. Whatever is missing becomes a
/// note ("not available yet"), not an error; only MLflow being unreachable is an error.
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
        var aliases = _options.PolicyAliases;
        var policies = new List<PolicyRun?>();
        foreach (var alias in aliases.Take(2))
        {
            policies.Add(await PolicyByAliasAsync(alias, notes, cancellationToken));
        }

        var comparison = await ComparisonRunFinder.FindAsync(mlflow, [.. policies.Select(p => p?.Run)], cancellationToken);
        if (comparison is not null)
        {
            // The report compares the runs the Trainer compared, whatever the aliases point at since.
            for (var i = 0; i < policies.Count; i++)
            {
                policies[i] = await PolicyFromComparisonAsync(comparison, aliases[i], cancellationToken) ?? policies[i];
            }
        }
        else if (policies is [{ } pa, { } pb] && pa.Version == pb.Version)
        {
            notes.Add($"{pa.Alias} and {pb.Alias} both point at version {pa.Version}, so A and B below are the same run.");
        }

        var a = policies.ElementAtOrDefault(0);
        var b = policies.ElementAtOrDefault(1);
        var split = (a?.Run ?? b?.Run)?.Data.Tags.FirstOrDefault(t => t.Key == "bandit.split")?.Value;
        var tables = ReportTables.Build(a?.Run?.Data.Metrics ?? [], b?.Run?.Data.Metrics ?? [], comparison?.Data.Metrics ?? [], split);
        if (comparison is null)
        {
            notes.Add("No comparison run from the Trainer yet: plots, the bootstrap verdict and report.md are not available yet.");
            return new OfflineReport(a, b, tables.Headline, tables.Segments, tables.Cv, [], tables.Other, null, [],
                [.. ReportPlots.Expected.Select(p => new ReportPlot(p.FileName, p.Caption, null))], null, null, notes);
        }

        var files = await ArtifactsAsync(comparison, cancellationToken);
        var plots = ReportPlots.Expected
            .Select(p => new ReportPlot(p.FileName, p.Caption, files.FirstOrDefault(f => Name(f) == p.FileName)))
            .Concat(files.Where(f => f.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && ReportPlots.Expected.All(p => p.FileName != Name(f)))
                .Select(f => new ReportPlot(Name(f), Name(f), f)))
            .ToList();
        if (plots.Any(p => p.Path is null))
        {
            notes.Add($"Not available yet in run {comparison.Info.RunName ?? comparison.Info.RunId}: {string.Join(", ", plots.Where(p => p.Path is null).Select(p => p.FileName))}.");
        }

        string? report = null;
        if (files.FirstOrDefault(f => Name(f) == ReportPlots.ReportFile) is { } reportPath && comparison.Info.ArtifactUri is { } uri)
        {
            report = System.Text.Encoding.UTF8.GetString(await mlflow.DownloadArtifactAsync(uri, reportPath, cancellationToken));
        }
        else
        {
            notes.Add($"{ReportPlots.ReportFile} is not available yet in the comparison run.");
        }

        return new OfflineReport(a, b, tables.Headline, tables.Segments, tables.Cv, tables.Bootstrap, tables.Other, comparison,
            tables.ComparisonRest, plots, Verdict(comparison, report), report, notes);
    }

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

    /// <summary>The policy run the comparison names for <paramref name="policy"/> (tags <c>bandit.policy_a.run_id</c>/<c>.version</c>).</summary>
    private async Task<PolicyRun?> PolicyFromComparisonAsync(Run comparison, string policy, CancellationToken cancellationToken)
    {
        var key = "bandit." + ReportTables.ScorerKey(policy);
        var runId = comparison.Data.Tags.FirstOrDefault(t => t.Key == key + ".run_id")?.Value;
        var version = comparison.Data.Tags.FirstOrDefault(t => t.Key == key + ".version")?.Value;
        var run = await TryRunAsync(runId, cancellationToken);
        return run is null ? null : new PolicyRun(policy, version ?? "?", run);
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
