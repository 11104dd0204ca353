using Bandit.Allocation;
using Bandit.Allocation.AutoPromotion;
using Bandit.Contracts;

namespace Bandit.Replay.Simulation;

/// <summary>One simulated run: when (in decisions from the start) each promotion and rollback happened.</summary>
public sealed record AutoPromotionRun(int Seed, IReadOnlyList<long> Promotions, IReadOnlyList<long> Rollbacks, string? FirstWinner, string LastReason);

/// <summary>
/// Guarded auto-promotion (<see cref="PromotionRule"/>) over synthetic Bernoulli arms under Thompson sampling, the way
/// the Router runs it: arm i serves version i + 1 through its alias; the posterior snapshot is rebuilt every
/// <paramref name="RefreshEvery"/> decisions, the rule evaluated every <paramref name="EvaluateEvery"/> decisions on the
/// counts since the last (re)start, P(best) from the snapshot, the off-policy SNIPS of "always arm k" from the logged
/// propensities, and no sample-ratio mismatch (the simulated split is exact). A promotion moves the loser's alias to
/// the winner's version and starts a fresh experiment; so does a rollback. <paramref name="PromotedRate"/> (when given)
/// is the click rate the promoted version shows after its promotion: a regression the experiment could not see.
/// The clock advances one second per decision.
/// </summary>
public sealed record AutoPromotionSimulation(IReadOnlyList<double> Rates, AutoPromotionSettings Settings, int Horizon,
    int RefreshEvery = 100, int EvaluateEvery = 100, double? PromotedRate = null)
{
    public AutoPromotionRun Run(int seed)
    {
        var k = Rates.Count;
        var names = SyntheticArmNames.For(k);
        var config = new RouterConfig(StrategyNames.Thompson, [.. names.Select(n => new ArmConfig(n, n, n, 1.0 / k))], BetaPrior.Uniform, $"auto-{seed}");
        var version = Enumerable.Range(1, k).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var rate = version.Select((v, i) => (v, Rates[i])).ToDictionary(x => x.v, x => x.Item2);
        var strategy = new ThompsonStrategy();
        var random = new SeededRandomSource(seed);
        var world = new Random(seed + 7_919);
        var (pulls, rewards, weights, weighted) = (new long[k], new double[k], new double[k], new double[k]);
        var state = PromotionState.Idle;
        var start = DateTimeOffset.UnixEpoch;
        long sinceReset = 0;
        PosteriorSnapshot Snapshot() => PosteriorSnapshot.Create(config, names.Select((n, i) => new ArmStats(n, pulls[i], pulls[i], rewards[i])));
        var snapshot = Snapshot();
        List<long> promotions = [], rollbacks = [];
        string? firstWinner = null;
        var lastReason = "not evaluated";
        for (long t = 0; t < Horizon; t++)
        {
            var choice = strategy.Choose(new DecisionContext(snapshot, $"u{t}", random));
            var a = choice.ArmIndex;
            var reward = world.NextDouble() < rate[version[a]] ? 1.0 : 0.0;
            pulls[a]++;
            rewards[a] += reward;
            weights[a] += 1 / choice.Propensity;
            weighted[a] += reward / choice.Propensity;
            sinceReset++;
            var (refresh, evaluate) = (sinceReset % RefreshEvery == 0, sinceReset % EvaluateEvery == 0);
            if (!refresh && !evaluate)
            {
                continue;
            }

            var current = Snapshot(); // the expensive part is P(best): one computation serves both
            snapshot = refresh ? current : snapshot;
            if (!evaluate)
            {
                continue;
            }

            var arms = names.Select((n, i) => new ArmEvidence(n, n, version[i], pulls[i], pulls[i], rewards[i], current.PBest[i])).ToArray();
            var snips = weights.Select((w, i) => w > 0 ? weighted[i] / w : double.NaN).ToArray();
            var step = PromotionRule.Evaluate(Settings, state, new PromotionObservation(sinceReset, start.AddSeconds(t), arms, SrmAlarm: false, snips));
            state = step.Next;
            lastReason = step.Reason;
            if (step.Move is not { } move)
            {
                continue;
            }

            version[names.ToList().IndexOf(move.Alias)] = move.ToVersion; // aliases are the arm names here
            if (step.Action == PromotionAction.Promote)
            {
                promotions.Add(t + 1);
                firstWinner ??= move.WinnerArm;
                if (PromotedRate is { } promoted)
                {
                    rate[move.ToVersion] = promoted;
                }
            }
            else
            {
                rollbacks.Add(t + 1);
            }

            Array.Clear(pulls);
            Array.Clear(rewards);
            Array.Clear(weights);
            Array.Clear(weighted);
            sinceReset = 0;
            snapshot = Snapshot();
        }

        return new AutoPromotionRun(seed, promotions, rollbacks, firstWinner, lastReason);
    }
}
