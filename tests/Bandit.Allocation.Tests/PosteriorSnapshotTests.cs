using Bandit.Allocation;
using Bandit.Contracts;
using MathNet.Numerics.Distributions;

namespace Bandit.Allocation.Tests;

public sealed class PosteriorSnapshotTests
{
    [Fact]
    public void Create_Stats_PosteriorIsPriorPlusRewardsAndFailures()
    {
        var config = RouterConfig.Default with { Prior = new BetaPrior(2, 8) };

        var snapshot = PosteriorSnapshot.Create(config, [new ArmStats("PolicyB", 120, 100, 12.5)]);

        var a = snapshot.Posteriors[0];
        var b = snapshot.Posteriors[1];
        Assert.Equal((2.0, 8.0, 0.2, 0.0), (a.Alpha, a.Beta, a.Mean, a.Ctr)); // no stats: the prior, CTR 0
        Assert.Equal((14.5, 95.5, 0.125), (b.Alpha, b.Beta, b.Ctr));       // 2 + 12.5, 8 + 100 − 12.5
        Assert.Equal(14.5 / 110, b.Mean, 1e-15);
        Assert.Equal(new ArmStats("PolicyA", 0, 0, 0), snapshot.Stats[0]);
        Assert.Equal(120, snapshot.Stats[1].Pulls);
    }

    [Fact]
    public void Create_CredibleInterval_IsTheEqualTailed95Percent()
    {
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default, (400, 30), (1_000_000, 50_000));

        foreach (var p in snapshot.Posteriors)
        {
            Assert.InRange(p.Mean, p.Lower95, p.Upper95);
            Assert.Equal(0.025, Beta.CDF(p.Alpha, p.Beta, p.Lower95), 1e-6);
            Assert.Equal(0.975, Beta.CDF(p.Alpha, p.Beta, p.Upper95), 1e-6);
        }
    }

    [Fact]
    public void Create_PBest_ComputedOnceAndCachedPerMask()
    {
        var snapshot = TestConfigs.Snapshot(TestConfigs.Arms(StrategyNames.Thompson, 3), (100, 5), (100, 9), (100, 7));

        var first = snapshot.ProbabilityOfBestWithout(ArmMask.Of(1));

        Assert.Same(snapshot.PBest, snapshot.ProbabilityOfBestWithout(ArmMask.None));
        Assert.Same(first, snapshot.ProbabilityOfBestWithout(ArmMask.Of(1)));
        Assert.True(snapshot.PBest[1] > snapshot.PBest[2] && snapshot.PBest[2] > snapshot.PBest[0]);
        Assert.InRange(snapshot.PBestErrorBound, 0, ProbabilityOfBest.DefaultTolerance);
    }

    [Fact]
    public void Create_BadInput_ThrowsClearErrors()
    {
        var config = RouterConfig.Default;

        var unknown = Assert.Throws<ArgumentException>(() => PosteriorSnapshot.Create(config, [new ArmStats("PolicyZ", 1, 1, 1)]));
        var twice = Assert.Throws<ArgumentException>(() => PosteriorSnapshot.Create(config, [new ArmStats("PolicyA", 1, 1, 1), new ArmStats("PolicyA", 1, 1, 0)]));
        var tooMany = Assert.Throws<ArgumentException>(() => PosteriorSnapshot.Create(config, [new ArmStats("PolicyA", 5, 5, 6)]));
        var invalid = Assert.Throws<ArgumentException>(() => PosteriorSnapshot.Create(config with { Salt = "" }));

        Assert.Contains("PolicyZ", unknown.Message);
        Assert.Contains("twice", twice.Message);
        Assert.Contains("rewards <= updates", tooMany.Message);
        Assert.Contains("salt", invalid.Message);
    }

    [Fact]
    public void MaskOf_Names_SetsTheirIndices()
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.Arms(StrategyNames.Thompson, 4));

        var mask = snapshot.MaskOf(["Arm1", "Arm3", "NoSuchArm"]);

        Assert.Equal(ArmMask.Of(1, 3), mask);
        Assert.Equal(2, mask.Count);
        Assert.Equal(2, snapshot.IndexOf("Arm2"));
        Assert.Equal(-1, snapshot.IndexOf("arm2"));
    }
}
