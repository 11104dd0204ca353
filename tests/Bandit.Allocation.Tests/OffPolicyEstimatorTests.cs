using Bandit.Allocation;

namespace Bandit.Allocation.Tests;

/// <summary>The target-policy forms the Router uses (the "always arm k" forms are covered by the replay's tests).</summary>
public sealed class OffPolicyEstimatorTests
{
    [Fact]
    public void UniformWeights_OnAUniformLog_AreOneAndEstimateTheMeanReward()
    {
        int[] arms = [0, 1, 2, 0, 1, 2];
        double[] propensities = [1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0, 1 / 3.0];
        double[] rewards = [1, 0, 0, 1, 1, 0];

        var w = OffPolicyEstimator.UniformWeights(propensities, armCount: 3);
        var ips = OffPolicyEstimator.Ips(w, rewards);
        var snips = OffPolicyEstimator.SelfNormalised(w, rewards);

        // Logging policy = target policy: every weight is (1/3)/(1/3) = 1, so both estimates are the plain mean 0.5.
        Assert.All(w, x => Assert.Equal(1, x, 12));
        Assert.Equal(0.5, ips.Value, 12);
        Assert.Equal(0.5, snips.Value, 12);
        Assert.Equal(6, ips.EffectiveSampleSize, 12);
    }

    [Fact]
    public void UniformWeights_OnASkewedLog_Reweight()
    {
        // A 90/10 log: arm 0 (reward 0) logged with π = 0.9, arm 1 (reward 1) with π = 0.1. Uniform weights are
        // 0.5/0.9 and 0.5/0.1 = 5; IPS = (5·1) / 2 = 2.5 for one row each, SNIPS = 5 / (5 + 5/9) = 0.9.
        var w = OffPolicyEstimator.UniformWeights([0.9, 0.1], armCount: 2);

        Assert.Equal(2.5, OffPolicyEstimator.Ips(w, [0.0, 1.0]).Value, 12);
        Assert.Equal(0.9, OffPolicyEstimator.SelfNormalised(w, [0.0, 1.0]).Value, 12);
    }

    [Fact]
    public void Ips_EmptyLog_NaNNotAnException()
    {
        Assert.True(double.IsNaN(OffPolicyEstimator.Ips([], []).Value));
        Assert.True(double.IsNaN(OffPolicyEstimator.SelfNormalised([], []).Value));
    }
}
