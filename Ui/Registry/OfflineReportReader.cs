using Bandit.Mlflow;
using Bandit.Ui.Extensions;
using Bandit.Ui.Upstream;
using Microsoft.Extensions.Options;

namespace Bandit.Ui.Registry;

/// <summary>
/// Builds the offline report from MLflow: the runs behind the <c>PolicyA</c> and <c>PolicyB</c> versions (metrics A vs B)
/// and the Trainer's comparison run (plots, <c>report.md</c> with the bootstrap verdict). Whatever is missing becomes a
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
        var a = await PolicyAsync(aliases[0], notes, cancellationToken);
        var b = aliases.Length > 1 ? await PolicyAsync(aliases[1], notes, cancellationToken) : null;

        var metricsA = a?.Run?.Data.Metrics ?? [];
        var metricsB = b?.Run?.Data.Metrics ?? [];
        var headline = MetricNames.Headline
            .Select(n => (Name: n, A: MetricNames.Find(metricsA, n), B: MetricNames.Find(metricsB, n)))
            .Where(r => r.A is not null || r.B is not null)
            .Select(r => new MetricRow(r.A?.Key ?? r.B!.Key, r.A?.Value, r.B?.Value))
            .ToList();
        var rest = metricsA.Select(m => m.Key).Union(metricsB.Select(m => m.Key))
            .Where(k => headline.All(h => h.Key != k))
            .Order(StringComparer.Ordinal)
            .Select(k => new MetricRow(k, metricsA.FirstOrDefault(m => m.Key == k)?.Value, metricsB.FirstOrDefault(m => m.Key == k)?.Value))
            .ToList();
        var segments = rest.Where(r => r.Key.Contains("segment", StringComparison.OrdinalIgnoreCase)).ToList();
        var cv = rest.Where(r => !segments.Contains(r) && (r.Key.StartsWith("cv", StringComparison.OrdinalIgnoreCase) || r.Key.Contains(".cv", StringComparison.OrdinalIgnoreCase) || r.Key.Contains("fold", StringComparison.OrdinalIgnoreCase))).ToList();
        var other = rest.Except(segments).Except(cv).ToList();
        if (a?.Run is not null && b?.Run is not null && headline.Count == 0 && rest.Count == 0)
        {
            notes.Add("The policy runs have no metrics yet.");
        }

        var comparison = await ComparisonRunFinder.FindAsync(mlflow, [a?.Run, b?.Run], cancellationToken);
        if (comparison is null)
        {
            notes.Add("No comparison run from the Trainer yet: plots, segments and the bootstrap verdict are not available yet.");
            return new OfflineReport(a, b, headline, segments, cv, other, null, [], [.. ReportPlots.Expected.Select(p => new ReportPlot(p.FileName, p.Caption, null))], null, null, notes);
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

        var verdict = Verdict(comparison, report);
        return new OfflineReport(a, b, headline, segments, cv, other, comparison, comparison.Data.Metrics, plots, verdict, report, notes);
    }

    private async Task<PolicyRun?> PolicyAsync(string alias, List<string> notes, CancellationToken cancellationToken)
    {
        var version = await mlflow.TryGetModelVersionByAliasAsync(_options.ModelName, alias, cancellationToken);
        if (version is null)
        {
            notes.Add($"No version of {_options.ModelName} has the alias {alias} yet: run the Trainer (with --promote).");
            return null;
        }

        Run? run = null;
        if (string.IsNullOrEmpty(version.RunId))
        {
            notes.Add($"{_options.ModelName} version {version.Version} ({alias}) names no run, so it has no offline metrics.");
        }
        else
        {
            try
            {
                run = await mlflow.GetRunAsync(version.RunId, cancellationToken);
            }
            catch (MlflowException e) when (e.IsNotFound || e.IsInvalidParameter)
            {
                notes.Add($"The run {version.RunId} of {alias} (version {version.Version}) is not in MLflow.");
            }
        }

        return new PolicyRun(alias, version.Version, run);
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

    /// <summary>A run tag naming the verdict, else the first line of report.md that mentions it.</summary>
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
