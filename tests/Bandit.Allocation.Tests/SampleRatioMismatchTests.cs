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

        Assert.True(result.Srm, $"p = {result.PValue}, observed {string.Join(",", observed)}, expected {string.Join(",", expected)}");
    }

    [Fact]
    public void Check_BelowMinimumSample_NoAlarmEvenIfExtreme()
    {
        var result = SampleRatioMismatch.Check([60, 0], [30, 30]);

        // χ² = 60 on 1 df would be p ≈ 1e-14, but 60 pulls are below SampleRatioMismatch.MinimumPulls.
        Assert.True(result.PValue < SampleRatioMismatch.Threshold);
        Assert.False(result.Sufficient);
        Assert.False(result.Srm);
    }

    [Fact]
    public void Check_FairThompsonAtFixedSeed_NoAlarm()
    {
        var (observed, expected) = Thompson(drop: _ => false);

        // Per arm the pulls are a sum of Bernoulli(π_t(k)) draws, independent given the past: their variance Σπ(1−π) is at
        // most the binomial one at the mean share, so Pearson's χ² is asymptotically at most χ²(K−1) and the alarm fires
        // on at most ~1 seed in 1,000 (the P(best) quadrature errs by ≤ 2e-3 per decision, ≤ 6 counts over 3,000
        // decisions against a standard deviation of ≈ 19). This seed: 423 / 2,577 observed, 414 / 2,586 promised, p ≈ 0.63.
        var result = SampleRatioMismatch.Check(observed, expected);

        Assert.True(result.Sufficient);
        Assert.False(result.Srm, $"p = {result.PValue}, observed {string.Join(",", observed)}, expected {string.Join(",", expected)}");
    }

    [Fact]
    public void Check_ThompsonLosesAFifthOfOneArmsDecisions_Alarm()
    {
        // Arm 1 (the better one, ≈ 86% of the 3,000 decisions at these rates and this seed) loses every 5th decision:
        // 423 / 2,062 observed against 414 / 2,586 promised. The test is of the ratio, so the promise is rescaled to the
        // observed 2,485: arm 0 expects ≈ 343, χ² ≈ 80²/343 + 80²/2,142 ≈ 21.7 on 1 df, p ≈ 3e-6, far below 0.001.
        // (Losses on a majority arm are diluted by that rescaling; the same loss on a 50/50 split of 3,000 gives χ² ≈ 33.)
        var dropped = 0;
        var (observed, expected) = Thompson(drop: arm => arm == 1 && ++dropped % 5 == 0);

        var result = SampleRatioMismatch.Check(observed, expected);

        Assert.True(result.Srm, $"p = {result.PValue}, observed {string.Join(",", observed)}, expected {string.Join(",", expected)}");
    }

    [Fact]
    public void SrmOnset_FiresOncePerEpisode()
    {
        var onset = new SrmOnset();

        bool[] fired = [.. new[] { false, true, true, true, false, true, true }.Select(onset.Observe)];

        Assert.Equal([false, true, false, false, false, true, false], fired);
        Assert.True(onset.IsFlagged);
    }

    /// <summary>
    /// Pulls and per-arm probability sums as the Router records them under Thompson sampling: arms with true rates 5%
    /// and 6%, the snapshot rebuilt every 50 decisions from the counts (as the Router's posterior cache does).
    /// </summary>
    private static (double[] Observed, double[] Expected) Thompson(Func<int, bool> drop)
    {
        var config = TestConfigs.TwoArms(StrategyNames.Thompson);
        var strategy = AllocationStrategies.Get(StrategyNames.Thompson);
        var random = new SeededRandomSource(23);
        var clicks = new Random(29);
        double[] rates = [0.05, 0.06];
        long[] pulls = [0, 0];
        double[] rewards = [0, 0];
        double[] observed = [0, 0];
        double[] expected = [0, 0];
        var snapshot = PosteriorSnapshot.Create(config);
        for (var t = 0; t < 3_000; t++)
        {
            if (t % 50 == 0)
            {
                snapshot = PosteriorSnapshot.Create(config, [new ArmStats("PolicyA", pulls[0], pulls[0], rewards[0]), new ArmStats("PolicyB", pulls[1], pulls[1], rewards[1])]);
            }

            var context = new DecisionContext(snapshot, $"user-{t}", random);
            var choice = strategy.Choose(context);
            var arm = choice.ArmIndex;
            pulls[arm]++;
            rewards[arm] += clicks.NextDouble() < rates[arm] ? 1 : 0;
            if (drop(arm))
            {
                // Lost after the promise was made (a variant failing the request, a write that never landed).
                Add(expected, strategy.ArmProbabilities(context)!);
                continue;
            }

            observed[arm]++;
            Add(expected, strategy.ArmProbabilities(context)!);
        }

        return (observed, expected);
    }

    private static void Add(double[] sums, IReadOnlyList<double> p)
    {
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] += p[i];
        }
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
