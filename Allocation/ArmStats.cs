namespace Bandit.Allocation;

/// <summary>
/// What an arm has seen: <paramref name="Pulls"/> decisions made, <paramref name="Updates"/> decisions whose
/// reward arrived, <paramref name="Rewards"/> the sum of those rewards (each in [0, 1], so fractional sums are fine);
/// <paramref name="DiscountedUpdates"/> and <paramref name="DiscountedRewards"/> the same two sums with every reward
/// weighted by its age (<see cref="DiscountedCounts"/>, as of when the stats were read), which only discounted
/// Thompson sampling reads.
/// </summary>
public sealed record ArmStats(string Arm, long Pulls, long Updates, double Rewards, double DiscountedUpdates = 0, double DiscountedRewards = 0)
{
    /// <summary>Click-through rate: Rewards / Updates, 0 before any reward arrived.</summary>
    public double Ctr => Updates > 0 ? Rewards / Updates : 0.0;
}

/// <summary>
/// An arm's Beta(<paramref name="Alpha"/>, <paramref name="Beta"/>) posterior: prior + rewards, prior + failures
/// (discounted sums under discounted Thompson sampling).
/// <paramref name="Lower95"/>/<paramref name="Upper95"/> bound the 95% equal-tailed credible interval.
/// </summary>
public sealed record ArmPosterior(string Arm, double Alpha, double Beta, double Mean, double Lower95, double Upper95, double Ctr);
