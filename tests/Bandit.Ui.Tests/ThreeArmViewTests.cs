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
}
