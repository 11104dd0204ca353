namespace Bandit.Allocation;

/// <summary>
/// An arm's exponentially forgotten evidence for discounted Thompson sampling: <see cref="Updates"/> and
/// <see cref="Rewards"/> are Σ w_s and Σ w_s·r_s over the rewards s received, with weight w_s = 2^(−(now − t_s)/h)
/// for half-life h, both as of <see cref="AtMs"/> (unix milliseconds). Forgetting is by time, not by a count of
/// decisions, so replicas that see different shares of the traffic agree: the state is decayed to the current time
/// before every reward is added and whenever it is read. The Router's Redis script does the same arithmetic with the
/// Redis server's clock.
/// </summary>
public readonly record struct DiscountedCounts(double Updates, double Rewards, long AtMs)
{
    /// <summary>No evidence yet.</summary>
    public static DiscountedCounts Empty => default;

    /// <summary>The weight of evidence <paramref name="elapsedMs"/> old: 2^(−elapsed/h); 1 for elapsed ≤ 0 (a clock step back forgets nothing).</summary>
    public static double Factor(double elapsedMs, double halfLifeSeconds) =>
        elapsedMs <= 0 ? 1.0 : double.Exp2(-elapsedMs / (1000.0 * halfLifeSeconds));

    /// <summary>The same evidence as seen at <paramref name="nowMs"/>.</summary>
    public DiscountedCounts DecayTo(long nowMs, double halfLifeSeconds)
    {
        if (Updates == 0 && Rewards == 0)
        {
            return new(0, 0, Math.Max(AtMs, nowMs));
        }

        var factor = Factor(nowMs - AtMs, halfLifeSeconds);
        return new(Updates * factor, Rewards * factor, Math.Max(AtMs, nowMs));
    }

    /// <summary>Decays to <paramref name="nowMs"/>, then adds one reward <paramref name="reward"/> in [0, 1] with weight 1.</summary>
    public DiscountedCounts Add(double reward, long nowMs, double halfLifeSeconds)
    {
        var decayed = DecayTo(nowMs, halfLifeSeconds);
        return new(decayed.Updates + 1, decayed.Rewards + reward, decayed.AtMs);
    }
}
