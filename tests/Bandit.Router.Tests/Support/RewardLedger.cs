using System.Collections.Concurrent;

namespace Bandit.Router.Tests.Support;

/// <summary>What the clients did: pulls per arm, and the first reward per decision.</summary>
public sealed class RewardLedger
{
    public ConcurrentDictionary<string, long> Pulls { get; } = new();

    public ConcurrentDictionary<string, (string Arm, double Reward)> Rewards { get; } = new();

    public void Pull(string arm) => Pulls.AddOrUpdate(arm, 1, (_, n) => n + 1);

    public void Reward(string arm, string decisionId, double reward) => Assert.True(Rewards.TryAdd(decisionId, (arm, reward)));

    public long Updates(string arm) => Rewards.Values.Count(r => r.Arm == arm);

    public double RewardSum(string arm) => Rewards.Values.Where(r => r.Arm == arm).Sum(r => r.Reward);
}
