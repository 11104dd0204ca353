using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// Discounted Thompson sampling (Raj and Kalyani, 2017), forgetting by time: every arm's Beta posterior is the prior
/// plus its <see cref="DiscountedCounts"/>, evidence that halves every <see cref="RouterConfig.DiscountHalfLifeSeconds"/>,
/// so an arm's posterior widens again when it has not been tried for a while and a change in the arms' relative
/// quality is followed. The effective sample size is at most about 1.44 half-lives' worth of rewards. Sampling and
/// propensity are exactly those of <see cref="ThompsonStrategy"/> over these posteriors.
/// </summary>
public sealed class DiscountedThompsonStrategy : IAllocationStrategy
{
    public string Name => StrategyNames.DiscountedThompson;

    public ArmChoice Choose(in DecisionContext context)
    {
        if (!context.Snapshot.IsDiscounted)
        {
            throw new ArgumentException("discounted_thompson: the snapshot holds undiscounted posteriors (its config names another strategy).", nameof(context));
        }

        return ThompsonStrategy.Sample(context, Name);
    }

    /// <summary>P(best) over the available arms' discounted posteriors, as for <see cref="ThompsonStrategy"/>.</summary>
    public IReadOnlyList<double>? ArmProbabilities(in DecisionContext context) => context.Snapshot.PBestWithout(context.Unavailable);
}
