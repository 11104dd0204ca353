using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// Linear Thompson sampling (Agrawal and Goyal, 2013) with one linear model per arm: given the user's context x,
/// draw θ_a from each available arm's posteriors (<see cref="LinearPosterior"/>) and take the arm with the largest
/// xᵀθ_a. Only xᵀθ_a matters and arms are independent, so drawing the score s_a ~ N(xᵀμ_a, v²·xᵀA_a⁻¹x) directly is
/// the same decision at O(d²) per arm instead of a d-dimensional draw. The propensity is then P(s_a is the largest)
/// over the available arms, by <see cref="NormalMaxProbability"/> (closed form for two arms, a quadrature with a
/// guaranteed error bound for more), floored at <see cref="ThompsonStrategy.MinPropensity"/>. With v = 0 the
/// strategy is greedy on xᵀμ_a, ties broken uniformly, propensity 1/#ties.
/// </summary>
public sealed class LinearThompsonStrategy : IAllocationStrategy
{
    public string Name => StrategyNames.LinearThompson;

    public ArmChoice Choose(in DecisionContext context)
    {
        var snapshot = context.Snapshot;
        var linear = snapshot.Linear
            ?? throw new ArgumentException("linear_thompson: the snapshot has no linear posteriors (build it with the arms' LinearArmStats).", nameof(context));
        var x = context.Features
            ?? throw new ArgumentException("linear_thompson needs the user's context vector.", nameof(context));
        if (x.Length != linear.Dimension)
        {
            throw new ArgumentException($"linear_thompson: the context has {x.Length} features, the model {linear.Dimension}.", nameof(context));
        }

        var unavailable = context.Unavailable;
        var arms = snapshot.ArmCount;
        Span<double> means = stackalloc double[arms];
        Span<double> sds = stackalloc double[arms];
        var available = 0;
        var greedy = false;
        for (var i = 0; i < arms; i++)
        {
            if (!unavailable.Contains(i))
            {
                (means[i], sds[i]) = linear.Score(i, x);
                available++;
                greedy |= !(sds[i] > 0);
            }
        }

        if (available == 0)
        {
            throw new NoArmAvailableException("linear_thompson: every arm is unavailable.");
        }

        return greedy ? Greedy(context, means) : Sample(context, means, sds);
    }

    private static ArmChoice Sample(in DecisionContext context, ReadOnlySpan<double> means, ReadOnlySpan<double> sds)
    {
        var random = context.Random.Current;
        var best = -1;
        var top = double.NegativeInfinity;
        for (var i = 0; i < means.Length; i++)
        {
            if (context.Unavailable.Contains(i))
            {
                continue;
            }

            var draw = MathNet.Numerics.Distributions.Normal.Sample(random, means[i], sds[i]);
            if (draw > top || best < 0)
            {
                (best, top) = (i, draw);
            }
        }

        var propensity = NormalMaxProbability.Of(best, means, sds, context.Unavailable, out _);
        return new ArmChoice(best, context.Snapshot.Config.Arms[best].Name, Math.Clamp(propensity, ThompsonStrategy.MinPropensity, 1.0));
    }

    /// <summary>No posterior spread (v = 0, or a zero context): the largest mean, ties uniformly.</summary>
    private static ArmChoice Greedy(in DecisionContext context, ReadOnlySpan<double> means)
    {
        var top = double.NegativeInfinity;
        var ties = 0;
        for (var i = 0; i < means.Length; i++)
        {
            if (context.Unavailable.Contains(i))
            {
                continue;
            }

            if (means[i] > top || ties == 0)
            {
                (top, ties) = (means[i], 1);
            }
            else if (means[i] == top)
            {
                ties++;
            }
        }

        var pick = ties == 1 ? 0 : context.Random.Current.Next(ties);
        for (var i = 0; i < means.Length; i++)
        {
            if (!context.Unavailable.Contains(i) && means[i] == top && pick-- == 0)
            {
                return new ArmChoice(i, context.Snapshot.Config.Arms[i].Name, 1.0 / ties);
            }
        }

        throw new InvalidOperationException("unreachable: fewer tied arms than counted.");
    }
}
