using System.Collections.Concurrent;
using Bandit.Contracts;
using MathNet.Numerics.Distributions;

namespace Bandit.Allocation;

/// <summary>
/// Everything a decision needs, frozen: a validated config, per-arm stats (in arm order), Beta posteriors,
/// P(arm is best) computed once here (never per decision), the hash split's bucket layout and, for the contextual
/// strategy, the arms' linear posteriors. The posteriors are those of the config's strategy: over the discounted
/// sums for <see cref="StrategyNames.DiscountedThompson"/>, over all rewards otherwise.
/// The Router builds one from Redis counters and caches it briefly; the replay simulator builds one per step.
/// </summary>
public sealed class PosteriorSnapshot
{
    private readonly ConcurrentDictionary<ulong, double[]> _pBestWithout = new();

    private PosteriorSnapshot(RouterConfig config, ArmStats[] stats, LinearPosterior? linear)
    {
        Config = config;
        ExperimentKey = config.ExperimentKey;
        Stats = stats;
        Linear = linear;
        IsDiscounted = config.Strategy == StrategyNames.DiscountedThompson;
        var prior = config.Prior;
        Alpha = new double[stats.Length];
        Beta = new double[stats.Length];
        Means = new double[stats.Length];
        var posteriors = new ArmPosterior[stats.Length];
        for (var i = 0; i < stats.Length; i++)
        {
            var s = stats[i];
            var (updates, rewards) = IsDiscounted ? (s.DiscountedUpdates, s.DiscountedRewards) : (s.Updates, s.Rewards);
            Alpha[i] = prior.Alpha + rewards;
            Beta[i] = prior.Beta + Math.Max(0.0, updates - rewards);
            Means[i] = Alpha[i] / (Alpha[i] + Beta[i]);
            posteriors[i] = new ArmPosterior(
                s.Arm, Alpha[i], Beta[i], Means[i],
                MathNet.Numerics.Distributions.Beta.InvCDF(Alpha[i], Beta[i], 0.025),
                MathNet.Numerics.Distributions.Beta.InvCDF(Alpha[i], Beta[i], 0.975),
                s.Ctr);
        }

        Posteriors = posteriors;
        PBestArray = ProbabilityOfBest.Compute(Alpha, Beta, ArmMask.None, out var bound);
        PBestErrorBound = bound;
        Buckets = BucketLayout.From(config);
    }

    public RouterConfig Config { get; }

    /// <summary><see cref="RouterConfig.ExperimentKey"/>, computed once.</summary>
    public string ExperimentKey { get; }

    public int ArmCount => Stats.Count;

    /// <summary>Stats per arm, in the config's arm order (zeros for arms never seen).</summary>
    public IReadOnlyList<ArmStats> Stats { get; }

    public IReadOnlyList<ArmPosterior> Posteriors { get; }

    /// <summary>P(arm is best) per arm, in arm order; sums to 1 (within <see cref="PBestErrorBound"/> per arm).</summary>
    public IReadOnlyList<double> PBest => PBestArray;

    /// <summary>The quadrature's guaranteed bound on each <see cref="PBest"/> entry's error.</summary>
    public double PBestErrorBound { get; }

    /// <summary>The hash split's bucket ranges for this config's weights.</summary>
    public BucketLayout Buckets { get; }

    /// <summary>True when the posteriors are over the discounted sums (the strategy is discounted Thompson sampling).</summary>
    public bool IsDiscounted { get; }

    /// <summary>The arms' linear posteriors for the contextual strategy; null when the snapshot was built without them.</summary>
    public LinearPosterior? Linear { get; }

    internal double[] Alpha { get; }

    internal double[] Beta { get; }

    internal double[] Means { get; }

    internal double[] PBestArray { get; }

    /// <summary>
    /// Builds a snapshot. <paramref name="stats"/> are matched to arms by name (ordinal); arms without stats start
    /// at zero. <paramref name="linear"/>, one per arm in arm order, gives the contextual strategy its posteriors
    /// (ridge and scale from the config). Throws <see cref="ArgumentException"/> for an invalid config or
    /// inconsistent stats.
    /// </summary>
    public static PosteriorSnapshot Create(RouterConfig config, IEnumerable<ArmStats>? stats = null, IReadOnlyList<LinearArmStats>? linear = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid router config: " + string.Join(" ", errors), nameof(config));
        }

        var byArm = new ArmStats?[config.Arms.Count];
        foreach (var s in stats ?? [])
        {
            var index = IndexOf(config, s.Arm);
            if (index < 0)
            {
                throw new ArgumentException($"stats are given for arm '{s.Arm}', which is not an arm of experiment {config.ExperimentKey}.", nameof(stats));
            }

            if (byArm[index] is not null)
            {
                throw new ArgumentException($"stats for arm '{s.Arm}' are given twice.", nameof(stats));
            }

            Check(s);
            byArm[index] = s;
        }

        if (linear is not null && linear.Count != config.Arms.Count)
        {
            throw new ArgumentException($"linear statistics are given for {linear.Count} arms, the config has {config.Arms.Count}.", nameof(linear));
        }

        return new PosteriorSnapshot(
            config,
            [.. byArm.Select((s, i) => s ?? new ArmStats(config.Arms[i].Name, 0, 0, 0))],
            linear is null ? null : LinearPosterior.From(linear, config.LinearRidge, config.LinearExploration));
    }

    /// <summary>The arm's index, or -1.</summary>
    public int IndexOf(string arm) => IndexOf(Config, arm);

    /// <summary>The mask of the named arms (unknown names are ignored), e.g. the arms whose variant is down.</summary>
    public ArmMask MaskOf(IEnumerable<string> arms)
    {
        var mask = ArmMask.None;
        foreach (var arm in arms)
        {
            var index = IndexOf(arm);
            if (index >= 0)
            {
                mask = mask.With(index);
            }
        }

        return mask;
    }

    /// <summary>
    /// P(arm is best among the available arms), 0 for the unavailable ones. Computed on the first request for a
    /// mask and cached in this snapshot (an outage is rare, and the Router replaces snapshots every few seconds).
    /// </summary>
    public IReadOnlyList<double> ProbabilityOfBestWithout(ArmMask unavailable) => PBestWithout(unavailable);

    internal double[] PBestWithout(ArmMask unavailable) =>
        unavailable.IsEmpty
            ? PBestArray
            : _pBestWithout.GetOrAdd(unavailable.Bits, static (bits, s) => ProbabilityOfBest.Compute(s.Alpha, s.Beta, new ArmMask(bits), out _), this);

    private static int IndexOf(RouterConfig config, string arm)
    {
        for (var i = 0; i < config.Arms.Count; i++)
        {
            if (string.Equals(config.Arms[i].Name, arm, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Check(ArmStats s)
    {
        // Rewards are summed as doubles in Redis, so allow them to exceed Updates by rounding noise only.
        if (s.Pulls < 0 || s.Updates < 0 || !double.IsFinite(s.Rewards) || s.Rewards < 0 || s.Rewards > s.Updates + (1e-9 * Math.Max(1, s.Updates)))
        {
            throw new ArgumentException($"stats for arm '{s.Arm}' are inconsistent: pulls {s.Pulls}, updates {s.Updates}, rewards {s.Rewards} (need counts >= 0 and 0 <= rewards <= updates).", "stats");
        }

        if (!double.IsFinite(s.DiscountedUpdates) || !double.IsFinite(s.DiscountedRewards) || s.DiscountedRewards < 0
            || s.DiscountedRewards > s.DiscountedUpdates + (1e-9 * Math.Max(1, s.DiscountedUpdates)))
        {
            throw new ArgumentException($"discounted stats for arm '{s.Arm}' are inconsistent: updates {s.DiscountedUpdates}, rewards {s.DiscountedRewards} (need 0 <= rewards <= updates).", "stats");
        }
    }
}
