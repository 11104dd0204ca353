using Bandit.Contracts;

namespace Bandit.Allocation;

/// <summary>
/// UCB1 over the available arms, with n_i = the arm's updates (rewards received) and N = Σ n_i:
/// first the arms never updated (uniformly at random among them, propensity 1/#untried), then
/// argmax CTR_i + sqrt(c · ln N / n_i) with c = <see cref="RouterConfig.UcbExploration"/> (c = 2 is Auer's UCB1).
/// Deterministic given the snapshot, so the propensity is 1, or 1/#ties when indices tie exactly (broken
/// uniformly). Unavailable arms are simply left out of both steps.
/// </summary>
public sealed class Ucb1Strategy : IAllocationStrategy
{
    public string Name => StrategyNames.Ucb1;

    public ArmChoice Choose(in DecisionContext context)
    {
        var snapshot = context.Snapshot;
        var unavailable = context.Unavailable;
        var stats = snapshot.Stats;
        var c = snapshot.Config.UcbExploration;
        var untried = 0;
        long total = 0;
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (!unavailable.Contains(i))
            {
                untried += stats[i].Updates == 0 ? 1 : 0;
                total += stats[i].Updates;
            }
        }

        // Score every available arm; an untried arm scores +∞ so that it comes first.
        Span<double> score = stackalloc double[snapshot.ArmCount];
        var logN = Math.Log(Math.Max(total, 1));
        var best = double.NegativeInfinity;
        var ties = 0;
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (unavailable.Contains(i))
            {
                continue;
            }

            var n = stats[i].Updates;
            score[i] = n == 0 ? double.PositiveInfinity : stats[i].Ctr + Math.Sqrt(c * logN / n);
            if (score[i] > best || ties == 0)
            {
                (best, ties) = (score[i], 1);
            }
            else if (score[i] == best)
            {
                ties++;
            }
        }

        if (ties == 0)
        {
            throw new NoArmAvailableException("ucb1: every arm is unavailable.");
        }

        var pick = ties == 1 ? 0 : context.Random.Current.Next(ties);
        for (var i = 0; i < snapshot.ArmCount; i++)
        {
            if (!unavailable.Contains(i) && score[i] == best && pick-- == 0)
            {
                return new ArmChoice(i, snapshot.Config.Arms[i].Name, 1.0 / ties);
            }
        }

        throw new InvalidOperationException("unreachable: fewer tied arms than counted.");
    }
}
