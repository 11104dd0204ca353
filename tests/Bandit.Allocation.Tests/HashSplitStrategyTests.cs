using System.IO.Hashing;
using System.Text;
using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class HashSplitStrategyTests
{
    private const int Users = 100_000;
    private static readonly IRandomSource _random = new SeededRandomSource(1);

    [Fact]
    public void Choose_Weights30To70_ShareWithinBinomialError()
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 0.3, 0.7));

        var shareB = Assignments(snapshot).Count(a => a == 1) / (double)Users;

        // Each user lands in arm B's 7,000 of 10,000 buckets independently with p = 0.7:
        // 4σ = 4·sqrt(0.7·0.3/100,000) ≈ 0.0058.
        Assert.InRange(shareB, 0.7 - TestConfigs.FourSigma(0.7, Users), 0.7 + TestConfigs.FourSigma(0.7, Users));
    }

    [Fact]
    public void Choose_SameUser_SameArmAcrossCallsInstancesAndSnapshots()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash, 0.3, 0.7);
        var first = Assignments(PosteriorSnapshot.Create(config), new HashSplitStrategy());

        var again = Assignments(PosteriorSnapshot.Create(config), new HashSplitStrategy());
        var withStats = Assignments(TestConfigs.Snapshot(config, (100, 3), (50, 40)), AllocationStrategies.Get("hash"));

        Assert.Equal(first, again);
        Assert.Equal(first, withStats);
    }

    [Theory]
    [InlineData("movielens-ab", "1", 3426, 0xDDB9979EA81A88E2UL)]
    [InlineData("movielens-ab", "42", 8896, 0x4CC5CFC7A23E0AD0UL)]
    [InlineData("movielens-ab", "610", 2642, 0xCE8D1205D3A66AC2UL)]
    [InlineData("salt", "user-7", 3510, 0xBB1C1C9ACA664456UL)]
    [InlineData("movielens-ab", "ü", 1164, 0xB5B0632D7EF42B8CUL)]
    public void Bucket_GoldenValues_NeverChange(string salt, string user, int bucket, ulong hash)
    {
        var layout = BucketLayout.From(salt, [1.0]);

        Assert.Equal(hash, layout.Hash(user));
        Assert.Equal(bucket, BucketLayout.Bucket(salt, user));
    }

    [Fact]
    public void Hash_IsStandardXxHash64()
    {
        // Reference vectors of XXH64 with seed 0 (xxHash's own test suite): "" and "abc".
        Assert.Equal(0xEF46DB3751D8E999UL, XxHash64.HashToUInt64([]));
        Assert.Equal(0x44BC2CF5AD770999UL, XxHash64.HashToUInt64(Encoding.UTF8.GetBytes("abc")));
    }

    [Fact]
    public void Choose_WeightMovedFrom50To60_OnlyTenPercentMoveAllFromBToA()
    {
        var before = Assignments(PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 0.5, 0.5)));
        var after = Assignments(PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 0.6, 0.4)));

        var moved = Enumerable.Range(0, Users).Where(u => before[u] != after[u]).ToList();

        // Buckets [5000, 6000) change hands, so each user moves with p = 0.1: 4σ = 4·sqrt(0.1·0.9/100,000) ≈ 0.0038.
        Assert.InRange(moved.Count / (double)Users, 0.1 - TestConfigs.FourSigma(0.1, Users), 0.1 + TestConfigs.FourSigma(0.1, Users));
        Assert.All(moved, u => Assert.Equal((1, 0), (before[u], after[u])));
    }

    [Fact]
    public void Choose_PropensityIsTheBucketShare()
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 0.3, 0.7));
        var strategy = new HashSplitStrategy();

        var propensities = Enumerable.Range(0, 1_000)
            .Select(u => strategy.Choose(new DecisionContext(snapshot, $"u{u}", _random)))
            .Select(c => (c.ArmIndex, c.Propensity))
            .Distinct()
            .OrderBy(c => c.ArmIndex);

        Assert.Equal([(0, 0.3), (1, 0.7)], propensities);
    }

    [Fact]
    public void Choose_ZeroWeightArm_NeverChosen()
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 0.0, 1.0));

        var arms = Assignments(snapshot);

        Assert.All(arms, a => Assert.Equal(1, a));
    }

    [Fact]
    public void BucketLayout_ThirdsAndTinyWeights_AssignsAllBucketsByRoundedShare()
    {
        var thirds = BucketLayout.From("s", [1.0, 1.0, 1.0]);
        var tiny = BucketLayout.From("s", [1e-6, 0.0, 1.0]);

        Assert.Equal([3333, 3334, 3333], Enumerable.Range(0, 3).Select(thirds.Count));
        Assert.Equal([0, 0, 10_000], Enumerable.Range(0, 3).Select(tiny.Count));
        Assert.Throws<ArgumentException>(() => BucketLayout.From("s", [0.0, 0.0]));
    }

    [Fact]
    public void Choose_OtherSalt_ReshufflesAboutHalfTheUsers()
    {
        var config = TestConfigs.TwoArms(StrategyNames.Hash);
        var a = Assignments(PosteriorSnapshot.Create(config));
        var b = Assignments(PosteriorSnapshot.Create(config with { Salt = "another-experiment" }));

        var changed = Enumerable.Range(0, Users).Count(u => a[u] != b[u]) / (double)Users;

        // Independent 50/50 splits disagree with p = 0.5: 4σ = 4·sqrt(0.25/100,000) ≈ 0.0063.
        Assert.InRange(changed, 0.5 - TestConfigs.FourSigma(0.5, Users), 0.5 + TestConfigs.FourSigma(0.5, Users));
    }

    private static int[] Assignments(PosteriorSnapshot snapshot, IAllocationStrategy? strategy = null)
    {
        strategy ??= new HashSplitStrategy();
        return [.. Enumerable.Range(0, Users).Select(u => strategy.Choose(new DecisionContext(snapshot, $"user-{u}", _random)).ArmIndex)];
    }
}
