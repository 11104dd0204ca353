using Bandit.Trainer.Evaluation;
using Bandit.Trainer.Evaluation.Metrics;

namespace Bandit.Trainer.Tests.Metrics;

public sealed class TopListMetricsTests
{
    [Fact]
    public void Compute_HandCase_CoverageAndMeanPairwiseOverlap()
    {
        // k = 2, catalogue of 10. Lists {1,2}, {2,3}, {1,2}: distinct {1,2,3} = 3 → coverage 0.3, slots 6.
        // Pairs: (1,2)&(2,3) share 1 → 1/2; (1,2)&(1,2) share 2 → 1; (2,3)&(1,2) share 1 → 1/2. Mean (0.5 + 1 + 0.5) / 3 = 2/3.
        var r = TopListMetrics.Compute([[1, 2], [2, 3], [1, 2]], catalogueSize: 10, k: 2);

        Assert.Equal(3, r.DistinctItems);
        Assert.Equal(6, r.Slots);
        Assert.Equal(0.3, r.Coverage, 12);
        Assert.Equal(2.0 / 3, r.MeanOverlap, 12);
        Assert.Equal(1.0 / 3, r.Personalisation, 12);
    }

    [Fact]
    public void Compute_IdenticalLists_NoPersonalisation_DisjointLists_Full()
    {
        var same = TopListMetrics.Compute([[1, 2, 3], [3, 2, 1]], 100, 3);
        var disjoint = TopListMetrics.Compute([[1, 2, 3], [4, 5, 6]], 100, 3);

        Assert.Equal(0, same.Personalisation, 12);
        Assert.Equal(1, disjoint.Personalisation, 12);
        Assert.Equal(0.06, disjoint.Coverage, 12);
    }

    [Fact]
    public void Compute_OneUser_OverlapUndefined_AndNotLogged()
    {
        var r = TopListMetrics.Compute([[1, 2]], 10, 2);

        Assert.True(double.IsNaN(r.MeanOverlap));
        Assert.DoesNotContain(r.Scalars(), m => m.Key.StartsWith("personalisation", StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_ListLongerThanK_Throws() =>
        Assert.Throws<ArgumentException>(() => TopListMetrics.Compute([[1, 2, 3]], 10, 2));

    [Fact]
    public void Sample_SameSeed_SameUsers_OtherSeed_Others()
    {
        var users = Enumerable.Range(1, 600).ToArray();

        var a = TopLists.Sample(users.Reverse(), 60, seed: 1);
        var b = TopLists.Sample(users, 60, seed: 1);
        var c = TopLists.Sample(users, 60, seed: 2);

        Assert.Equal(60, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(5, TopLists.Sample([3, 3, 1, 2, 5, 4], 60, seed: 1).Length);
    }
}
