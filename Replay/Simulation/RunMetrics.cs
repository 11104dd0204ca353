namespace Bandit.Replay.Simulation;

/// <summary>
/// What one run achieved against the environment's best fixed arm (the arm with the largest total expected reward
/// over the horizon): cumulative reward, cumulative regret Σ_t (μ_t(best) − μ_t(a_t)) (pseudo-regret on synthetic
/// arms; exact full-information regret on the replay), the rolling share of the best arm (of the arm best at each step
/// when the environment drifts, <see cref="IRewardEnvironment.BestArmAt"/>) and the decisions until that share first
/// reaches 90%.
/// </summary>
public sealed record RunMetrics(double[] CumulativeRegret, double TotalReward, double[] BestArmShare, int? DecisionsTo90)
{
    public const int DefaultWindow = 200;
    public const double TargetShare = 0.9;

    public double FinalRegret => CumulativeRegret.Length == 0 ? 0 : CumulativeRegret[^1];

    /// <summary>The arm with the largest Σ_t μ_t(arm) (the first on a tie).</summary>
    public static int BestArm(IRewardEnvironment environment)
    {
        var best = 0;
        var bestTotal = double.NegativeInfinity;
        for (var a = 0; a < environment.ArmCount; a++)
        {
            var total = 0.0;
            for (var t = 0; t < environment.Horizon; t++)
            {
                total += environment.Mean(t, a);
            }

            if (total > bestTotal)
            {
                (best, bestTotal) = (a, total);
            }
        }

        return best;
    }

    public static RunMetrics Of(RunLog log, IRewardEnvironment environment, int bestArm, int window = DefaultWindow)
    {
        var regret = new double[log.Length];
        var share = new double[log.Length];
        var sum = 0.0;
        var inWindow = 0;
        int? reached = null;
        for (var t = 0; t < log.Length; t++)
        {
            sum += environment.Mean(t, bestArm) - environment.Mean(t, log.Arms[t]);
            regret[t] = sum;
            inWindow += log.Arms[t] == environment.BestArmAt(t, bestArm) ? 1 : 0;
            if (t >= window)
            {
                inWindow -= log.Arms[t - window] == environment.BestArmAt(t - window, bestArm) ? 1 : 0;
            }

            var size = Math.Min(t + 1, window);
            share[t] = (double)inWindow / size;
            // Only a full window counts: 9 of the first 10 decisions is not "90% of traffic".
            if (reached is null && t + 1 >= window && share[t] >= TargetShare)
            {
                reached = t + 1;
            }
        }

        return new RunMetrics(regret, log.Rewards.Sum(), share, reached);
    }
}
