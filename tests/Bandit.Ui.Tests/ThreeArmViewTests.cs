using Bandit.Ui.Experiment;
using Bandit.Ui.Routing;

namespace Bandit.Ui.Tests;

/// <summary>The Experiment panel draws whatever arms the Router reports: three here, each with its own colour and curve.</summary>
public sealed class ThreeArmViewTests
{
    [Fact]
    public void Build_ThreeArms_EveryArmHasARowAColourAndAPosteriorCurve()
    {
        string[] names = ["PolicyA", "PolicyB", "PolicyC"];
        var stats = new RouterStats("exp", "thompson", "7", 1000, 300,
            [.. names.Select((n, i) => new ArmStats(n, n, $"variant-{(char)('a' + i)}", 100, 100, 10 + (5 * i), 0.1 + (0.05 * i),
                new Posterior(11 + (5 * i), 91 - (5 * i), 0.1, 0.05, 0.15), i == 2 ? 0.9 : 0.05, 1.0 / 3, true))]);

        var view = ExperimentView.Build(new ExperimentInputs(stats, null, null, null, null, null, null), DateTimeOffset.UnixEpoch);

        Assert.Equal(names, view.Arms.Select(a => a.Stats.Arm));
        Assert.Equal(3, view.Arms.Select(a => a.Color).Distinct().Count());
        foreach (var name in names)
        {
            Assert.Contains($"{name}: Beta(", view.Posteriors.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Summary_NewThirdArmWithoutRewards_GetsNoPBestAndIsNamedInTheNote()
    {
        // A third arm just added: 0 rewarded decisions, so its posterior is Beta(1, 1), and against two arms near 10% CTR the
        // Router's P(best) for it is ~0.8 — the largest on the page, from the prior alone.
        var stats = new RouterStats("exp", "thompson", "8", 1000, 402,
        [
            new ArmStats("PolicyA", "PolicyA", "variant-a", 200, 200, 20, 0.10, new Posterior(21, 181, 0.104, 0.066, 0.15), 0.12, 0.5, true),
            new ArmStats("PolicyB", "PolicyB", "variant-b", 200, 200, 24, 0.12, new Posterior(25, 177, 0.124, 0.082, 0.173), 0.08, 0.5, true),
            new ArmStats("PolicyC", "PolicyC", "variant-c", 2, 0, 0, 0, new Posterior(1, 1, 0.5, 0.025, 0.975), 0.80, 0, true),
        ]);

        var view = ExperimentView.Build(new ExperimentInputs(stats, null, null, null, null, null, null), DateTimeOffset.UnixEpoch);
        var summary = PBestEvidence.Summary(view);

        Assert.Equal([true, true, false], view.Arms.Select(a => a.HasEvidence));
        Assert.Contains("PolicyA: CTR 10.0%, P(best) 12.0%.", summary, StringComparison.Ordinal);
        Assert.Contains("PolicyC: no rewards yet, so no P(best) yet.", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("80.0%", summary, StringComparison.Ordinal);
        Assert.StartsWith("PolicyC has no rewarded decision on its live version yet", PBestEvidence.Note(view.Arms), StringComparison.Ordinal);
    }
}
