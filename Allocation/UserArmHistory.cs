namespace Bandit.Allocation;

/// <summary>
/// What one user did with each arm so far: how many of the arm's answers they did not click (<see cref="Misses"/>)
/// and clicked (<see cref="Hits"/>). The contextual strategy appends log(1 + misses_k), log(1 + hits_k) for every arm
/// k to the user's profile context (<see cref="Append"/>): a recommender tends to show a returning user nearly the
/// same list again, so an arm whose list this user ignored is a worse bet for them than its average, and one they
/// clicked a better one. Counts only what was observed (the chosen arm's reward). Mutable; owned by one caller.
/// </summary>
public sealed class UserArmHistory(int arms)
{
    public int[] Misses { get; } = new int[arms];

    public int[] Hits { get; } = new int[arms];

    /// <summary>The features this history adds for <paramref name="arms"/> arms.</summary>
    public static int Dimension(int arms) => 2 * arms;

    /// <summary>Feature names, e.g. <c>misses_PolicyA</c>, <c>hits_PolicyA</c>, … in arm order.</summary>
    public static IEnumerable<string> Names(IEnumerable<string> arms) => arms.SelectMany(a => new[] { "misses_" + a, "hits_" + a });

    /// <summary>The context of a user known only by their history: a bias 1 followed by this history's features (the
    /// Router's context, <see cref="ContextDimension"/> = 1 + 2K; see <see cref="ContextFrom"/>).</summary>
    public double[] Context() => Append([1.0]);

    /// <summary>The length of <see cref="Context"/> for <paramref name="arms"/> arms.</summary>
    public static int ContextDimension(int arms) => 1 + Dimension(arms);

    /// <summary>The history with these counts per arm (what a store read back), e.g. to build <see cref="Context"/>.</summary>
    public static UserArmHistory ContextFrom(IReadOnlyList<long> misses, IReadOnlyList<long> hits)
    {
        if (misses.Count != hits.Count)
        {
            throw new ArgumentException($"{misses.Count} miss counts but {hits.Count} hit counts.", nameof(hits));
        }

        var history = new UserArmHistory(misses.Count);
        for (var k = 0; k < misses.Count; k++)
        {
            history.Misses[k] = (int)Math.Clamp(misses[k], 0, int.MaxValue);
            history.Hits[k] = (int)Math.Clamp(hits[k], 0, int.MaxValue);
        }

        return history;
    }

    /// <summary>Counts the user's answer to <paramref name="arm"/>: a click when <paramref name="reward"/> &gt; 0.</summary>
    public void Observe(int arm, double reward)
    {
        if (reward > 0)
        {
            Hits[arm]++;
        }
        else
        {
            Misses[arm]++;
        }
    }

    /// <summary><paramref name="profile"/> followed by this history's features.</summary>
    public double[] Append(IReadOnlyList<double> profile)
    {
        var x = new double[profile.Count + Dimension(Misses.Length)];
        for (var i = 0; i < profile.Count; i++)
        {
            x[i] = profile[i];
        }

        for (var k = 0; k < Misses.Length; k++)
        {
            x[profile.Count + (2 * k)] = Math.Log(1 + Misses[k]);
            x[profile.Count + (2 * k) + 1] = Math.Log(1 + Hits[k]);
        }

        return x;
    }
}
