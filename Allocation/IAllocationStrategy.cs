using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// Picks the arm for one decision. Implementations are stateless and thread-safe: everything they read is in
/// the immutable <see cref="DecisionContext.Snapshot"/>, and randomness comes from <see cref="DecisionContext.Random"/>.
/// </summary>
public interface IAllocationStrategy
{
    /// <summary>One of <see cref="StrategyNames"/>.</summary>
    string Name { get; }

    /// <summary>
    /// The arm and the probability this strategy had of choosing it (for off-policy evaluation).
    /// Arms in <see cref="DecisionContext.Unavailable"/> are never chosen and the propensity is taken over the
    /// available arms; throws <see cref="NoArmAvailableException"/> when none is left.
    /// </summary>
    ArmChoice Choose(in DecisionContext context);

    /// <summary>
    /// Every arm's probability of being chosen in this context, in arm order (0 for unavailable arms): the vector whose
    /// entry for the chosen arm is the logged propensity. The sample-ratio check sums it per arm to get the counts the
    /// strategy promised (<see cref="SampleRatioMismatch"/>). Null when there is nothing to test: UCB1 is deterministic
    /// given the counters (propensity 1, so observed always equals promised) and the contextual strategy's vector
    /// depends on each user's features.
    /// </summary>
    IReadOnlyList<double>? ArmProbabilities(in DecisionContext context) => null;
}

/// <summary>
/// The input of one decision: the snapshot, the user's key (only the hash split reads it), the random source,
/// the arms to skip (e.g. whose variant is down) and the user's context vector (only the contextual strategy reads it;
/// see <see cref="StrategyNames.Contextual"/>).
/// </summary>
public readonly record struct DecisionContext(PosteriorSnapshot Snapshot, string UserKey, IRandomSource Random, ArmMask Unavailable = default, double[]? Features = null);

/// <summary>The chosen arm (index into the config's arms, and name) with its propensity in (0, 1].</summary>
public readonly record struct ArmChoice(int ArmIndex, string Arm, double Propensity);
