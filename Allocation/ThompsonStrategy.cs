using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// Thompson sampling: draw θ_i ~ Beta(α_i, β_i) per available arm (MathNet, from the injected generator) and take
/// the largest. Propensity = P(arm is best) from the snapshot — over the available arms when some are
/// unavailable (computed once per snapshot and mask) — floored at <see cref="MinPropensity"/> so that
/// inverse-propensity weights stay finite.
/// </summary>
public sealed class ThompsonStrategy : IAllocationStrategy
{
    /// <summary>The smallest propensity reported; an arm this unlikely is still chosen now and then.</summary>
    public const double MinPropensity = 1e-4;

    public string Name => StrategyNames.Thompson;

    public ArmChoice Choose(in DecisionContext context)
    {
        if (context.Snapshot.IsDiscounted)
        {
            throw new ArgumentException("thompson: the snapshot holds discounted posteriors (its config names discounted_thompson).", nameof(context));
        }

        return Sample(context, Name);
    }

    /// <summary>P(best) over the available arms, unfloored: the floor only keeps logged inverse weights finite.</summary>
    public IReadOnlyList<double>? ArmProbabilities(in DecisionContext context) => context.Snapshot.PBestWithout(context.Unavailable);

    /// <summary>The draw over the snapshot's Beta posteriors, whichever sums they were built from.</summary>
    internal static ArmChoice Sample(in DecisionContext context, string name)
    {
        var snapshot = context.Snapshot;
        var unavailable = context.Unavailable;
        var random = context.Random.Current;
        var best = -1;
        var bestTheta = double.NegativeInfinity;
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (unavailable.Contains(i))
            {
                continue;
            }

            var theta = MathNet.Numerics.Distributions.Beta.Sample(random, snapshot.Alpha[i], snapshot.Beta[i]);
            if (theta > bestTheta || best < 0)
            {
                best = i;
                bestTheta = theta;
            }
        }

        if (best < 0)
        {
            throw new NoArmAvailableException($"{name}: every arm is unavailable.");
        }

        var pBest = snapshot.PBestWithout(unavailable)[best];
        return new ArmChoice(best, snapshot.Config.Arms[best].Name, Math.Clamp(pBest, MinPropensity, 1.0));
    }
}
