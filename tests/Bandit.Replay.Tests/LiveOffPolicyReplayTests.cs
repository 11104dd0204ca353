using Bandit.Allocation;
using Bandit.Contracts;
using Bandit.Replay.Simulation;
using Bandit.Router.Experiment.Stats;
using Bandit.Router.Store;

namespace Bandit.Replay.Tests;

/// <summary>
/// The Router's live off-policy reader (<see cref="LiveOffPolicy"/>) on a replayed log: the replay simulator's
/// Thompson and epsilon-greedy logs turned into the Router's decision/reward events (a reward event for clicks only, as
/// the Ui sends them), estimated by the Router, and set against the replay simulator's own IPS/SNIPS of the same log.
/// </summary>
public sealed class LiveOffPolicyReplayTests
{
    [Theory]
    [InlineData(StrategyNames.Thompson, 3)]
    [InlineData(StrategyNames.EpsilonGreedy, 5)]
    public void Estimate_ReplayedLog_AgreesWithTheReplaySimulatorWithinItsIntervals(string strategy, int seed)
    {
        var environment = new BernoulliEnvironment([0.10, 0.15], 4000);
        var log = BanditSimulator.Run(AllocationStrategies.Get(strategy), BanditSimulator.ConfigFor(strategy, seed, environment.ArmNames), environment, seed, refreshEvery: 10);
        var users = Enumerable.Range(0, environment.Horizon).Select(environment.UserKey).ToArray();
        var events = new List<BanditEvent>();
        for (var t = 0; t < log.Length; t++)
        {
            var (id, arm) = ($"d{t}", environment.ArmNames[log.Arms[t]]);
            events.Add(new BanditEvent(BanditEventTypes.Decision, id, arm, log.Propensities[t], null, strategy, users[t], t));
            if (log.Rewards[t] > 0)
            {
                events.Add(new BanditEvent(BanditEventTypes.Reward, id, arm, log.Propensities[t], log.Rewards[t], strategy, null, t));
            }
        }

        var live = LiveOffPolicy.Estimate(events, environment.ArmNames, window: 10_000);

        Assert.Equal(log.Length, live.Decisions);
        for (var k = 0; k < environment.ArmNames.Count; k++)
        {
            var ips = OffPolicyEstimator.Ips(log.Arms, log.Propensities, log.Rewards, k, users);
            var snips = OffPolicyEstimator.SelfNormalised(log.Arms, log.Propensities, log.Rewards, k, users);
            var row = live.Policies[k];
            // Within the replay's own 95% intervals — and, being the same estimator on the same log, equal to rounding.
            Assert.InRange(row.Ips!.Value, ips.Lower95, ips.Upper95);
            Assert.InRange(row.Snips!.Value, snips.Lower95, snips.Upper95);
            Assert.Equal(ips.Value, row.Ips.Value, 12);
            Assert.Equal(snips.Value, row.Snips.Value, 12);
            Assert.Equal(snips.StandardError, row.Snips.StandardError, 12);
            Assert.Equal(ips.EffectiveSampleSize, row.Ess, 9);
        }
    }
}
