using Bandit.Router.Common;
using Bandit.Router.Store;

namespace Bandit.Router.Ledger;

/// <summary>Where a reward went: counted (or not) by the store, or buffered in the outage log.</summary>
public enum RewardFate
{
    /// <summary>No such decision: never made, expired, failed, or for another arm.</summary>
    Unknown,

    /// <summary>Counted, exactly once, for the decision's arm.</summary>
    Recorded,

    /// <summary>The decision was already rewarded; nothing changed.</summary>
    Duplicate,

    /// <summary>The decision predates the last reset: accepted, not counted.</summary>
    Stale,

    /// <summary>In the outage log; counted once when the store is back.</summary>
    Buffered,
}

public sealed partial class BanditLedger
{
    /// <summary>
    /// Records rewards (already verified) in the store, or buffers them in the outage log — all of them or none: throws
    /// <see cref="OutageLogFullException"/> when the log cannot take those that must wait. One fate per reward, in order.
    /// </summary>
    public async Task<RewardFate[]> RecordRewardsAsync(IReadOnlyList<(string Experiment, RewardRecord Reward)> rewards, CancellationToken cancellationToken)
    {
        var fates = new RewardFate[rewards.Count];
        var direct = new List<int>(rewards.Count);
        var buffer = new List<int>();
        for (var i = 0; i < rewards.Count; i++)
        {
            // A reward whose decision, or an earlier reward, still waits in the outage log waits too, applied after them.
            (availability.IsAvailable && !outageLog.Holds(rewards[i].Reward.DecisionId) ? direct : buffer).Add(i);
        }

        if (direct.Count > 0)
        {
            try
            {
                // One reward (the common single /update) is one script call; a batch pipelines its scripts in one round trip.
                var outcomes = direct.Count == 1
                    ? [await store.RecordRewardAsync(rewards[direct[0]].Experiment, rewards[direct[0]].Reward, cancellationToken).ConfigureAwait(false)]
                    : await store.RecordRewardsAsync([.. direct.Select(i => rewards[i])], cancellationToken).ConfigureAwait(false);
                for (var k = 0; k < direct.Count; k++)
                {
                    fates[direct[k]] = FateOf(outcomes[k]);
                }
            }
            catch (StoreUnavailableException e)
            {
                // Some may have reached the store before it failed: applying them again later is idempotent.
                availability.MarkUnavailable();
                RouterLog.StoreUnavailable(logger, outageLog.Count, e);
                buffer.AddRange(direct);
                buffer.Sort();
            }
        }

        if (buffer.Count > 0)
        {
            if (!outageLog.TryAppend([.. buffer.Select(i => OutageEntry.ForReward(rewards[i].Experiment, rewards[i].Reward))]))
            {
                throw new OutageLogFullException(outageLog.Capacity);
            }

            foreach (var i in buffer)
            {
                fates[i] = RewardFate.Buffered;
            }
        }

        return fates;
    }

    private static RewardFate FateOf(RewardOutcome outcome) => outcome switch
    {
        RewardOutcome.Recorded => RewardFate.Recorded,
        RewardOutcome.Duplicate => RewardFate.Duplicate,
        RewardOutcome.Stale => RewardFate.Stale,
        _ => RewardFate.Unknown,
    };
}
