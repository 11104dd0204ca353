using Bandit.Allocation;

namespace Bandit.Allocation.Tests;

public sealed class RandomSourceTests
{
    [Fact]
    public void Seeded_SameSeed_SameDrawsAndIds()
    {
        var a = new SeededRandomSource(42);
        var b = new SeededRandomSource(42);
        var idA = new byte[16];
        var idB = new byte[16];

        a.FillIdBytes(idA);
        b.FillIdBytes(idB);

        Assert.Equal(idA, idB);
        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.Current.NextDouble()), Enumerable.Range(0, 100).Select(_ => b.Current.NextDouble()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Choose_FromManyThreadsAtOnce_StaysUniform(bool shared)
    {
        IRandomSource random = shared ? SharedRandomSource.Instance : new SeededRandomSource(3);
        var snapshot = TestConfigs.Snapshot(RouterConfig.Default, (100, 10), (100, 10));
        var strategy = new ThompsonStrategy();
        const int Draws = 100_000;
        var armB = 0;

        Parallel.For(0, Draws, _ =>
        {
            if (strategy.Choose(new DecisionContext(snapshot, "u", random)).ArmIndex == 1)
            {
                Interlocked.Increment(ref armB);
            }
        });

        // A generator corrupted by unsynchronised use degenerates (System.Random then returns 0 forever) and the
        // split collapses; intact, B wins with p = 0.5: 4σ = 4·sqrt(0.25/100,000) ≈ 0.0063.
        Assert.InRange((double)armB / Draws, 0.5 - TestConfigs.FourSigma(0.5, Draws), 0.5 + TestConfigs.FourSigma(0.5, Draws));
    }
}
