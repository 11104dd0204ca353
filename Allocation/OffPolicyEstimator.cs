namespace Bandit.Allocation;

/// <summary>An off-policy estimate of a policy's value (mean reward per decision) with an approximate 95% interval
/// (±1.96 standard errors) and the effective sample size (Σw)² / Σw² of the importance weights.</summary>
public sealed record OffPolicyEstimate(string Method, double Value, double StandardError, double EffectiveSampleSize, int Matched)
{
    public double Lower95 => Value - (1.96 * StandardError);

    public double Upper95 => Value + (1.96 * StandardError);

    public bool Covers(double truth) => truth >= Lower95 && truth <= Upper95;
}

/// <summary>
/// Inverse propensity scoring of a target policy from a log of (arm, propensity, reward). The weight of decision t is
/// w_t = μ(a_t) / π_t, μ the target policy's probability of the logged arm: for "always <c>arm</c>" 1[a_t = arm],
/// for the uniform policy 1/K. IPS = (1/n) Σ w_t r_t, unbiased when π_t is the logging policy's true probability of
/// a_t. Self-normalised IPS = Σ w_t r_t / Σ w_t: slightly biased, far less variance. Standard errors are
/// cluster-robust when <c>clusters</c> are given (e.g. the user: the hash split assigns a user once, so all of a
/// user's decisions move together and a per-decision standard error is far too small): IPS √(Σ_g (Σ_{t∈g} (x_t −
/// IPS))²) / n, SNIPS (delta method) √(Σ_g (Σ_{t∈g} w_t (r_t − V))²) / Σ w. Without clusters every decision is its
/// own cluster. Pure functions shared by the replay simulator and the Router's live off-policy view.
/// </summary>
public static class OffPolicyEstimator
{
    /// <summary>Weights of the deterministic policy "always <paramref name="arm"/>".</summary>
    public static double[] Weights(IReadOnlyList<int> arms, IReadOnlyList<double> propensities, int arm) =>
        [.. arms.Select((a, t) => a == arm ? 1.0 / propensities[t] : 0.0)];

    /// <summary>Weights of the uniform policy over <paramref name="armCount"/> arms: (1/K) / π_t.</summary>
    public static double[] UniformWeights(IReadOnlyList<double> propensities, int armCount) =>
        [.. propensities.Select(p => 1.0 / (armCount * p))];

    public static OffPolicyEstimate Ips(IReadOnlyList<int> arms, IReadOnlyList<double> propensities, IReadOnlyList<double> rewards, int arm,
        IReadOnlyList<string>? clusters = null) =>
        Ips(Weights(arms, propensities, arm), rewards, clusters);

    public static OffPolicyEstimate SelfNormalised(IReadOnlyList<int> arms, IReadOnlyList<double> propensities, IReadOnlyList<double> rewards, int arm,
        IReadOnlyList<string>? clusters = null) =>
        SelfNormalised(Weights(arms, propensities, arm), rewards, clusters);

    /// <summary>IPS of any target policy given its importance weights.</summary>
    public static OffPolicyEstimate Ips(IReadOnlyList<double> w, IReadOnlyList<double> rewards, IReadOnlyList<string>? clusters = null)
    {
        var n = w.Count;
        if (n == 0)
        {
            return new OffPolicyEstimate("IPS", double.NaN, double.NaN, 0, 0);
        }

        var terms = w.Select((x, t) => x * rewards[t]).ToArray();
        var mean = terms.Average();
        var se = ClusteredSum([.. terms.Select(x => x - mean)], clusters) / n;
        return new OffPolicyEstimate("IPS", mean, se, Ess(w), w.Count(x => x > 0));
    }

    /// <summary>SNIPS of any target policy given its importance weights.</summary>
    public static OffPolicyEstimate SelfNormalised(IReadOnlyList<double> w, IReadOnlyList<double> rewards, IReadOnlyList<string>? clusters = null)
    {
        var sum = w.Sum();
        if (sum == 0)
        {
            return new OffPolicyEstimate("SNIPS", double.NaN, double.NaN, 0, 0);
        }

        var value = w.Select((x, t) => x * rewards[t]).Sum() / sum;
        var se = ClusteredSum([.. w.Select((x, t) => x * (rewards[t] - value))], clusters) / sum;
        return new OffPolicyEstimate("SNIPS", value, se, Ess(w), w.Count(x => x > 0));
    }

    /// <summary>√(Σ_g (Σ_{t∈g} u_t)²): the cluster-robust (CR0) scale of a sum of centred terms.</summary>
    private static double ClusteredSum(double[] u, IReadOnlyList<string>? clusters)
    {
        if (clusters is null)
        {
            return Math.Sqrt(u.Sum(x => x * x));
        }

        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var t = 0; t < u.Length; t++)
        {
            totals[clusters[t]] = totals.GetValueOrDefault(clusters[t]) + u[t];
        }

        return Math.Sqrt(totals.Values.Sum(x => x * x));
    }

    /// <summary>Kish's effective sample size (Σw)² / Σw²: how many uniformly weighted samples the estimate is worth.</summary>
    public static double Ess(IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var squares = weights.Sum(x => x * x);
        return squares == 0 ? 0 : sum * sum / squares;
    }
}
