using Bandit.Allocation;

namespace Bandit.Allocation.Tests;

public sealed class ArmTrafficWindowTests
{
    [Fact]
    public void Shares_MoreThanCapacity_CountsOnlyTheLastN()
    {
        var window = new ArmTrafficWindow(armCount: 2, capacity: 100);
        for (var i = 0; i < 500; i++)
        {
            window.Record(0);
        }

        for (var i = 0; i < 75; i++)
        {
            window.Record(1);
        }

        Assert.Equal([0.25, 0.75], window.Shares());
        Assert.Equal(575, window.Recorded);
    }

    [Fact]
    public void Shares_Empty_AllZero()
    {
        Assert.Equal([0.0, 0.0, 0.0], new ArmTrafficWindow(3).Shares());
    }

    [Fact]
    public void Record_ManyThreads_LosesNothing()
    {
        var window = new ArmTrafficWindow(armCount: 2, capacity: 1_000);

        Parallel.For(0, 100_000, i => window.Record(i % 2));

        // Every decision is counted exactly once, and the shares still form a distribution.
        Assert.Equal(100_000, window.Recorded);
        Assert.Equal(1.0, window.Shares().Sum(), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => window.Record(2));
    }
}
