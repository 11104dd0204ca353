using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// ε-greedy, the baseline: with probability ε an arm uniformly at random, otherwise the arm with the highest
/// posterior mean (ties uniformly). Over the K available arms with B of them best, the propensity is exact:
/// (1 − ε)/B · [arm is best] + ε/K. Unavailable arms are left out of both the random and the greedy pick.
/// </summary>
public sealed class EpsilonGreedyStrategy : IAllocationStrategy
{
    public string Name => StrategyNames.EpsilonGreedy;

    public ArmChoice Choose(in DecisionContext context)
    {
        var snapshot = context.Snapshot;
        var unavailable = context.Unavailable;
        var means = snapshot.Means;
        var epsilon = snapshot.Config.Epsilon;
        var available = 0;
        var bestCount = 0;
        var bestMean = double.NegativeInfinity;
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (unavailable.Contains(i))
            {
                continue;
            }

            available++;
            if (means[i] > bestMean || bestCount == 0)
            {
                (bestMean, bestCount) = (means[i], 1);
            }
            else if (means[i] == bestMean)
            {
                bestCount++;
            }
        }

        if (available == 0)
        {
            throw new NoArmAvailableException("epsilon_greedy: every arm is unavailable.");
        }

        var random = context.Random.Current;
        var explore = epsilon > 0 && random.NextDouble() < epsilon;
        var pick = explore ? random.Next(available) : bestCount == 1 ? 0 : random.Next(bestCount);
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (unavailable.Contains(i) || (!explore && means[i] != bestMean) || pick-- != 0)
            {
                continue;
            }

            var isBest = means[i] == bestMean;
            var propensity = ((isBest ? 1.0 - epsilon : 0.0) / bestCount) + (epsilon / available);
            return new ArmChoice(i, snapshot.Config.Arms[i].Name, propensity);
        }

        throw new InvalidOperationException("unreachable: fewer candidate arms than counted.");
    }

    /// <summary>(1 − ε)/B · [arm is best] + ε/K for every available arm, 0 for the rest: the propensity of each.</summary>
    public IReadOnlyList<double>? ArmProbabilities(in DecisionContext context)
    {
        var snapshot = context.Snapshot;
        var unavailable = context.Unavailable;
        var means = snapshot.Means;
        var epsilon = snapshot.Config.Epsilon;
        var (available, bestCount, bestMean) = (0, 0, double.NegativeInfinity);
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (unavailable.Contains(i))
            {
                continue;
            }

            available++;
            (bestMean, bestCount) = means[i] > bestMean || bestCount == 0 ? (means[i], 1) : (bestMean, bestCount + (means[i] == bestMean ? 1 : 0));
        }

        var p = new double[snapshot.ArmCount];
        for (var i = 0; i < p.Length && available > 0; i++)
        {
            p[i] = unavailable.Contains(i) ? 0 : ((means[i] == bestMean ? 1.0 - epsilon : 0.0) / bestCount) + (epsilon / available);
        }

        return p;
    }
}
