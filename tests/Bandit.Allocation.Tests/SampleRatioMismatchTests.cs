using Bandit.Allocation;
using Bandit.Contracts;

namespace Bandit.Allocation.Tests;

public sealed class SampleRatioMismatchTests
{
    private const int Users = 20_000;

    [Fact]
    public void Check_560To440AgainstEven_KnownPValue()
    {
        var result = SampleRatioMismatch.Check([560, 440], [500, 500]);

        // χ² = 60²/500 + 60²/500 = 14.4 on 1 df; p = erfc(√7.2) = 1.4780231e-4 (computed independently).
        Assert.Equal(14.4, result.ChiSquared, 10);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(1.4780231033445412e-4, result.PValue, 1e-10);
        Assert.True(result.Srm);
    }

    [Fact]
    public void Check_ThreeArmsExactlyAsPromised_NoAlarm()
    {
        var result = SampleRatioMismatch.Check([300, 300, 400], [300, 300, 400]);

        Assert.Equal(0, result.ChiSquared, 12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(1, result.PValue, 12);
        Assert.False(result.Srm);
    }

    [Fact]
    public void Check_ArmWithNoExpectedCount_LeftOut()
    {
        var result = SampleRatioMismatch.Check([500, 500, 0], [500, 500, 0]);

        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.False(result.Srm);
    }

    [Fact]
    public void Check_FairHashSplitAtFixedSeed_NoAlarm()
    {
        var (observed, expected) = Split(drop: _ => false);

        // A fair split has p uniform on [0, 1]: the alarm would fire on 1 seed in 1,000; this seed is fixed.
        Assert.False(SampleRatioMismatch.Check(observed, expected).Srm);
    }

    [Fact]
    public void Check_OneArmLosesTenPercentOfItsDecisions_Alarm()
    {
        // Every 10th decision of arm B is dropped before recording (a crashing variant, a lost write): of 20,000
        // users ≈ 6,000 A and 12,600 B are recorded against an expected 5,580 / 13,020, χ² ≈ 420²/5,580 + 420²/13,020
        // ≈ 45 on 1 df (√χ² ≈ 6.7, its sampling noise ≈ ±1), p ≈ 2e-11: far below 0.001 (√χ² = 3.29).
        var dropped = 0;
        var (observed, expected) = Split(drop: choice => choice.ArmIndex == 1 && ++dropped % 10 == 0);

        var result = SampleRatioMismatch.Check(observed, expected);

        Assert.True(result.Srm, $"p = {result.PValue}");
    }

    /// <summary>Pulls and propensity sums per arm as the Router records them, from a 30/70 hash split.</summary>
    private static (double[] Observed, double[] Expected) Split(Func<ArmChoice, bool> drop)
    {
        var snapshot = PosteriorSnapshot.Create(TestConfigs.TwoArms(StrategyNames.Hash, 0.3, 0.7));
        var strategy = new HashSplitStrategy();
        var random = new SeededRandomSource(11);
        double[] observed = [0, 0];
        double[] expected = [0, 0];
        for (var u = 0; u < Users; u++)
        {
            var choice = strategy.Choose(new DecisionContext(snapshot, $"user-{u}", random));
            if (drop(choice))
            {
                continue;
            }

            // The hash split promises every decision to arm k with probability s_k (its weight, which is also the
            // propensity logged when k is chosen): the expected count of arm k is Σ_t s_k.
            observed[choice.ArmIndex]++;
            expected[0] += 0.3;
            expected[1] += 0.7;
        }

        return (observed, expected);
    }
}
