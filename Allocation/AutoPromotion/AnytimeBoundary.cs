namespace Bandit.Allocation.AutoPromotion;

/// <summary>
/// A time-uniform (anytime-valid) boundary for the difference of two arms' CTRs, so that a rule evaluated again and
/// again on a growing experiment keeps a stated false-promotion probability. Robbins' normal mixture: for a sum S_t of
/// t standardised increments, M_t = √(ρ/(t+ρ)) exp(S_t² / (2(t+ρ))) is a nonnegative supermartingale with M_0 = 1,
/// so by Ville's inequality P(∃t: M_t ≥ 1/α) ≤ α, i.e. P(∃t: |Z_t| ≥ b(t)) ≤ α with
/// b(t) = √((1 + ρ/t)(2 ln(1/α) + ln(1 + t/ρ))), Z_t = S_t/√t. Here Z is the unpooled two-proportion z statistic
/// and t its information n_w n_l / (n_w + n_l); with K arms, α is split over the K(K−1)/2 pairs (a union bound).
/// Approximate in that Bernoulli increments are standardised with estimated variances (normal approximation).
/// At α = 0.05 and ρ = 50: b = 8.2 at t = 5, 3.7 at t = 50, 3.3 at t = 100, 3.0 at t = 500, 3.3 at t = 5,000.
/// </summary>
public static class AnytimeBoundary
{
    public static double Boundary(double information, double alpha, double rho)
    {
        if (!(information > 0))
        {
            return double.PositiveInfinity;
        }

        return Math.Sqrt((1 + (rho / information)) * ((2 * Math.Log(1 / alpha)) + Math.Log(1 + (information / rho))));
    }

    /// <summary>The two-proportion z statistic of <paramref name="winner"/> over <paramref name="other"/> with the pooled
    /// variance p̄(1 − p̄)(1/n_w + 1/n_l) — the variance under the null of equal rates, which is what the bound is about
    /// (the unpooled one calls a starved arm with no click yet certain, and a tie was promoted 6 times in 40) — and its
    /// information n_w n_l / (n_w + n_l); (NaN, 0) when either arm has no rewarded decision or no arm a click (or a miss).</summary>
    public static (double Z, double Information) Z(ArmEvidence winner, ArmEvidence other)
    {
        if (winner.Updates <= 0 || other.Updates <= 0)
        {
            return (double.NaN, 0);
        }

        var pooled = (winner.Rewards + other.Rewards) / (winner.Updates + other.Updates);
        var variance = pooled * (1 - pooled) * ((1.0 / winner.Updates) + (1.0 / other.Updates));
        var information = (double)winner.Updates * other.Updates / (winner.Updates + other.Updates);
        return variance > 0 ? ((winner.Ctr - other.Ctr) / Math.Sqrt(variance), information) : (double.NaN, information);
    }

    /// <summary>True when <paramref name="winner"/> beats every other arm past the boundary at level
    /// <paramref name="alpha"/> split over the pairs.</summary>
    public static bool Beats(ArmEvidence winner, IReadOnlyList<ArmEvidence> arms, double alpha, double rho)
    {
        var pairs = arms.Count * (arms.Count - 1) / 2.0;
        return arms.Where(a => !ReferenceEquals(a, winner)).All(other =>
        {
            var (z, information) = Z(winner, other);
            return z >= Boundary(information, alpha / pairs, rho);
        });
    }
}
