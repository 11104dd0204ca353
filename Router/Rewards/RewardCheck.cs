using Bandit.Router.Store;

namespace Bandit.Router.Rewards;

/// <summary>
/// What checking one <c>{decisionId, reward}</c> found: either a reward fit to record (its decision id verified) or the
/// answer that refuses it. A closed set: these two cases and no others.
/// </summary>
public abstract record RewardCheck
{
    private RewardCheck()
    {
    }

    /// <summary>The id is genuine and unexpired and the reward is in [0, 1]; <paramref name="Token"/> is the id as sent, echoed back.</summary>
    public sealed record Accepted(RewardRecord Record, string Experiment, string Token) : RewardCheck;

    /// <summary>Refused before anything was touched: <c>invalid</c> (bad shape or reward) or <c>unknown</c> (bad id).</summary>
    public sealed record Rejected(UpdateResult Result) : RewardCheck;
}
