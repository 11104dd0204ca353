using Bandit.Mlflow;

namespace Bandit.Ui.Registry;

/// <summary>
/// Finds the Trainer's A/B comparison run next to the policy runs: in their experiments, newest first, the comparison
/// of exactly these runs (its <c>bandit.policy_a.run_id</c>, … tags), else the run named or tagged as a comparison, else
/// the newest other run holding <c>report.md</c>.
/// </summary>
internal static class ComparisonRunFinder
{
    private const int Candidates = 25;

    public static async Task<Run?> FindAsync(MlflowClient mlflow, IReadOnlyList<Run?> policyRuns, IReadOnlyList<string> aliases, CancellationToken cancellationToken)
    {
        var known = policyRuns.OfType<Run>().ToList();
        if (known.Count == 0)
        {
            return null;
        }

        var experiments = known.Select(r => r.Info.ExperimentId).Distinct().ToList();
        var page = await mlflow.SearchRunsAsync(experiments, maxResults: Candidates, orderBy: ["attributes.start_time DESC"], cancellationToken: cancellationToken);
        var others = page.Runs.Where(r => known.All(k => k.Info.RunId != r.Info.RunId) && r.Info.LifecycleStage != "deleted").ToList();

        // The policy runs may name their comparison (or parent) run.
        var named = known.SelectMany(r => r.Data.Tags)
            .Where(t => t.Key is "mlflow.parentRunId" || t.Key.Contains("comparison", StringComparison.OrdinalIgnoreCase))
            .Select(t => t.Value)
            .ToHashSet(StringComparer.Ordinal);
        var live = others.FirstOrDefault(r => Compares(r, policyRuns, aliases));
        var match = live ?? others.FirstOrDefault(r => named.Contains(r.Info.RunId)) ?? others.FirstOrDefault(IsComparison);
        if (match is not null)
        {
            return match;
        }

        foreach (var run in others.Take(10))
        {
            if (run.Info.ArtifactUri is { } uri
                && (await mlflow.ListArtifactsAsync(uri, cancellationToken: cancellationToken)).Any(f => f.Path == ReportPlots.ReportFile))
            {
                return run;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="run"/> compared exactly <paramref name="policyRuns"/> (the runs behind the live aliases).</summary>
    public static bool Compares(Run run, IReadOnlyList<Run?> policyRuns, IReadOnlyList<string> aliases) =>
        policyRuns.Count > 0 && policyRuns.Count <= aliases.Count && policyRuns.Select((p, i) => (p, i)).All(x => x.p is not null
            && run.Data.Tags.Any(t => t.Key == $"bandit.{ReportTables.ScorerKey(aliases[x.i])}.run_id" && t.Value == x.p.Info.RunId));

    private static bool IsComparison(Run run) =>
        (run.Info.RunName ?? "").Contains("compar", StringComparison.OrdinalIgnoreCase)
        || run.Data.Tags.Any(t => (t.Key.EndsWith("kind", StringComparison.Ordinal) || t.Key.EndsWith("role", StringComparison.Ordinal) || t.Key.EndsWith("type", StringComparison.Ordinal))
            && t.Value.Contains("compar", StringComparison.OrdinalIgnoreCase));
}
