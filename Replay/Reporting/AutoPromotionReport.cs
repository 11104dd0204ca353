using System.Globalization;
using System.Text;
using Bandit.Allocation.AutoPromotion;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Reporting;

/// <summary>
/// <c>--auto-promotion</c>: how long guarded auto-promotion (default settings) takes on synthetic arms under Thompson
/// sampling — decisions until the first promotion, p10 / p50 / p90 over the seeds that promoted — how often it picked
/// the right arm, how often a tie was promoted, and how a regression is rolled back.
/// </summary>
public static class AutoPromotionReport
{
    public static readonly (string Name, double[] Rates, double? PromotedRate)[] Scenarios =
    [
        ("clear winner", [0.05, 0.15], null),
        ("close winner", [0.10, 0.12], null),
        ("tie", [0.10, 0.10], null),
        ("regression after promotion", [0.05, 0.15], 0.01),
    ];

    public static string Markdown(int seeds, int horizon, Action<string> progress)
    {
        var settings = new AutoPromotionSettings(Enabled: true);
        var md = new StringBuilder()
            .AppendLine("## Guarded auto-promotion on synthetic arms").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Default `auto_promotion` (threshold {settings.PBestThreshold}, {settings.MinDecisionsPerArm} decisions and {settings.MinRewardsPerArm} clicks per arm, hold {settings.HoldDecisions} decisions, rollback window {settings.RollbackWindow} rewarded decisions), Thompson sampling, rule evaluated every 100 decisions, {horizon:N0} decisions, seeds 1…{seeds}.")
            .AppendLine()
            .AppendLine("| arms (CTR) | promoted runs | right arm | decisions to first promotion p10 / p50 / p90 | rollbacks |")
            .AppendLine("|---|---:|---:|---|---:|");
        foreach (var (name, rates, promotedRate) in Scenarios)
        {
            var simulation = new AutoPromotionSimulation(rates, settings, horizon, PromotedRate: promotedRate);
            var runs = new AutoPromotionRun[seeds];
            Parallel.For(0, seeds, s => runs[s] = simulation.Run(s + 1));
            var first = runs.Where(r => r.Promotions.Count > 0).Select(r => (double)r.Promotions[0]).ToArray();
            var best = rates.Distinct().Count() == 1 ? null : SyntheticArmNames.For(rates.Length)[Array.IndexOf(rates, rates.Max())];
            var right = best is null ? "–" : $"{runs.Count(r => r.FirstWinner == best)} / {first.Length}";
            var spread = first.Length == 0 ? "–" : string.Create(CultureInfo.InvariantCulture,
                $"{Percentiles.Of(first, 0.1):N0} / {Percentiles.Of(first, 0.5):N0} / {Percentiles.Of(first, 0.9):N0}");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name}: {string.Join(" vs ", rates)}{(promotedRate is { } p ? $", promoted version then at {p}" : "")} | {first.Length} / {seeds} | {right} | {spread} | {runs.Sum(r => r.Rollbacks.Count)} |");
            progress($"auto-promotion {name}: {first.Length}/{seeds} promoted");
        }

        return md.AppendLine().ToString();
    }
}
