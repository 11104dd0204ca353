using Bandit.Allocation;
using Bandit.Replay.Simulation;

namespace Bandit.Replay.Evaluation;

/// <summary>A Li et al. replay estimate: the policy's mean reward over the <paramref name="Matched"/> logged events it agreed with.</summary>
public sealed record LiEstimate(string Policy, double Value, int Matched, int Logged)
{
    /// <summary>The binomial standard error √(V(1−V)/matched).</summary>
    public double StandardError => Matched == 0 ? double.NaN : Math.Sqrt(Value * (1 - Value) / Matched);
}

/// <summary>
/// The replay method of Li, Chu, Langford and Wang (WSDM 2011): from a log where the arm was chosen uniformly at
/// random, stream the events to the policy under evaluation; when its choice equals the logged arm the event is
/// kept (the policy sees that reward and learns from it), otherwise it is discarded and the policy's state does
/// not change. The mean reward over kept events is an unbiased estimate of the policy's per-decision value (for
/// K arms about T/K events are kept).
/// </summary>
public static class LiReplayEstimator
{
    /// <summary>A uniform log over the environment: arm ~ U{0..K−1} from <paramref name="seed"/>, its observed reward.</summary>
    public static RunLog UniformLog(IRewardEnvironment environment, int seed)
    {
        var random = new Random(seed);
        var world = new Random(unchecked((seed * 7919) + 17));
        var n = environment.Horizon;
        var log = new RunLog("uniform", seed, new int[n], new double[n], new double[n]);
        for (var t = 0; t < n; t++)
        {
            var arm = random.Next(environment.ArmCount);
            log.Arms[t] = arm;
            log.Propensities[t] = 1.0 / environment.ArmCount;
            log.Rewards[t] = environment.Observe(t, arm, world.NextDouble());
        }

        return log;
    }

    /// <summary>Evaluates a fixed arm ("always <paramref name="arm"/>").</summary>
    public static LiEstimate FixedArm(RunLog uniformLog, int arm, string name)
    {
        var matched = 0;
        var sum = 0.0;
        for (var t = 0; t < uniformLog.Length; t++)
        {
            if (uniformLog.Arms[t] == arm)
            {
                matched++;
                sum += uniformLog.Rewards[t];
            }
        }

        return new LiEstimate(name, matched == 0 ? double.NaN : sum / matched, matched, uniformLog.Length);
    }

    /// <summary>Evaluates a learning strategy through the Router's snapshot machinery (snapshot rebuilt on every kept event).</summary>
    public static LiEstimate Strategy(RunLog uniformLog, IAllocationStrategy strategy, RouterConfig config, IRewardEnvironment environment, int seed)
    {
        var random = new SeededRandomSource(seed);
        var source = new ContextSource(environment, ContextKind.ProfileAndArmHistory);
        var learner = new BanditLearner(config, source.Dimension);
        var snapshot = learner.Snapshot(0);
        var matched = 0;
        var sum = 0.0;
        for (var t = 0; t < uniformLog.Length; t++)
        {
            // The clock runs with the logged events (one second each), kept or not, as it would in production.
            var now = t * BanditSimulator.MsPerDecision;
            var context = source.At(t);
            var arm = strategy.Choose(new DecisionContext(snapshot, environment.UserKey(t), random, Features: context)).ArmIndex;
            if (arm != uniformLog.Arms[t])
            {
                continue;
            }

            matched++;
            sum += uniformLog.Rewards[t];
            learner.Observe(arm, uniformLog.Rewards[t], now, context);
            source.Observe(t, arm, uniformLog.Rewards[t]);
            snapshot = learner.Snapshot(now);
        }

        return new LiEstimate(strategy.Name, matched == 0 ? double.NaN : sum / matched, matched, uniformLog.Length);
    }
}
