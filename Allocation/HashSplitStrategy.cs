using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// Classic A/B: the user's bucket (<see cref="BucketLayout"/>) decides, so the same user gets the same arm for
/// as long as salt and weights stay the same, in every process. Propensity = the arm's bucket share (exact).
/// </summary>
/// <remarks>
/// Unavailable arms: users whose arm is available keep it; users of an unavailable arm are spread over the
/// available arms in proportion to their buckets by a second, independent digit of the same hash
/// (⌊h / 10,000⌋ mod B, B = the available buckets), still sticky. Then every available arm j is chosen with
/// probability b_j / B exactly, which is the propensity reported.
/// </remarks>
public sealed class HashSplitStrategy : IAllocationStrategy
{
    public string Name => StrategyNames.Hash;

    public ArmChoice Choose(in DecisionContext context)
    {
        var snapshot = context.Snapshot;
        var layout = snapshot.Buckets;
        var unavailable = context.Unavailable;
        var hash = layout.Hash(context.UserKey ?? throw new ArgumentException("the hash split needs a user key.", nameof(context)));
        var arm = layout.ArmOf((int)(hash % BucketLayout.BucketCount));
        var available = BucketLayout.BucketCount;
        if (!unavailable.IsEmpty)
        {
            available = 0;
            for (var i = 0; i < layout.ArmCount; i++)
            {
                available += unavailable.Contains(i) ? 0 : layout.Count(i);
            }

            if (available == 0)
            {
                throw new NoArmAvailableException("hash: every arm with a positive weight is unavailable.");
            }

            if (unavailable.Contains(arm))
            {
                arm = Fallback(layout, unavailable, (int)(hash / BucketLayout.BucketCount % (ulong)available));
            }
        }

        return new ArmChoice(arm, snapshot.Config.Arms[arm].Name, (double)layout.Count(arm) / available);
    }

    /// <summary>b_j / B for every available arm j (the shares of the bucket layout, n × weight over n decisions), 0 for the rest.</summary>
    public IReadOnlyList<double>? ArmProbabilities(in DecisionContext context)
    {
        var layout = context.Snapshot.Buckets;
        var unavailable = context.Unavailable;
        var available = 0;
        for (var i = 0; i < layout.ArmCount; i++)
        {
            available += unavailable.Contains(i) ? 0 : layout.Count(i);
        }

        var shares = new double[layout.ArmCount];
        for (var i = 0; i < shares.Length && available > 0; i++)
        {
            shares[i] = unavailable.Contains(i) ? 0 : (double)layout.Count(i) / available;
        }

        return shares;
    }

    private static int Fallback(BucketLayout layout, ArmMask unavailable, int slot)
    {
        for (var i = 0; i < layout.ArmCount; i++)
        {
            if (unavailable.Contains(i))
            {
                continue;
            }

            slot -= layout.Count(i);
            if (slot < 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("unreachable: the slot is below the available bucket count.");
    }
}
