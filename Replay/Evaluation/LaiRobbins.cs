namespace Bandit.Replay.Evaluation;

/// <summary>
/// The Lai–Robbins (1985) asymptotic lower bound for Bernoulli arms: any uniformly good policy has
/// liminf R(T) / ln T ≥ Σ_{i: Δ_i &gt; 0} Δ_i / KL(p_i, p*), so the reference curve is Σ Δ_i · ln T / KL(p_i, p*).
/// </summary>
public static class LaiRobbins
{
    /// <summary>KL(Bernoulli(p) ‖ Bernoulli(q)) in nats.</summary>
    public static double BernoulliKl(double p, double q)
    {
        static double Term(double a, double b) => a == 0 ? 0 : a * Math.Log(a / b);
        return Term(p, q) + Term(1 - p, 1 - q);
    }

    /// <summary>Σ Δ_i / KL(p_i, p*): the constant in front of ln T.</summary>
    public static double Constant(IReadOnlyList<double> rates)
    {
        var best = rates.Max();
        return rates.Where(p => p < best).Sum(p => (best - p) / BernoulliKl(p, best));
    }

    public static double Bound(IReadOnlyList<double> rates, int t) => t < 1 ? 0 : Constant(rates) * Math.Log(t);

    /// <summary>Auer, Cesa-Bianchi and Fischer (2002), Theorem 1: UCB1's expected regret after T plays is at most
    /// 8 Σ_{Δ_i &gt; 0} ln T / Δ_i + (1 + π²/3) Σ Δ_i.</summary>
    public static double Ucb1Bound(IReadOnlyList<double> rates, int t)
    {
        var best = rates.Max();
        var gaps = rates.Where(p => p < best).Select(p => best - p).ToArray();
        return (8 * gaps.Sum(d => Math.Log(t) / d)) + ((1 + (Math.PI * Math.PI / 3)) * gaps.Sum());
    }
}
