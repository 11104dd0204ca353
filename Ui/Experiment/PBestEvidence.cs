using System.Globalization;

namespace Bandit.Ui.Experiment;

/// <summary>
/// When a P(best) means something. The Router's P(best) is computed from each arm's Beta posterior = prior + clicks and
/// misses of its live model version; before the version's first rewarded decision (after a reset, a promotion, or a new
/// arm) that posterior is the prior alone, and its P(best) (50% for two such arms under Beta(1, 1), ~90% against one arm
/// at a 10% CTR) says nothing about the arm, yet reads like a leader's. So the rule is the CTR column's: no rewarded
/// decision on the live version, no figure. Auto-promotion's <c>min_decisions_per_arm</c>/<c>min_rewards_per_arm</c> gate
/// an irreversible act and are per-config (off by default); for showing a figure, any evidence is evidence, and the
/// credible interval says how little.
/// </summary>
public static class PBestEvidence
{
    /// <summary>The arm's posterior holds something besides the prior.</summary>
    public static bool Has(long updates) => updates > 0;

    /// <summary>The spoken summary: what the table says, an arm without evidence named as such, never given a P(best).</summary>
    public static string Summary(ExperimentView view)
    {
        var arms = view.Arms.Select(a => a.HasEvidence
            ? $"{a.Stats.Arm}: CTR {Pct(a.Stats.Ctr)}, P(best) {Pct(a.Stats.PBest)}."
            : $"{a.Stats.Arm}: no rewards yet, so no P(best) yet.");
        var summary = $"{view.Stats.TotalPulls} decisions. " + string.Join(" ", arms);
        var without = Without(view.Arms);
        return without.Count > 0 && without.Count < view.Arms.Count
            ? summary + $" The other arms' P(best) still counts the prior of {Names(without)}."
            : summary;
    }

    /// <summary>The sentence under the arms table when some arm has no evidence (null when every arm has some).</summary>
    public static string? Note(IReadOnlyList<ArmRow> arms)
    {
        var without = Without(arms);
        if (without.Count == 0)
        {
            return null;
        }

        const string Why = "P(best) needs rewarded decisions on an arm's live model version: before the first (after a reset, a promotion or a new arm) "
            + "the arm's posterior is its prior alone, and a P(best) computed from a prior says nothing about the arm.";
        if (without.Count == arms.Count)
        {
            return $"No arm has a rewarded decision on its live version yet, so no P(best) is shown. {Why}";
        }

        var (one, they) = without.Count == 1 ? ("has", "it") : ("have", "them");
        return $"{Names(without)} {one} no rewarded decision on {(without.Count == 1 ? "its" : "their")} live version yet, so no P(best) is shown for {they}. "
            + $"{Why} Until then the other arms' P(best) still counts {(without.Count == 1 ? "its" : "their")} prior as a rival, so it reads lower than their own data say.";
    }

    /// <summary>A proportion as the page writes it ("12.3%", "–" when not a number).</summary>
    public static string Pct(double v) => double.IsFinite(v) ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "–";

    private static List<string> Without(IReadOnlyList<ArmRow> arms) => [.. arms.Where(a => !a.HasEvidence).Select(a => a.Stats.Arm)];

    private static string Names(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];
}
